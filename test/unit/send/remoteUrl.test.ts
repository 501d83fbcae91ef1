import * as assert from 'node:assert/strict';
import { detectHostKind, encodePathSegment, parseRemoteUrl } from '../../../src/core/send/remoteUrl';
import { buildPermalink } from '../../../src/core/send/permalink';

const SHA = '0123456789abcdef0123456789abcdef01234567';

function parsed(url: string, hostKinds?: Record<string, 'github' | 'gitlab' | 'gitee' | 'bitbucket' | 'codeup'>) {
  const result = parseRemoteUrl(url, { hostKinds });
  assert.ok(result, `could not parse ${url}`);
  return result;
}

describe('send/remoteUrl', () => {
  describe('forms', () => {
    const forms: Array<[string, string, string, string]> = [
      // url, kind, owner, repo
      ['https://github.com/octo/hello.git', 'github', 'octo', 'hello'],
      ['https://github.com/octo/hello', 'github', 'octo', 'hello'],
      ['https://github.com/octo/hello/', 'github', 'octo', 'hello'],
      ['http://github.com/octo/hello.git', 'github', 'octo', 'hello'],
      ['git@github.com:octo/hello.git', 'github', 'octo', 'hello'],
      ['git@github.com:octo/hello', 'github', 'octo', 'hello'],
      ['ssh://git@github.com/octo/hello.git', 'github', 'octo', 'hello'],
      ['ssh://git@ssh.github.com:443/octo/hello.git', 'github', 'octo', 'hello'],
      ['git://github.com/octo/hello.git', 'github', 'octo', 'hello'],
      ['git+ssh://git@github.com/octo/hello.git', 'github', 'octo', 'hello'],
      ['https://GitHub.com/Octo/Hello.GIT', 'github', 'Octo', 'Hello'],
      ['https://gitlab.com/group/sub/deeper/proj.git', 'gitlab', 'group/sub/deeper', 'proj'],
      ['git@gitlab.com:group/sub/proj.git', 'gitlab', 'group/sub', 'proj'],
      ['ssh://git@gitlab.example.com:2222/team/proj.git', 'gitlab', 'team', 'proj'],
      ['https://gitee.com/oschina/git-osc.git', 'gitee', 'oschina', 'git-osc'],
      ['git@gitee.com:oschina/git-osc.git', 'gitee', 'oschina', 'git-osc'],
      ['https://bitbucket.org/team/repo.git', 'bitbucket', 'team', 'repo'],
      ['git@bitbucket.org:team/repo.git', 'bitbucket', 'team', 'repo'],
      ['https://codeup.aliyun.com/5f1a2b3c4d5e6f7a8b9c0d1e/backend/api/service.git', 'codeup', '5f1a2b3c4d5e6f7a8b9c0d1e/backend/api', 'service'],
      ['git@codeup.aliyun.com:5f1a2b3c4d5e6f7a8b9c0d1e/service.git', 'codeup', '5f1a2b3c4d5e6f7a8b9c0d1e', 'service'],
    ];
    for (const [url, kind, owner, repo] of forms) {
      it(`${url}`, () => {
        const r = parsed(url);
        assert.equal(r.kind, kind);
        assert.equal(r.owner, owner);
        assert.equal(r.repo, repo);
      });
    }

    it('web origin: https kept with a non-default port, ssh mapped to https without the ssh port', () => {
      assert.equal(parsed('https://gitlab.corp.example:8443/team/proj.git').webUrl, 'https://gitlab.corp.example:8443/team/proj');
      assert.equal(parsed('http://gitlab.local:8080/team/proj.git').webUrl, 'http://gitlab.local:8080/team/proj');
      assert.equal(parsed('https://github.com:443/octo/hello.git').webUrl, 'https://github.com/octo/hello');
      assert.equal(parsed('ssh://git@gitlab.example.com:2222/team/proj.git').webUrl, 'https://gitlab.example.com/team/proj');
      assert.equal(parsed('ssh://git@ssh.github.com:443/octo/hello.git').webUrl, 'https://github.com/octo/hello');
    });

    it('rejects local paths, file URLs and garbage', () => {
      for (const bad of ['', '   ', '/srv/git/repo.git', './repo', 'file:///srv/git/repo.git', 'C:\\src\\repo', 'C:/src/repo', 'ftp://host/a/b',
        'https://github.com/', 'https://github.com/onlyowner', 'not a url', 'https://exa mple.com/a/b', 'git@host:~user/repo.git']) {
        assert.equal(parseRemoteUrl(bad), undefined, bad);
      }
      assert.equal(parseRemoteUrl(undefined as unknown as string), undefined);
    });
  });

  describe('credentials are stripped', () => {
    const secrets = ['TOKEN123secret', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'hunter2', 'oauth2', 'x-access-token', 'alice'];
    const urls = [
      'https://oauth2:TOKEN123secret@gitlab.com/group/proj.git',
      'https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/octo/hello.git',
      'https://x-access-token:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/octo/hello.git',
      'https://alice:hunter2@bitbucket.org/team/repo.git',
      'https://alice@bitbucket.org/team/repo.git',
      'ssh://alice:hunter2@gitlab.example.com:2222/team/proj.git',
      'https://alice:hun@ter2@gitee.com/o/r.git',
    ];
    for (const url of urls) {
      it(url.replace(/\/\/.*@/, '//…@'), () => {
        const r = parsed(url);
        const text = JSON.stringify(r);
        for (const s of secrets) assert.ok(!text.includes(s), `${s} leaked: ${text}`);
        const link = buildPermalink({ remote: r, commit: SHA, path: 'a.ts', startLine: 1 });
        assert.ok(link);
        for (const s of secrets) assert.ok(!link.includes(s), `${s} leaked in ${link}`);
      });
    }
  });

  describe('host kinds', () => {
    it('well-known hosts, self-hosted GitLab by name, unknown hosts unclassified', () => {
      assert.equal(detectHostKind('github.com'), 'github');
      assert.equal(detectHostKind('GITLAB.COM'), 'gitlab');
      assert.equal(detectHostKind('gitlab.corp.example'), 'gitlab');
      assert.equal(detectHostKind('code.gitlab-ee.example'), 'gitlab');
      assert.equal(detectHostKind('gitee.com'), 'gitee');
      assert.equal(detectHostKind('bitbucket.org'), 'bitbucket');
      assert.equal(detectHostKind('codeup.aliyun.com'), 'codeup');
      assert.equal(detectHostKind('git.corp.example'), undefined);
      assert.equal(detectHostKind('github.corp.example'), undefined, 'GitHub Enterprise only when configured');
    });

    it('caller overrides map self-hosted instances (GitHub Enterprise, GitLab), by host or host:port', () => {
      const overrides = { 'GitHub.Corp.Example': 'github', 'git.corp.example:8443': 'gitlab', 'https://code.corp.example/': 'gitee' } as const;
      assert.equal(detectHostKind('github.corp.example', undefined, overrides), 'github');
      assert.equal(detectHostKind('git.corp.example', 8443, overrides), 'gitlab');
      assert.equal(detectHostKind('git.corp.example', 443, overrides), undefined);
      assert.equal(detectHostKind('code.corp.example', undefined, overrides), 'gitee');
      const ghe = parsed('git@github.corp.example:team/app.git', { 'github.corp.example': 'github' });
      assert.equal(ghe.kind, 'github');
      assert.equal(buildPermalink({ remote: ghe, commit: SHA, path: 'x.go', startLine: 3 }), `https://github.corp.example/team/app/blob/${SHA}/x.go#L3`);
      // An override can also reclassify a host that would otherwise look like GitLab.
      assert.equal(parsed('https://gitlab-mirror.example/o/r', { 'gitlab-mirror.example': 'github' }).kind, 'github');
    });

    it('a known host with an impossible shape gets no kind (and so no permalink)', () => {
      const r = parsed('https://github.com/octo/hello/tree/main');
      assert.equal(r.kind, undefined);
      assert.equal(buildPermalink({ remote: r, commit: SHA, path: 'a', startLine: 1 }), undefined);
      assert.equal(parsed('https://gitlab.com/group/proj/-/tree/main').kind, undefined);
      assert.equal(parsed('https://gitlab.com/group/sub/proj').kind, 'gitlab');
    });

    it('unknown hosts parse but are not classified', () => {
      const r = parsed('https://git.example.org/team/proj.git');
      assert.equal(r.kind, undefined);
      assert.equal(r.webUrl, 'https://git.example.org/team/proj');
    });

    it('percent-encoded and Unicode repository names round-trip through the web URL', () => {
      const r = parsed('https://gitee.com/%E5%BC%A0%E4%B8%89/my%20repo.git');
      assert.equal(r.owner, '张三');
      assert.equal(r.repo, 'my repo');
      assert.equal(r.webUrl, 'https://gitee.com/%E5%BC%A0%E4%B8%89/my%20repo');
      assert.equal(parseRemoteUrl('https://github.com/%E0%A4%A/repo'), undefined);
    });
  });

  it('encodePathSegment also encodes characters that break markdown links', () => {
    assert.equal(encodePathSegment('(group) page!*\'.tsx'), '%28group%29%20page%21%2A%27.tsx');
    assert.equal(encodePathSegment('a#b?c%d'), 'a%23b%3Fc%25d');
    assert.equal(encodePathSegment('\uD800x'), '%EF%BF%BDx');
  });
});
