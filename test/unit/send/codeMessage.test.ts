import * as assert from 'node:assert/strict';
import {
  CodeMessageInput, CodeMessageLabels, composeCodeMessage, DEFAULT_CODE_MESSAGE_LABELS, fenceLanguageOf, fillLabel, normaliseCode,
} from '../../../src/core/send/codeMessage';
import { parseRemoteUrl } from '../../../src/core/send/remoteUrl';

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';
const GITHUB = parseRemoteUrl('git@github.com:acme/webapp.git');

const RETRY_SNIPPET = [
  '    async function fetchWithRetry(url: string, attempts = 3): Promise<Response> {',
  '      for (let i = 0; i < attempts; i++) {',
  '        const res = await fetch(url);',
  '        if (res.ok) return res;',
  '      }',
  "      throw new Error(`failed after ${attempts} attempts`);",
  '    }',
].join('\r\n');

function realistic(overrides: Partial<CodeMessageInput> = {}): CodeMessageInput {
  return {
    target: 'customRobot',
    snippets: [{ relativePath: 'src/net/retry.ts', languageId: 'typescript', startLine: 12, endLine: 18, text: RETRY_SNIPPET }],
    repo: { branch: 'feature/retry', commit: SHA, remote: GITHUB },
    note: 'Does this retry loop look right to you?\r\nIt never waits between attempts.',
    ...overrides,
  };
}

describe('send/codeMessage', () => {
  it('composes the exact markdown for a realistic snippet', () => {
    const m = composeCodeMessage(realistic());
    assert.equal(m.title, 'retry.ts:12-18');
    assert.equal(
      m.markdown,
      [
        '### retry.ts:12-18',
        '',
        'Does this retry loop look right to you?',
        'It never waits between attempts.',
        '',
        '`src/net/retry.ts` · Lines 12-18 · TypeScript',
        '',
        `Branch: \`feature/retry\` · Commit: \`9f8e7d6\` · [View on GitHub](https://github.com/acme/webapp/blob/${SHA}/src/net/retry.ts#L12-L18)`,
        '',
        '```typescript',
        'async function fetchWithRetry(url: string, attempts = 3): Promise<Response> {',
        '  for (let i = 0; i < attempts; i++) {',
        '    const res = await fetch(url);',
        '    if (res.ok) return res;',
        '  }',
        '  throw new Error(`failed after ${attempts} attempts`);',
        '}',
        '```',
      ].join('\n'),
    );
    assert.deepEqual(m.atMobiles, []);
    assert.deepEqual(m.atUserIds, []);
    assert.deepEqual(m.warnings, []);
    assert.equal(m.snippets[0].permalink, `https://github.com/acme/webapp/blob/${SHA}/src/net/retry.ts#L12-L18`);
    assert.ok(!/[ \t]$/m.test(m.markdown), 'no trailing whitespace on any line');
    assert.ok(!m.markdown.includes('\r'));
  });

  it('a dirty working tree adds a warning under the permalink', () => {
    const m = composeCodeMessage(realistic({ repo: { branch: 'main', commit: SHA, remote: GITHUB, dirty: true } }));
    assert.ok(m.markdown.includes(`#L12-L18)\n\n⚠️ ${DEFAULT_CODE_MESSAGE_LABELS.dirtyWarning}\n\n\`\`\`typescript\n`));
  });

  it('no permalink without a commit or with an unknown host; branch still shown', () => {
    const noCommit = composeCodeMessage(realistic({ repo: { branch: 'main', remote: GITHUB, dirty: true } }));
    assert.ok(!noCommit.markdown.includes('View on'));
    assert.ok(!noCommit.markdown.includes('⚠️'), 'the dirty warning is about the link; no link, no warning');
    assert.ok(noCommit.markdown.includes('Branch: `main`'));
    assert.equal(noCommit.snippets[0].permalink, undefined);
    const unknown = composeCodeMessage(realistic({ repo: { commit: SHA, remote: parseRemoteUrl('https://git.example.org/a/b') } }));
    assert.ok(unknown.markdown.includes('Commit: `9f8e7d6`'));
    assert.ok(!unknown.markdown.includes('View on'));
    const noRepo = composeCodeMessage(realistic({ repo: undefined }));
    assert.ok(noRepo.markdown.includes('`src/net/retry.ts` · Lines 12-18 · TypeScript\n\n```typescript\n'));
  });

  it('several snippets: title counts the others, each has its own block and permalink; per-snippet repo and repoPath', () => {
    const other = parseRemoteUrl('https://gitlab.com/acme/infra/deploy.git');
    const m = composeCodeMessage({
      target: 'customRobot',
      repo: { commit: SHA, remote: GITHUB },
      snippets: [
        { relativePath: 'src/a.ts', languageId: 'typescript', startLine: 3, endLine: 3, text: 'export const a = 1;' },
        { relativePath: 'web/b.tsx', repoPath: 'packages/web/b.tsx', languageId: 'typescriptreact', startLine: 7, endLine: 8, text: 'const B = () =>\n  <div/>;' },
        { relativePath: 'deploy.sh', languageId: 'shellscript', startLine: 1, endLine: 1, text: 'echo hi', repo: { commit: SHA, remote: other } },
      ],
    });
    assert.equal(m.title, 'a.ts:3 (+2 more)');
    assert.ok(m.markdown.startsWith('### a.ts:3 (+2 more)\n\n`src/a.ts` · Line 3 · TypeScript\n\n'));
    assert.ok(m.markdown.includes(`(https://github.com/acme/webapp/blob/${SHA}/src/a.ts#L3)`));
    assert.ok(m.markdown.includes(`(https://github.com/acme/webapp/blob/${SHA}/packages/web/b.tsx#L7-L8)`));
    assert.ok(m.markdown.includes(`[View on GitLab](https://gitlab.com/acme/infra/deploy/-/blob/${SHA}/deploy.sh#L1)`));
    assert.ok(m.markdown.includes('```tsx\nconst B = () =>\n  <div/>;\n```'));
    assert.ok(m.markdown.endsWith('```bash\necho hi\n```'));
    assert.equal(m.snippets.length, 3);
  });

  it('CRLF and lone CR become LF; trailing whitespace and blank edge lines go, shifting the line numbers', () => {
    const m = composeCodeMessage({
      target: 'appRobot',
      snippets: [{ relativePath: 'x.py', languageId: 'python', startLine: 10, endLine: 15, text: '\r\n  \r\ndef f():  \r\n\treturn 1\t\r\r\n' }],
    });
    assert.equal(m.snippets[0].code, 'def f():\n\treturn 1');
    assert.equal(m.snippets[0].startLine, 12);
    assert.equal(m.snippets[0].endLine, 13);
    assert.equal(m.title, 'x.py:12-13');
    assert.ok(!m.markdown.includes('\r'));
  });

  it('line numbers are kept when the text does not match the range', () => {
    assert.deepEqual(normaliseCode('\na\n', 5, 6), { code: 'a', startLine: 5, endLine: 6 });
    assert.deepEqual(normaliseCode('\na\n', 5, 7), { code: 'a', startLine: 6, endLine: 6 });
    assert.deepEqual(normaliseCode('  \n ', 4, 5), { code: '', startLine: 4, endLine: 4 });
  });

  it('strips the common indentation (spaces or tabs), keeps relative indentation and tabs', () => {
    assert.equal(normaliseCode('\t\tif (x) {\n\t\t\ty();\n\n\t\t}', 1, 4).code, 'if (x) {\n\ty();\n\n}');
    assert.equal(normaliseCode('    a\n  b\n      c', 1, 3).code, '  a\nb\n    c');
    // Mixed tab/space prefixes share only their common part.
    assert.equal(normaliseCode('\t  a\n\t b', 1, 2).code, ' a\nb');
    assert.equal(normaliseCode(' \tx\n\t y', 1, 2).code, ' \tx\n\t y');
  });

  it('code containing ``` gets a longer fence, so the message never breaks', () => {
    const text = 'Use:\n```js\nconsole.log(1)\n```\nor ````` five';
    const m = composeCodeMessage({ target: 'customRobot', snippets: [{ relativePath: 'README.md', languageId: 'markdown', startLine: 1, endLine: 5, text }] });
    assert.ok(m.markdown.endsWith(`\`\`\`\`\`\`markdown\n${text}\n\`\`\`\`\`\``));
    const tilde = composeCodeMessage({ target: 'customRobot', snippets: [{ relativePath: 'a.md', languageId: 'markdown', startLine: 1, endLine: 1, text: '~~~' }] });
    assert.ok(tilde.markdown.endsWith('```markdown\n~~~\n```'));
  });

  it('maps VS Code language ids to markdown fence names', () => {
    const cases: Array<[string, string]> = [
      ['typescriptreact', 'tsx'], ['javascriptreact', 'jsx'], ['shellscript', 'bash'], ['jsonc', 'json'], ['plaintext', ''],
      ['objective-c', 'objectivec'], ['python', 'python'], ['csharp', 'csharp'], ['cpp', 'cpp'], ['Go', 'go'], ['weird lang`', ''],
      ['dockercompose', 'yaml'],
    ];
    for (const [id, fence] of cases) assert.equal(fenceLanguageOf(id), fence, id);
  });

  describe('mentions', () => {
    const people = [
      { displayName: '张三', mobile: '13800000001' },
      { displayName: 'Alice', userId: 'alice01', mobile: '13800000002' },
      { displayName: 'Bob' },
      { displayName: 'Alice again', userId: 'alice01' },
    ];

    it('custom robot: @tokens in the text plus atMobiles/atUserIds (userId preferred); people without ids named', () => {
      const m = composeCodeMessage(realistic({ mentions: people }));
      assert.deepEqual(m.atMobiles, ['13800000001']);
      assert.deepEqual(m.atUserIds, ['alice01']);
      assert.ok(m.markdown.includes('It never waits between attempts.\n\n@13800000001 @alice01 · To: Bob\n\n`src/net/retry.ts`'));
      assert.deepEqual(m.unnotifiedMentions, ['Bob']);
      assert.deepEqual(m.warnings, ['No mobile number or userId for Bob: named in the message but not notified.']);
    });

    it('app robot: names in plain text, no at arrays, a warning that it cannot @', () => {
      const m = composeCodeMessage(realistic({ target: 'appRobot', mentions: people }));
      assert.deepEqual(m.atMobiles, []);
      assert.deepEqual(m.atUserIds, []);
      assert.ok(m.markdown.includes('It never waits between attempts.\n\nTo: 张三, Alice, Bob\n\n'));
      assert.ok(!m.markdown.includes('@'));
      assert.deepEqual(m.unnotifiedMentions, ['张三', 'Alice', 'Bob']);
      assert.deepEqual(m.warnings, ['The app robot cannot @-mention anyone: 张三, Alice, Bob will be named in the message but not notified.']);
    });

    it('@all: the custom robot notifies everyone (isAtAll) and says so first; the app robot only names it', () => {
      const custom = composeCodeMessage(realistic({ mentionEveryone: true, mentions: [people[1]] }));
      assert.equal(custom.isAtAll, true);
      assert.deepEqual(custom.atUserIds, ['alice01']);
      assert.ok(custom.markdown.includes('It never waits between attempts.\n\n@all @alice01\n\n`src/net/retry.ts`'));
      assert.deepEqual(custom.warnings, []);
      const zh = composeCodeMessage(realistic({ mentionEveryone: true, labels: { everyone: '@所有人' } }));
      assert.ok(zh.markdown.includes('\n\n@所有人\n\n'));

      const app = composeCodeMessage(realistic({ target: 'appRobot', mentionEveryone: true }));
      assert.equal(app.isAtAll, false);
      assert.ok(app.markdown.includes('\n\nTo: @all\n\n'));
      assert.deepEqual(app.warnings, ['The app robot cannot @-mention anyone: @all will be named in the message but not notified.']);
      assert.equal(composeCodeMessage(realistic()).isAtAll, false);
    });

    it('without a note the addressees come right after the heading', () => {
      const m = composeCodeMessage(realistic({ note: '  \r\n ', mentions: [{ displayName: 'A', userId: 'u1' }] }));
      assert.ok(m.markdown.startsWith('### retry.ts:12-18\n\n@u1\n\n`src/net/retry.ts`'));
    });
  });

  it('labels: every user-facing string can be replaced (简体中文)', () => {
    const zh: CodeMessageLabels = {
      line: '第 {0} 行',
      lines: '第 {0}-{1} 行',
      language: '语言：{0}',
      branch: '分支：{0}',
      commit: '提交：{0}',
      openPermalink: '在 {0} 上查看',
      dirtyWarning: '工作区有未提交的修改，链接中的代码可能与此不同。',
      partOf: '第 {0}/{1} 部分',
      truncated: '还有 {0} 行未发送。',
      to: '致：{0}',
      listSeparator: '、',
      moreSnippets: '（另 {0} 段）',
      untitled: '代码片段',
      mentionsUnsupported: '应用机器人无法 @ 人：{0} 只会以文字出现，不会收到提醒。',
      mentionsMissingId: '{0} 没有手机号或 userId，不会收到提醒。',
      everyone: '@所有人',
    };
    const m = composeCodeMessage(realistic({
      target: 'appRobot',
      labels: zh,
      mentions: [{ displayName: '张三' }, { displayName: '李四' }],
      repo: { branch: 'main', commit: SHA, remote: GITHUB, dirty: true },
      snippets: [
        { relativePath: 'src/net/retry.ts', languageId: 'typescript', startLine: 12, endLine: 18, text: RETRY_SNIPPET },
        { relativePath: 'b.ts', languageId: 'typescript', startLine: 2, endLine: 2, text: 'x' },
      ],
    }));
    assert.equal(m.title, 'retry.ts:12-18 （另 1 段）');
    assert.ok(m.markdown.includes('致：张三、李四'));
    assert.ok(m.markdown.includes('`src/net/retry.ts` · 第 12-18 行 · 语言：TypeScript'));
    assert.ok(m.markdown.includes('`b.ts` · 第 2 行 · 语言：TypeScript'));
    assert.ok(m.markdown.includes('分支：`main` · 提交：`9f8e7d6` · [在 GitHub 上查看]('));
    assert.ok(m.markdown.includes('⚠️ 工作区有未提交的修改'));
    assert.deepEqual(m.warnings, ['应用机器人无法 @ 人：张三、李四 只会以文字出现，不会收到提醒。']);
  });

  it('partial labels fall back to English; newlines in labels cannot break the layout', () => {
    const m = composeCodeMessage(realistic({ labels: { lines: 'L{0}\n–L{1}' } }));
    assert.ok(m.markdown.includes('· L12 –L18 ·'));
    assert.ok(m.markdown.includes('Branch: '));
  });

  it('fillLabel leaves unknown placeholders and is safe with $ patterns', () => {
    assert.equal(fillLabel('{0} and {1} and {2}', 'a$&', 2), 'a$& and 2 and {2}');
  });

  it('degenerate input still yields a sendable message', () => {
    const empty = composeCodeMessage({ target: 'customRobot', snippets: [] });
    assert.equal(empty.title, 'Code snippet');
    assert.equal(empty.markdown, '### Code snippet');
    const blank = composeCodeMessage({ target: 'customRobot', snippets: [{ relativePath: '', languageId: '', startLine: 0, endLine: -1, text: '' }] });
    assert.equal(blank.title, 'Code snippet:1');
    assert.ok(blank.markdown.includes('```\n\n```'));
  });
});
