import * as assert from 'node:assert/strict';
import { IgnoreMatcher, parseGitignore } from '../../../src/core/share/gitignore';

/** Paths are relative to the matcher's root; `dir` marks a folder. */
function ignored(gitignore: string, path: string, dir = false, base = ''): boolean {
  return new IgnoreMatcher(parseGitignore(gitignore, base)).ignores(path, dir);
}

describe('gitignore matching', () => {
  it('skips comments and blank lines, and matches a plain name at any depth', () => {
    const rules = parseGitignore('# build output\n\n*.log\n');
    assert.equal(rules.length, 1);
    assert.ok(ignored('*.log', 'debug.log'));
    assert.ok(ignored('*.log', 'a/b/debug.log'));
    assert.ok(!ignored('*.log', 'debug.log.txt'));
    assert.ok(ignored('node_modules', 'packages/x/node_modules', true));
  });

  it('re-includes with "!" and lets the last matching rule win', () => {
    const text = '*.log\n!keep.log\n';
    assert.ok(ignored(text, 'a.log'));
    assert.ok(!ignored(text, 'sub/keep.log'));
    assert.ok(ignored('!keep.log\n*.log\n', 'keep.log'), 'a later rule overrides the negation');
  });

  it('matches "dir/" patterns only against folders', () => {
    assert.ok(ignored('build/', 'build', true));
    assert.ok(!ignored('build/', 'build', false), 'a file named build stays');
    assert.ok(ignored('build/', 'pkg/build', true), 'no other slash: any depth');
  });

  it('anchors patterns with a leading or middle slash to the .gitignore folder', () => {
    assert.ok(ignored('/todo.txt', 'todo.txt'));
    assert.ok(!ignored('/todo.txt', 'docs/todo.txt'));
    assert.ok(ignored('doc/frotz', 'doc/frotz'));
    assert.ok(!ignored('doc/frotz', 'a/doc/frotz'), 'a middle slash anchors too');
    assert.ok(ignored('doc/*.txt', 'doc/a.txt'));
    assert.ok(!ignored('doc/*.txt', 'doc/sub/a.txt'), '* does not cross /');
  });

  it('handles ** as leading, middle and trailing segments', () => {
    assert.ok(ignored('**/logs', 'logs', true));
    assert.ok(ignored('**/logs', 'a/b/logs', true));
    assert.ok(ignored('**/logs/debug.log', 'x/logs/debug.log'));
    assert.ok(ignored('a/**/b', 'a/b'));
    assert.ok(ignored('a/**/b', 'a/x/y/b'));
    assert.ok(!ignored('a/**/b', 'z/a/x/b'));
    assert.ok(ignored('abc/**', 'abc/x/y.txt'));
    assert.ok(!ignored('abc/**', 'abc', true), 'trailing /** matches what is inside, not the folder');
    assert.ok(ignored('foo**bar', 'fooxbar'), 'other ** are plain *');
    assert.ok(!ignored('foo**bar', 'foo/bar'));
  });

  it('supports ?, character classes and negated classes', () => {
    assert.ok(ignored('file?.txt', 'file1.txt'));
    assert.ok(!ignored('file?.txt', 'file10.txt'));
    assert.ok(ignored('*.[oa]', 'lib.a'));
    assert.ok(ignored('*.[oa]', 'main.o'));
    assert.ok(!ignored('*.[oa]', 'main.c'));
    assert.ok(ignored('[!a]*.md', 'b.md'));
    assert.ok(!ignored('[!a]*.md', 'a.md'));
    assert.ok(ignored('v[0-9].txt', 'v7.txt'));
    assert.ok(ignored('[', '['), 'an unterminated class is a literal [');
  });

  it('honours escapes: \\#, \\!, escaped trailing spaces; plain trailing spaces are dropped', () => {
    assert.ok(ignored('\\#notes', '#notes'));
    assert.ok(ignored('\\!important', '!important'));
    assert.ok(ignored('name   ', 'name'));
    assert.ok(ignored('name\\ ', 'name '));
    assert.ok(!ignored('name\\ ', 'name'));
    assert.ok(ignored('a\\*b', 'a*b'));
    assert.ok(!ignored('a\\*b', 'axb'));
  });

  it('matches Unicode names and names with spaces, CRLF files too', () => {
    assert.ok(ignored('草稿 *.md\r\n', '文档/草稿 第一版.md'));
    assert.ok(ignored('my notes/\r\n', 'my notes', true));
  });

  it('scopes a nested .gitignore to its folder, where its rules take precedence', () => {
    const matcher = new IgnoreMatcher(parseGitignore('*.txt\n')).with(parseGitignore('!keep.txt\n/local.md\n', 'docs'));
    assert.ok(matcher.ignores('a.txt', false));
    assert.ok(matcher.ignores('src/keep.txt', false), 'the nested rule does not apply outside docs/');
    assert.ok(!matcher.ignores('docs/keep.txt', false));
    assert.ok(!matcher.ignores('docs/sub/keep.txt', false));
    assert.ok(matcher.ignores('docs/local.md', false));
    assert.ok(!matcher.ignores('docs/sub/local.md', false), 'anchored to docs/');
    assert.ok(!matcher.ignores('local.md', false));
  });
});
