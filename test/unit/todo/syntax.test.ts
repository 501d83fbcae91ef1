import * as assert from 'node:assert/strict';
import { formatDay, isDueToken, resolveDue } from '../../../src/core/todo/dueDate';
import { STYLES } from '../../../src/core/todo/languages';
import { parsePriority } from '../../../src/core/todo/priority';
import { parseTodoText } from '../../../src/core/todo/syntax';
import { classifyLine, findTodos } from '../../../src/core/todo/todoFinder';

const one = (line: string, tags = ['TODO', 'FIXME']) => {
  const items = findTodos(line, STYLES.js, tags);
  assert.equal(items.length, 1, `one TODO in ${JSON.stringify(line)}`);
  return items[0];
};

describe('todo syntax', () => {
  it('reads a plain TODO: text', () => {
    const i = one('// TODO: fix the race');
    assert.deepEqual([i.tag, i.text, i.assignees, i.due, i.priority], ['TODO', 'fix the race', [], undefined, undefined]);
  });

  it('reads TODO(@alice): text', () => {
    const i = one('// TODO(@alice): localise the greeting');
    assert.deepEqual([i.text, i.assignees], ['localise the greeting', ['alice']]);
  });

  it('reads TODO(@alice @13800000000, 2026-12-01, P1): text', () => {
    const i = one('// TODO(@alice @13800000000, 2026-12-01, P1): cache it');
    assert.deepEqual([i.text, i.assignees, i.due, i.priority], ['cache it', ['alice', '13800000000'], '2026-12-01', 30]);
  });

  it('reads TODO @alice due:2026-12-01 !urgent text', () => {
    const i = one('// TODO @alice due:2026-12-01 !urgent text here');
    assert.deepEqual([i.text, i.assignees, i.due, i.priority], ['text here', ['alice'], '2026-12-01', 30]);
  });

  it('reads leading metadata after the colon, and a colon glued to the last assignee', () => {
    assert.deepEqual(one('// TODO: @bob @lina fix it').assignees, ['bob', 'lina']);
    const i = one('// FIXME @bob: fix it');
    assert.deepEqual([i.assignees, i.text], [['bob'], 'fix it']);
  });

  it('reads full-width punctuation and Chinese relative dates', () => {
    const i = one('// TODO（@张伟，周五，P0）：修复登录');
    assert.deepEqual([i.text, i.assignees, i.due, i.priority], ['修复登录', ['张伟'], '周五', 40]);
  });

  it('keeps bare words in parentheses apart (Google style TODO(alice) and labels like b/123)', () => {
    const i = one('// TODO(alice, b/12345, #42): later');
    assert.deepEqual([i.assignees, i.bareWords, i.text], [[], ['alice'], 'later']);
  });

  it('maps P0–P3 and !priorities to DingTalk 40/30/20/10', () => {
    assert.deepEqual(['P0', 'P1', 'P2', 'P3', 'p1'].map((p) => one(`// TODO(${p}): x`).priority), [40, 30, 20, 10, 30]);
    assert.deepEqual(['!critical', '!urgent', '!normal', '!low', '!紧急'].map((p) => one(`// TODO ${p} x`).priority), [40, 30, 20, 10, 30]);
    assert.equal(parsePriority('P9'), undefined);
  });

  it('reports dates and priorities it does not understand, naming the token', () => {
    assert.deepEqual(one('// TODO due:someday x').problems, [{ kind: 'badDate', token: 'someday' }]);
    assert.deepEqual(one('// TODO(2026-13-45): x').problems, [{ kind: 'badDate', token: '2026-13-45' }]);
    assert.deepEqual(one('// TODO(P7): x').problems, [{ kind: 'badPriority', token: 'P7' }]);
  });

  it('treats !word that is not a priority as text, and words after the text as text', () => {
    const i = one('// TODO: !important remove @deprecated usages');
    assert.deepEqual([i.text, i.priority, i.assignees], ['!important remove @deprecated usages', undefined, []]);
  });

  it('reads the marker wherever it is and leaves it out of the text', () => {
    const i = one('// TODO(@alice): [dt:task86e6] fix it');
    assert.deepEqual([i.taskId, i.text], ['task86e6', 'fix it']);
    assert.equal(one('// TODO: fix it [dt:abc_1-2]').taskId, 'abc_1-2');
  });

  it('honours custom tags, longest first, case-sensitively', () => {
    const text = '// HACK: one\n// todo: not a tag\n// XXX: two\n// FIXMEPLEASE: not a whole word';
    assert.deepEqual(findTodos(text, STYLES.js, ['HACK', 'XXX', 'FIXME']).map((i) => i.tag), ['HACK', 'XXX']);
  });

  it('needs the tag to be the first word of the comment line', () => {
    assert.equal(findTodos('// NOTE: TODO later', STYLES.js, ['TODO']).length, 0);
    assert.equal(findTodos('/// TODO doc comment', STYLES.js, ['TODO']).length, 1);
    assert.equal(findTodos('/** @TODO jsdoc style */', STYLES.js, ['TODO']).length, 1);
    assert.equal(findTodos(' * TODO in a block', STYLES.js, ['TODO']).length, 0, 'not a comment without an opener');
  });

  it('treats Chinese right after the tag as a word boundary but not Latin letters or _', () => {
    assert.equal(one('// TODO修复').text, '修复');
    assert.equal(findTodos('// TODOS list', STYLES.js, ['TODO']).length, 0);
    assert.equal(findTodos('// TODO_LATER x', STYLES.js, ['TODO']).length, 0);
  });

  it('classifies scan lines on their own, asking for the whole file only when a line may sit in a block comment', () => {
    const star = classifyLine(' * TODO(@bob): document it', STYLES.js, ['TODO'], 41);
    assert.deepEqual([star.ambiguous, star.items.map((i) => [i.line, i.text, i.comment.kind])], [false, [[41, 'document it', 'block']]]);
    assert.deepEqual(classifyLine('    TODO: in a docstring?', STYLES.python, ['TODO']), { items: [], ambiguous: true });
    assert.deepEqual(classifyLine('\tTODO: in a Go block comment?', STYLES.go, ['TODO']), { items: [], ambiguous: true });
    assert.deepEqual(classifyLine('const s = "// TODO: a string";', STYLES.js, ['TODO']), { items: [], ambiguous: false });
    assert.deepEqual(classifyLine('TODO: no block comments in shell', STYLES.shell, ['TODO']), { items: [], ambiguous: false });
    assert.equal(classifyLine('x = 1  # TODO: yes', STYLES.python, ['TODO'], 7).items[0].line, 7);
  });

  it('parseTodoText never loses the text start for marker insertion', () => {
    const r = parseTodoText('(@a, P1):   do it');
    assert.equal('(@a, P1):   do it'.slice(r.textStart), 'do it');
  });
});

describe('todo due dates', () => {
  // Wednesday 2026-01-07, 10:30 local time.
  const now = new Date(2026, 0, 7, 10, 30);
  const day = (y: number, m: number, d: number, h = 23, min = 59) => new Date(y, m - 1, d, h, min).getTime();

  it('reads ISO dates as the end of that day, and ISO date-times exactly', () => {
    assert.equal(resolveDue('2026-12-01', now), day(2026, 12, 1));
    assert.equal(resolveDue('2026/12/01', now), day(2026, 12, 1));
    assert.equal(resolveDue('2026-12-01T18:30', now), day(2026, 12, 1, 18, 30));
    assert.equal(resolveDue('2026-02-30', now), undefined);
    assert.equal(resolveDue('2026-12-01T25:00', now), undefined);
  });

  it('reads relative dates against now', () => {
    assert.equal(resolveDue('today', now), day(2026, 1, 7));
    assert.equal(resolveDue('tomorrow', now), day(2026, 1, 8));
    assert.equal(resolveDue('明天', now), day(2026, 1, 8));
    assert.equal(resolveDue('后天', now), day(2026, 1, 9));
    assert.equal(resolveDue('+3d', now), day(2026, 1, 10));
    assert.equal(resolveDue('+2w', now), day(2026, 1, 21));
    assert.equal(resolveDue('+1m', new Date(2026, 0, 31)), day(2026, 2, 28));
    assert.equal(resolveDue('+3天', now), day(2026, 1, 10));
  });

  it('reads weekdays as the next such day (today counts), and 下周X as next week', () => {
    assert.equal(resolveDue('fri', now), day(2026, 1, 9));
    assert.equal(resolveDue('Friday', now), day(2026, 1, 9));
    assert.equal(resolveDue('周五', now), day(2026, 1, 9));
    assert.equal(resolveDue('星期三', now), day(2026, 1, 7));
    assert.equal(resolveDue('mon', now), day(2026, 1, 12));
    assert.equal(resolveDue('下周一', now), day(2026, 1, 12));
    assert.equal(resolveDue('下周五', now), day(2026, 1, 16));
    assert.equal(resolveDue('周日', now), day(2026, 1, 11));
  });

  it('knows what it does not know', () => {
    for (const s of ['someday', 'next week', '2026-1', '+3y', '周八']) assert.equal(isDueToken(s), false, s);
    assert.equal(formatDay(day(2026, 3, 4)), '2026-03-04');
  });
});
