import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { CodeMessageInput, composeCodeMessage, Mention, RobotTarget } from '../../../src/core/send/codeMessage';
import { buildPermalink } from '../../../src/core/send/permalink';
import { parseRemoteUrl } from '../../../src/core/send/remoteUrl';
import { findLikelySecrets } from '../../../src/core/send/secretGuard';
import { planMessageSize } from '../../../src/core/send/sizePlan';
import { checkPlan } from './helpers';

const SHA = '0123456789abcdef0123456789abcdef01234567';

/** Any UTF-16 code unit, lone surrogates included: editors can hold them even if files should not. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Characters that stress the layout: newlines, backticks, tabs, quotes, escapes, CJK, emoji. */
const tricky = fc.constantFrom('\n', '\r\n', '\r', '`', '```', '~~~', '\t', ' ', '"', '\\', '中', '😀', '\u0000', '\u2028', '#', '*', '@', '|');

/** Arbitrary text; `size: 'max'` lets lengths spread up to `maxLength` instead of staying short. */
const unicodeText = (maxLength: number, size?: fc.SizeForArbitrary): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength, size }),
    fc.string({ unit: anyCodeUnit, maxLength, size }),
    fc.string({ unit: fc.oneof(tricky, fc.constantFrom('a', 'b', '1', '(', ')', ';')), maxLength, size }),
  );

const mention: fc.Arbitrary<Mention> = fc.record(
  { displayName: unicodeText(12), mobile: fc.option(fc.stringMatching(/^1[3-9]\d{9}$/), { nil: undefined }), userId: fc.option(unicodeText(10), { nil: undefined }) },
  { requiredKeys: ['displayName'] },
);

const target: fc.Arbitrary<RobotTarget> = fc.constantFrom('customRobot', 'appRobot');

function inputArbitrary(maxCode: number, maxMeta: number, codeSize?: fc.SizeForArbitrary): fc.Arbitrary<CodeMessageInput> {
  const snippet = fc.record({
    relativePath: unicodeText(maxMeta),
    languageId: unicodeText(Math.min(maxMeta, 12)),
    startLine: fc.integer({ min: -3, max: 100_000 }),
    endLine: fc.integer({ min: -3, max: 100_000 }),
    text: unicodeText(maxCode, codeSize),
  });
  return fc.record({
    target,
    snippets: fc.array(snippet, { maxLength: 3 }),
    note: fc.option(unicodeText(maxMeta), { nil: undefined }),
    mentions: fc.option(fc.array(mention, { maxLength: 3 }), { nil: undefined }),
    repo: fc.option(
      fc.record({
        branch: fc.option(unicodeText(10), { nil: undefined }),
        commit: fc.option(fc.constantFrom(SHA, 'abc', ''), { nil: undefined }),
        dirty: fc.boolean(),
        remote: fc.constantFrom(parseRemoteUrl('git@github.com:o/r.git'), parseRemoteUrl('https://gitlab.com/g/s/r'), undefined),
      }),
      { nil: undefined },
    ),
    labels: fc.option(fc.record({ lines: unicodeText(10), partOf: unicodeText(10), truncated: unicodeText(10) }, { requiredKeys: [] }), { nil: undefined }),
  });
}

describe('send: properties', () => {
  it('the composer never throws and always yields a non-empty title and markdown without CR', () => {
    fc.assert(
      fc.property(inputArbitrary(300, 40), (input) => {
        const m = composeCodeMessage(input);
        assert.ok(m.title.trim().length > 0);
        assert.ok(m.markdown.trim().length > 0);
        for (const s of m.snippets) {
          assert.ok(!s.code.includes('\r'));
          // The fence is longer than any backtick run in the code.
          const longest = Math.max(0, ...(s.code.match(/`+/g) ?? []).map((r) => r.length));
          assert.ok(m.layout.snippets[m.snippets.indexOf(s)].fence.length > longest);
        }
        if (input.target === 'appRobot') assert.deepEqual([m.atMobiles, m.atUserIds], [[], []]);
      }),
      { numRuns: 300 },
    );
  });

  it('the planner never throws; every option fits and split parts reassemble the code exactly', () => {
    let splits = 0;
    fc.assert(
      fc.property(inputArbitrary(2000, 16, 'max'), fc.integer({ min: 0, max: 4000 }), (input, limitBytes) => {
        const m = composeCodeMessage(input);
        const plan = planMessageSize(m, { limitBytes });
        checkPlan(m, plan);
        if (!plan.fits && plan.options.split) splits++;
      }),
      { numRuns: 200 },
    );
    assert.ok(splits > 10, `only ${splits} runs produced a split`);
  });

  it('with a small header, a split is always offered when the message does not fit', () => {
    const small = fc.record({
      target,
      snippets: fc.array(
        fc.record({
          relativePath: fc.constantFrom('a.ts', 'dir/文件.py', 'x y.md'),
          languageId: fc.constantFrom('typescript', 'python', 'markdown', ''),
          startLine: fc.integer({ min: 1, max: 50 }),
          endLine: fc.integer({ min: 1, max: 5000 }),
          text: unicodeText(6000, 'max'),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      mentions: fc.constant<Mention[]>([{ displayName: 'A', userId: 'u1' }]),
    });
    let splits = 0;
    fc.assert(
      fc.property(small, fc.integer({ min: 1200, max: 5000 }), (input, limitBytes) => {
        const m = composeCodeMessage(input);
        const plan = planMessageSize(m, { limitBytes });
        if (!plan.fits) {
          assert.ok(plan.options.split, 'split offered');
          assert.ok(plan.options.firstPart, 'firstPart offered');
          splits++;
        }
        checkPlan(m, plan);
      }),
      { numRuns: 150 },
    );
    assert.ok(splits > 20, `only ${splits} runs needed a split`);
  });

  it('remote parsing and permalinks never throw and never carry userinfo', () => {
    const secret = 'S3CRETpart';
    fc.assert(
      fc.property(
        fc.constantFrom('https://', 'http://', 'ssh://', 'git://', ''),
        unicodeText(12),
        fc.constantFrom('github.com', 'gitlab.com', 'gitee.com', 'bitbucket.org', 'codeup.aliyun.com', 'git.example.org'),
        fc.array(unicodeText(8), { maxLength: 4 }),
        unicodeText(30),
        (scheme, user, host, segments, path) => {
          const url = scheme ? `${scheme}${user}:${secret}@${host}/${segments.join('/')}` : `${user}@${host}:${segments.join('/')}`;
          const r = parseRemoteUrl(url);
          if (!r) return;
          assert.ok(!JSON.stringify(r).includes(secret));
          const link = buildPermalink({ remote: r, commit: SHA, path, startLine: 1, endLine: 2 });
          if (link) assert.ok(!link.includes(secret) && !/\s/.test(link));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the secret guard never throws and positions point at the reported value', () => {
    fc.assert(
      fc.property(unicodeText(500), (text) => {
        for (const f of findLikelySecrets(text)) {
          assert.ok(f.offset >= 0 && f.offset + f.length <= text.length);
          assert.ok(f.line >= 1 && f.column >= 1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
