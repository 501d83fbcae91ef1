import * as assert from 'node:assert/strict';
import { buildTodoLink, parseTodoLink } from '../../../src/core/todo/deepLink';
import { STYLES } from '../../../src/core/todo/languages';
import { findSameTodo, normalisedTodoText, occurrenceOf, repositoryKey, todoSourceId } from '../../../src/core/todo/sourceId';
import { DESCRIPTION_MAX, todoDescription, todoDetailUrl, todoSubject } from '../../../src/core/todo/todoContent';
import { findTodos } from '../../../src/core/todo/todoFinder';
import { composeTodoMessage } from '../../../src/core/todo/todoMessage';

const TAGS = ['TODO', 'FIXME'];
const source = ['function f() {', '  const a = 1;', '  // TODO(@alice, 2026-12-01, P1): fix the rounding', '  return a;', '}'];

describe('todo content for DingTalk', () => {
  const item = findTodos(source.join('\n'), STYLES.js, TAGS)[0];

  it('uses the TODO text as the subject, and the place when there is no text', () => {
    assert.equal(todoSubject(item, 'src/a.ts'), 'fix the rounding');
    const bare = findTodos('// TODO', STYLES.js, TAGS)[0];
    assert.equal(todoSubject(bare, 'src/a.ts'), 'TODO src/a.ts:1');
    const long = findTodos(`// TODO: ${'长'.repeat(2000)}`, STYLES.js, TAGS)[0];
    assert.equal([...todoSubject(long, 'x')].length, 1024);
  });

  it('describes where it is: path, line, branch, commit, code around it, links', () => {
    const text = todoDescription({
      item,
      displayPath: 'src/a.ts',
      lineCount: source.length,
      lineAt: (n) => source[n],
      branch: 'main',
      commit: '0123456789abcdef0123456789abcdef01234567',
      permalink: 'https://github.com/o/r/blob/0123456789abcdef0123456789abcdef01234567/src/a.ts#L3',
      editorLink: 'vscode://vscode-dingtalk.vscode-dingtalk/todo?path=src%2Fa.ts&line=3',
    });
    assert.equal(
      text,
      [
        'src/a.ts:3',
        'Branch: main · Commit: 0123456',
        '',
        '  1 | function f() {',
        '  2 |   const a = 1;',
        '> 3 |   // TODO(@alice, 2026-12-01, P1): fix the rounding',
        '  4 |   return a;',
        '  5 | }',
        '',
        'View on the web: https://github.com/o/r/blob/0123456789abcdef0123456789abcdef01234567/src/a.ts#L3',
        'Open in VS Code: vscode://vscode-dingtalk.vscode-dingtalk/todo?path=src%2Fa.ts&line=3',
      ].join('\n'),
    );
  });

  it('shrinks the code excerpt to stay within 4096 characters', () => {
    const huge = Array.from({ length: 9 }, () => 'x'.repeat(5000));
    huge[4] = '// TODO: big';
    const big = findTodos(huge.join('\n'), STYLES.js, TAGS)[0];
    const text = todoDescription({ item: big, displayPath: 'a', lineCount: huge.length, lineAt: (n) => huge[n], editorLink: 'vscode://x/todo' });
    assert.ok([...text].length <= DESCRIPTION_MAX);
    assert.ok(text.includes('// TODO: big'));
  });

  it('fills both jump URLs: the editor link on the desktop, the web permalink on the phone', () => {
    assert.deepEqual(todoDetailUrl('vscode://e/todo', 'https://git/x'), { pcUrl: 'vscode://e/todo', appUrl: 'https://git/x' });
    assert.deepEqual(todoDetailUrl('vscode://e/todo', undefined), { pcUrl: 'vscode://e/todo', appUrl: 'vscode://e/todo' });
  });

  it('builds and reads editor links; refuses paths that escape', () => {
    const link = buildTodoLink('vscode', 'vscode-dingtalk.vscode-dingtalk', { path: 'src/购物车/a b.ts', line: 12, sourceId: `dt-${'a'.repeat(32)}` });
    const url = new URL(link);
    assert.equal(`${url.protocol}//${url.host}`, 'vscode://vscode-dingtalk.vscode-dingtalk');
    assert.deepEqual(parseTodoLink(url.pathname, url.search.slice(1)), { path: 'src/购物车/a b.ts', line: 12, sourceId: `dt-${'a'.repeat(32)}` });
    assert.equal(parseTodoLink('/todo', 'path=../etc/passwd&line=1'), undefined);
    assert.equal(parseTodoLink('/todo', 'path=a.ts&line=0'), undefined);
    assert.equal(parseTodoLink('/other', 'path=a.ts&line=1'), undefined);
  });

  it('derives sourceIds from repository, path and text, telling identical TODOs apart', () => {
    const key = repositoryKey({ host: 'github.com', owner: 'Org', repo: 'Repo' }, 'ignored');
    assert.equal(key, 'github.com/org/repo');
    assert.equal(repositoryKey(undefined, 'demo'), 'local:demo');
    const twice = findTodos('// TODO: handle errors\nx();\n// TODO:   handle errors', STYLES.js, TAGS);
    assert.equal(normalisedTodoText(twice[0]), normalisedTodoText(twice[1]));
    assert.deepEqual(twice.map((i) => occurrenceOf(twice, i)), [0, 1]);
    const ids = twice.map((i) => todoSourceId(key, 'src/a.ts', normalisedTodoText(i), occurrenceOf(twice, i)));
    assert.notEqual(ids[0], ids[1]);
    assert.notEqual(todoSourceId(key, 'src/a.ts', 'TODO:x'), todoSourceId(key, 'src/b.ts', 'TODO:x'));
    assert.equal(todoSourceId(key, 'src\\a.ts', 'TODO:x'), todoSourceId(key, '/src/a.ts', 'TODO:x'));
    for (const id of ids) assert.match(id, /^dt-[0-9a-f]{32}$/);
  });

  it('finds the TODO again by its text when the document changed while DingTalk answered', () => {
    const before = findTodos('// TODO: a\n// TODO: b\n// TODO: b', STYLES.js, TAGS);
    const target = before[2];
    const text = normalisedTodoText(target);
    const occurrence = occurrenceOf(before, target);
    const after = findTodos('x();\ny();\n// TODO: a\n// TODO:  b\n// TODO: [dt:t1] b', STYLES.js, TAGS);
    assert.equal(findSameTodo(after, target.line, text, occurrence)?.line, 4, 'lines moved: the second "b" by order');
    assert.equal(findSameTodo(after, 3, text, occurrence)?.line, 3, 'the same text still on the line wins');
    assert.equal(findSameTodo(findTodos('// TODO: c', STYLES.js, TAGS), 2, text, 0), undefined, 'gone');
  });

  it('composes the custom-robot message: labelled as a message, @mentions in the text and in at', () => {
    const m = composeTodoMessage({
      tag: 'TODO',
      subject: 'fix the rounding',
      displayPath: 'src/a.ts',
      line: 3,
      codeLine: source[2],
      languageId: 'typescript',
      mentions: [{ label: 'alice', userId: 'alice.chen', mobile: '13800000004' }, { label: '13800000002', mobile: '13800000002' }],
      due: '2026-12-01',
      priority: 30,
      editorLink: 'vscode://x/todo?path=src%2Fa.ts&line=3',
    });
    assert.equal(m.title, 'TODO: fix the rounding');
    assert.deepEqual([m.atUserIds, m.atMobiles], [['alice.chen'], ['13800000002']]);
    assert.ok(m.markdown.includes('*A message, not a tracked DingTalk to-do.*'));
    assert.ok(m.markdown.includes('For: @alice.chen (alice) @13800000002'));
    assert.ok(m.markdown.includes('Due: 2026-12-01  \nPriority: P1'));
    assert.ok(m.markdown.includes('```typescript\n// TODO(@alice, 2026-12-01, P1): fix the rounding\n```'));
  });
});
