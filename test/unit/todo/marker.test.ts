import * as assert from 'node:assert/strict';
import { STYLES, CommentStyle } from '../../../src/core/todo/languages';
import { applyToLine, markerInsertion, removalEdit, TextEditSpec } from '../../../src/core/todo/marker';
import { findTodos } from '../../../src/core/todo/todoFinder';

const TAGS = ['TODO', 'FIXME'];

function insert(line: string, style: CommentStyle = STYLES.js, id = 'task1'): string {
  const [item] = findTodos(line, style, TAGS);
  const edit = markerInsertion(line, item, id);
  assert.ok(edit, `an edit for ${line}`);
  return applyToLine(line, edit);
}

/** Applies an edit to a whole text (multi-line ranges). */
function apply(text: string, edit: TextEditSpec): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; column: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.column;
  return text.slice(0, offset(edit.start)) + edit.newText + text.slice(offset(edit.end));
}

function remove(text: string, style: CommentStyle = STYLES.js, which = 0): string {
  const item = findTodos(text, style, TAGS)[which];
  const lines = text.split('\n');
  return apply(text, removalEdit(item, lines.length, (n) => lines[n]));
}

describe('todo marker write-back', () => {
  it('writes the marker where the text starts, in every form of the syntax', () => {
    assert.equal(insert('// TODO: fix it'), '// TODO: [dt:task1] fix it');
    assert.equal(insert('// TODO(@alice): fix it'), '// TODO(@alice): [dt:task1] fix it');
    assert.equal(insert('// TODO @alice due:2026-12-01 !urgent fix it'), '// TODO @alice due:2026-12-01 !urgent [dt:task1] fix it');
    assert.equal(insert('// TODO:fix it'), '// TODO: [dt:task1] fix it');
    assert.equal(insert('// TODO'), '// TODO [dt:task1]');
    assert.equal(insert('/* TODO: fix */'), '/* TODO: [dt:task1] fix */');
    assert.equal(insert('<!-- TODO: fix -->', STYLES.html), '<!-- TODO: [dt:task1] fix -->');
    assert.equal(insert('x = 1  # TODO（@张伟）：修复', STYLES.python), 'x = 1  # TODO（@张伟）： [dt:task1] 修复');
  });

  it('refuses to write a second marker or an id the marker cannot hold', () => {
    const line = '// TODO: [dt:a] fix';
    assert.equal(markerInsertion(line, findTodos(line, STYLES.js, TAGS)[0], 'b'), undefined);
    const plain = '// TODO: fix';
    assert.equal(markerInsertion(plain, findTodos(plain, STYLES.js, TAGS)[0], 'has/slash'), undefined);
  });

  it('removes a whole-line TODO with its line break', () => {
    assert.equal(remove('a();\n  // TODO: [dt:1] x\nb();'), 'a();\nb();');
    assert.equal(remove('a();\n// TODO: [dt:1] x'), 'a();');
  });

  it('removes a trailing TODO comment after code, keeping the code', () => {
    assert.equal(remove('a(); // TODO: [dt:1] x\nb();'), 'a();\nb();');
    assert.equal(remove('a(); /* TODO: x */ b();'), 'a(); b();');
  });

  it('removes only the TODO line inside a multi-line block comment', () => {
    assert.equal(remove('/**\n * Doc.\n * TODO: [dt:1] x\n */'), '/**\n * Doc.\n */');
    assert.equal(remove('/* TODO: [dt:1] x\n   more */'), '/* \n   more */');
  });

  it('removes a Python docstring TODO line and a hash comment', () => {
    assert.equal(remove('def f():\n    """Doc.\n\n    TODO: x\n    """\n', STYLES.python), 'def f():\n    """Doc.\n\n    """\n');
    assert.equal(remove('x = 1  # TODO: x\n', STYLES.python), 'x = 1\n');
  });
});
