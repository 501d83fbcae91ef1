import * as assert from 'node:assert/strict';
import { STYLES } from '../../../src/core/todo/languages';
import { findTodos } from '../../../src/core/todo/todoFinder';
import { groupTodos, TodoEntry } from '../../../src/core/todo/todoGroups';
import { TodoIndex } from '../../../src/core/todo/todoIndex';
import { statusOf, TaskSnapshot } from '../../../src/core/todo/todoStatus';

const parse = (text: string) => findTodos(text, STYLES.js, ['TODO', 'FIXME']);

describe('todo index', () => {
  it('tells listeners about files whose TODOs changed, and only those', () => {
    const index = new TodoIndex();
    const heard: string[][] = [];
    index.onDidChange((keys) => heard.push([...keys]));
    assert.equal(index.set('file:///a.ts', parse('// TODO: a\nx();')), true);
    assert.equal(index.set('file:///a.ts', parse('// TODO: a\nx(); y();')), false, 'an edit elsewhere in the file is no change');
    index.set('file:///b.ts', parse('// TODO: b1\n// FIXME: b2'));
    assert.equal(index.size, 3);
    index.rename('file:///b.ts', 'file:///c.ts');
    assert.deepEqual(index.get('file:///c.ts').map((i) => i.text), ['b1', 'b2']);
    index.replaceScope('file:///', new Map([['file:///d.ts', parse('// TODO: d')]]), (k) => k === 'file:///a.ts');
    assert.deepEqual([...index.keys()].sort(), ['file:///a.ts', 'file:///d.ts'], 'scan results replace the scope, open editors are kept');
    index.set('file:///dir/x.ts', parse('// TODO: x'));
    index.deleteUnder('file:///dir');
    assert.equal(index.get('file:///dir/x.ts').length, 0);
    assert.deepEqual(heard, [['file:///a.ts'], ['file:///b.ts'], ['file:///b.ts', 'file:///c.ts'], ['file:///c.ts', 'file:///d.ts'], ['file:///dir/x.ts'], ['file:///dir/x.ts']]);
    assert.equal(index.size, 2);
  });
});

describe('todo status and groups', () => {
  const now = new Date(2026, 5, 1, 12).getTime();
  const task = (over: Partial<TaskSnapshot>): TaskSnapshot => ({ taskId: 't', subject: 's', done: false, executorIds: [], syncedAt: now, ...over });

  it('is unassigned without a marker, done or overdue per DingTalk, else open', () => {
    const [plain, marked, dated] = parse('// TODO: a\n// TODO: [dt:t] b\n// TODO(2026-01-01): [dt:t] c');
    assert.equal(statusOf(plain, undefined, now), 'unassigned');
    assert.equal(statusOf(marked, undefined, now), 'open');
    assert.equal(statusOf(marked, task({ done: true }), now), 'done');
    assert.equal(statusOf(marked, task({ dueTime: now - 1 }), now), 'overdue');
    assert.equal(statusOf(marked, task({ dueTime: now + 1 }), now), 'open');
    assert.equal(statusOf(dated, undefined, now), 'overdue', 'before the first sync, an absolute date in the comment counts');
    assert.equal(statusOf(dated, task({}), now), 'open', 'after a sync, DingTalk decides');
  });

  it('groups by status, then assignee, with counts; "only mine" filters', () => {
    const items = parse('// TODO: a\n// TODO: [dt:1] b\n// TODO: [dt:2] c\n// TODO: [dt:3] d');
    const entries: TodoEntry[] = [
      { key: 'f', item: items[0], status: 'unassigned', assignees: [], mine: false },
      { key: 'f', item: items[1], status: 'open', assignees: ['alice', 'bob'], mine: true },
      { key: 'f', item: items[2], status: 'open', assignees: ['bob'], mine: false },
      { key: 'f', item: items[3], status: 'done', assignees: [], mine: false },
    ];
    const groups = groupTodos(entries);
    assert.deepEqual(groups.map((g) => [g.status, g.count]), [['unassigned', 1], ['open', 2], ['overdue', 0], ['done', 1]]);
    assert.deepEqual(groups[1].byAssignee.map((a) => [a.assignee, a.entries.length]), [['alice', 1], ['bob', 2]]);
    assert.deepEqual(groups[3].byAssignee.map((a) => a.assignee), ['']);
    const mine = groupTodos(entries, { onlyMine: true });
    assert.deepEqual(mine.map((g) => g.count), [0, 1, 0, 0]);
  });
});
