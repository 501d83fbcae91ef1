import * as assert from 'node:assert/strict';
import { findMessageLinks, parsePermalink } from '../../../src/core/stream/messageLinks';

describe('stream: code locations in messages', () => {
  const paths = (text: string) => findMessageLinks(text).map((l) => [l.path, l.line, l.endLine]);

  it('finds path:line and path:line-end, in Chinese text too', () => {
    assert.deepEqual(paths('请看src/app.ts:12，还有 lib/x.py:3-9 和 ./a/b.c:7:3。'), [
      ['src/app.ts', 12, undefined],
      ['lib/x.py', 3, 9],
      ['a/b.c', 7, undefined],
    ]);
    assert.deepEqual(paths('README.md:1'), [['README.md', 1, undefined]]);
  });

  it('ignores versions, times, line 0 and paths inside URLs', () => {
    assert.deepEqual(paths('v1.0 at 3.5:2, foo.ts:0, 12:30, http://x.com/a.ts:3'), []);
  });

  it('reads the permalinks this extension sends (GitHub, GitLab, Gitee, Bitbucket)', () => {
    assert.deepEqual(parsePermalink('https://github.com/o/r/blob/abc1234/src/a%20b.ts#L10-L20'), { url: 'https://github.com/o/r/blob/abc1234/src/a%20b.ts#L10-L20', repo: 'r', path: 'src/a b.ts', line: 10, endLine: 20 });
    assert.deepEqual(parsePermalink('https://gitlab.com/g/sub/r/-/blob/0123abc/x/y.go#L5-9'), { url: 'https://gitlab.com/g/sub/r/-/blob/0123abc/x/y.go#L5-9', repo: 'r', path: 'x/y.go', line: 5, endLine: 9 });
    assert.equal(parsePermalink('https://gitee.com/o/r/blob/abc/p.ts#L4')?.line, 4);
    assert.deepEqual(parsePermalink('https://bitbucket.org/o/r/src/deadbeef/p/q.java#lines-3:4')?.endLine, 4);
    assert.equal(parsePermalink('https://github.com/o/r/blob/main/README.md')?.line, undefined, 'a file link without lines');
    assert.equal(parsePermalink('https://github.com/o/r/blob/main/../../etc/passwd'), undefined);
    assert.equal(parsePermalink('https://example.com/about'), undefined);
  });

  it('lists permalinks and paths in the order they appear', () => {
    const links = findMessageLinks('see https://github.com/o/r/blob/abc/src/a.ts#L2. and src/b.ts:5');
    assert.deepEqual(links.map((l) => l.text), ['https://github.com/o/r/blob/abc/src/a.ts#L2', 'src/b.ts:5']);
  });
});
