import * as assert from 'node:assert/strict';
import { buildPermalink, encodeRepoPath } from '../../../src/core/send/permalink';
import { parseRemoteUrl, ParsedRemote } from '../../../src/core/send/remoteUrl';

const SHA = '0123456789abcdef0123456789abcdef01234567';

function remote(url: string): ParsedRemote {
  const r = parseRemoteUrl(url);
  assert.ok(r);
  return r;
}

describe('send/permalink', () => {
  const cases: Array<[string, string, string, string]> = [
    // remote, range link, single-line link, Unicode/space path link
    [
      'git@github.com:octo/hello.git',
      `https://github.com/octo/hello/blob/${SHA}/src/app.ts#L10-L20`,
      `https://github.com/octo/hello/blob/${SHA}/src/app.ts#L10`,
      `https://github.com/octo/hello/blob/${SHA}/docs/%E4%BD%BF%E7%94%A8%20%E8%AF%B4%E6%98%8E/%23notes%20v2.md#L1-L2`,
    ],
    [
      'https://gitlab.com/group/sub/proj.git',
      `https://gitlab.com/group/sub/proj/-/blob/${SHA}/src/app.ts#L10-20`,
      `https://gitlab.com/group/sub/proj/-/blob/${SHA}/src/app.ts#L10`,
      `https://gitlab.com/group/sub/proj/-/blob/${SHA}/docs/%E4%BD%BF%E7%94%A8%20%E8%AF%B4%E6%98%8E/%23notes%20v2.md#L1-2`,
    ],
    [
      'https://gitee.com/oschina/git-osc.git',
      `https://gitee.com/oschina/git-osc/blob/${SHA}/src/app.ts#L10-20`,
      `https://gitee.com/oschina/git-osc/blob/${SHA}/src/app.ts#L10`,
      `https://gitee.com/oschina/git-osc/blob/${SHA}/docs/%E4%BD%BF%E7%94%A8%20%E8%AF%B4%E6%98%8E/%23notes%20v2.md#L1-2`,
    ],
    [
      'git@bitbucket.org:team/repo.git',
      `https://bitbucket.org/team/repo/src/${SHA}/src/app.ts#lines-10:20`,
      `https://bitbucket.org/team/repo/src/${SHA}/src/app.ts#lines-10`,
      `https://bitbucket.org/team/repo/src/${SHA}/docs/%E4%BD%BF%E7%94%A8%20%E8%AF%B4%E6%98%8E/%23notes%20v2.md#lines-1:2`,
    ],
    [
      'git@codeup.aliyun.com:5f1a2b3c4d5e6f7a8b9c0d1e/backend/service.git',
      `https://codeup.aliyun.com/5f1a2b3c4d5e6f7a8b9c0d1e/backend/service/blob/${SHA}/src/app.ts#L10-L20`,
      `https://codeup.aliyun.com/5f1a2b3c4d5e6f7a8b9c0d1e/backend/service/blob/${SHA}/src/app.ts#L10`,
      `https://codeup.aliyun.com/5f1a2b3c4d5e6f7a8b9c0d1e/backend/service/blob/${SHA}/docs/%E4%BD%BF%E7%94%A8%20%E8%AF%B4%E6%98%8E/%23notes%20v2.md#L1-L2`,
    ],
  ];

  for (const [url, range, single, unicode] of cases) {
    it(`${remote(url).kind}: range, single line, Unicode/space/# path`, () => {
      const r = remote(url);
      assert.equal(buildPermalink({ remote: r, commit: SHA, path: 'src/app.ts', startLine: 10, endLine: 20 }), range);
      assert.equal(buildPermalink({ remote: r, commit: SHA, path: 'src/app.ts', startLine: 10, endLine: 10 }), single);
      assert.equal(buildPermalink({ remote: r, commit: SHA, path: 'src/app.ts', startLine: 10 }), single);
      assert.equal(buildPermalink({ remote: r, commit: SHA, path: 'docs/使用 说明/#notes v2.md', startLine: 1, endLine: 2 }), unicode);
    });
  }

  it('normalises the path (backslashes, ./) and reversed ranges; lower-cases the commit', () => {
    const r = remote('https://github.com/octo/hello');
    assert.equal(
      buildPermalink({ remote: r, commit: SHA.toUpperCase(), path: '.\\src\\app.ts', startLine: 20, endLine: 10 }),
      `https://github.com/octo/hello/blob/${SHA}/src/app.ts#L10-L20`,
    );
  });

  it('no link rather than a wrong one', () => {
    const gh = remote('https://github.com/octo/hello');
    assert.equal(buildPermalink({ remote: remote('https://git.example.org/a/b'), commit: SHA, path: 'a.ts', startLine: 1 }), undefined, 'unknown host');
    assert.equal(buildPermalink({ remote: gh, commit: 'main', path: 'a.ts', startLine: 1 }), undefined, 'branch instead of commit');
    assert.equal(buildPermalink({ remote: gh, commit: '', path: 'a.ts', startLine: 1 }), undefined);
    assert.equal(buildPermalink({ remote: gh, commit: SHA, path: '', startLine: 1 }), undefined);
    assert.equal(buildPermalink({ remote: gh, commit: SHA, path: '../outside.ts', startLine: 1 }), undefined);
    assert.equal(buildPermalink({ remote: gh, commit: SHA, path: 'a.ts', startLine: 0 }), undefined);
    assert.equal(buildPermalink({ remote: gh, commit: SHA, path: 'a.ts', startLine: 1.5 }), undefined);
    assert.equal(buildPermalink({ remote: gh, commit: SHA, path: 'a.ts', startLine: 1, endLine: Number.NaN }), undefined);
  });

  it('a short commit id still links (it is unambiguous on the host)', () => {
    assert.equal(buildPermalink({ remote: remote('https://github.com/o/r'), commit: 'abc1234', path: 'a', startLine: 2 }), 'https://github.com/o/r/blob/abc1234/a#L2');
  });

  it('encodeRepoPath', () => {
    assert.equal(encodeRepoPath('app/(marketing)/page.tsx'), 'app/%28marketing%29/page.tsx');
    assert.equal(encodeRepoPath('/a//b/'), 'a/b');
    assert.equal(encodeRepoPath('a/../b'), undefined);
  });
});
