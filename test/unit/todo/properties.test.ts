import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { classifyLine, findTodos } from '../../../src/core/todo/todoFinder';
import { STYLES } from '../../../src/core/todo/languages';
import { applyToLine, markerInsertion, removalEdit } from '../../../src/core/todo/marker';
import { normalisedTodoText, todoSourceId } from '../../../src/core/todo/sourceId';
import { parseTodoText } from '../../../src/core/todo/syntax';
import { resolveDue } from '../../../src/core/todo/dueDate';

const TAGS = ['TODO', 'FIXME'];
const styles = Object.values(STYLES);

/** Any UTF-16 code unit, lone surrogates included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Characters that matter to the lexer and the syntax. */
const tricky = fc.constantFrom(
  '\n', '\r\n', '\r', '\t', ' ', '"', "'", '`', '"""', "'''", '\\', '/', '*', '/*', '*/', '//', '#', '--', ';', '<!--', '-->', '{-', '-}', '%', '(', ')',
  '（', '）', ':', '：', ',', '，', '@', '!', '[dt:', ']', 'TODO', 'FIXME', 'TODONOW', 'due:', 'P1', '中', '😀', '\u0000', '\u2028', '[[', ']]', '<#', '#>',
);
const text = (max: number) => fc.oneof(fc.string({ unit: 'binary', maxLength: max }), fc.string({ unit: anyCodeUnit, maxLength: max }), fc.string({ unit: fc.oneof(tricky, fc.constantFrom('a', 'b', '1', 'x')), maxLength: max }));

/** A comment line with a TODO in some form of the syntax, written as a person would. */
const todoLine = fc
  .record({
    opener: fc.constantFrom('// ', '//', '/* ', '# ', '-- ', '<!-- ', ' * '),
    code: fc.constantFrom('', 'x = 1; ', '    ', 'foo(); '),
    tag: fc.constantFrom('TODO', 'FIXME'),
    meta: fc.oneof(
      fc.constant(''),
      fc.array(fc.oneof(fc.constantFrom('@alice', '@13800000000', '@张伟', '2026-12-01', 'P0', 'P3', 'tomorrow', '+3d', '周五', '!urgent', 'bob')), { maxLength: 4 }).map((a) => `(${a.join(', ')})`),
      fc.constantFrom('（@张伟，周五）'),
    ),
    sep: fc.constantFrom(':', '：', '', ' -'),
    lead: fc.array(fc.constantFrom('@alice', 'due:2026-12-01', '!urgent', 'due:tomorrow'), { maxLength: 3 }).map((a) => a.join(' ')),
    body: fc.string({ unit: fc.oneof(fc.constantFrom('a', 'b', ' ', '中', '😀', '.', '?', '(', ')', '1', '-', '@'), anyCodeUnit), maxLength: 30 }),
    closer: fc.constantFrom('', ' */', ' -->'),
  })
  .map((p) => {
    const style = p.opener.includes('#') ? STYLES.python : p.opener.includes('--') && !p.opener.includes('<') ? STYLES.sql : p.opener.includes('<!--') ? STYLES.html : STYLES.js;
    const closer = p.opener === '/* ' ? ' */' : p.opener === '<!-- ' ? ' -->' : '';
    const line = `${p.code}${p.opener}${p.tag}${p.meta}${p.sep}${p.lead ? ` ${p.lead}` : ''} ${p.body.replace(/[\r\n\u2028\u2029]/g, ' ')}${closer}`;
    return { line, style };
  });

describe('todo properties (fast-check)', function () {
  // Thousands of runs each; generous so a busy machine does not fail them.
  this.timeout(60_000);

  it('the finder never throws on any text, in any language family', () => {
    fc.assert(
      fc.property(text(300), fc.constantFrom(...styles), (t, style) => {
        const items = findTodos(t, style, TAGS);
        for (const i of items) {
          assert.ok(i.line >= 0 && i.column >= 0 && i.endColumn >= i.column + i.tag.length);
          assert.ok(i.insertColumn >= i.column + i.tag.length && i.insertColumn <= i.endColumn);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('line classification and the syntax parser never throw', () => {
    fc.assert(
      fc.property(text(200), fc.constantFrom(...styles), (t, style) => {
        classifyLine(t, style, TAGS);
        parseTodoText(t);
        resolveDue(t, new Date(2026, 0, 7));
      }),
      { numRuns: 3000 },
    );
  });

  it('a TODO found on a line alone is found the same way in the whole text (when certain)', () => {
    fc.assert(
      fc.property(todoLine, ({ line, style }) => {
        // Alone, ` * TODO` is taken to be inside a block comment (where such lines live); as a whole text it is not.
        fc.pre(!/^[ \t]*\*/.test(line));
        const alone = classifyLine(line, style, TAGS);
        const whole = findTodos(line, style, TAGS);
        if (!alone.ambiguous) assert.deepStrictEqual(alone.items.map((i) => [i.column, i.rest]), whole.map((i) => [i.column, i.rest]));
      }),
      { numRuns: 2000 },
    );
  });

  it('writing the marker and parsing again keeps the TODO the same, with the marker read back', () => {
    fc.assert(
      fc.property(todoLine, fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), ({ line, style }, taskId) => {
        const before = findTodos(line, style, TAGS);
        fc.pre(before.length === 1 && before[0].taskId === undefined);
        const item = before[0];
        const edit = markerInsertion(line, item, taskId);
        assert.ok(edit);
        const written = applyToLine(line, edit);
        const after = findTodos(written, style, TAGS);
        assert.equal(after.length, 1, written);
        const again = after[0];
        assert.equal(again.taskId, taskId, written);
        assert.equal(again.text, item.text, written);
        assert.deepStrictEqual([again.tag, again.assignees, again.bareWords, again.due, again.priority, again.problems], [item.tag, item.assignees, item.bareWords, item.due, item.priority, item.problems]);
        // Same identity: a retry after writing the marker finds the same to-do.
        assert.equal(normalisedTodoText(again), normalisedTodoText(item));
        assert.equal(todoSourceId('r', 'p', normalisedTodoText(again)), todoSourceId('r', 'p', normalisedTodoText(item)));
        // Writing again is a no-op, and the written line is stable under another parse.
        assert.equal(markerInsertion(written, again, taskId), undefined);
        assert.deepStrictEqual(findTodos(written, style, TAGS).map((i) => i.rest), [again.rest]);
      }),
      { numRuns: 3000 },
    );
  });

  it('removing a TODO leaves no TODO on its line', () => {
    fc.assert(
      fc.property(todoLine, fc.constantFrom('a();\n', '', '\n'), fc.constantFrom('\nb();', '', '\n'), ({ line, style }, before, after) => {
        const full = `${before}${line}${after}`;
        const items = findTodos(full, style, TAGS);
        fc.pre(items.length === 1);
        const lines = full.split('\n');
        const edit = removalEdit(items[0], lines.length, (n) => lines[n]);
        const offset = (p: { line: number; column: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.column;
        const result = full.slice(0, offset(edit.start)) + edit.newText + full.slice(offset(edit.end));
        assert.equal(findTodos(result, style, TAGS).length, 0, JSON.stringify(result));
        assert.ok(result.startsWith(before.replace(/\n$/, '')), 'text before is kept');
      }),
      { numRuns: 2000 },
    );
  });

  it('sourceIds never contain "/" and are stable', () => {
    fc.assert(
      fc.property(text(50), text(50), text(80), fc.nat(5), (repo, path, t, n) => {
        const id = todoSourceId(repo, path, t, n);
        assert.match(id, /^dt-[0-9a-f]{32}$/);
        assert.equal(todoSourceId(repo, path, t, n), id);
      }),
      { numRuns: 500 },
    );
  });
});
