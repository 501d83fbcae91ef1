import * as assert from 'node:assert/strict';
import {
  APP_ROBOT_MSG_PARAM_LIMIT_BYTES, CUSTOM_ROBOT_BODY_LIMIT_BYTES, markdownMessage, sampleMarkdown, serializeCustomRobotMessage, utf8Bytes,
} from '../../../src/core/dingtalk/messages';
import { CodeMessageInput, CodeSnippet, composeCodeMessage } from '../../../src/core/send/codeMessage';
import { parseRemoteUrl } from '../../../src/core/send/remoteUrl';
import { measureMessage, planMessageSize } from '../../../src/core/send/sizePlan';
import { checkPlan } from './helpers';

const SHA = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';
const REMOTE = parseRemoteUrl('https://github.com/acme/webapp.git');

function lines(n: number, make: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => make(i)).join('\n');
}

function input(text: string, extra: Partial<CodeMessageInput> = {}, snippet: Partial<CodeSnippet> = {}): CodeMessageInput {
  const count = text.split('\n').length;
  return {
    target: 'customRobot',
    snippets: [{ relativePath: 'src/big.ts', languageId: 'typescript', startLine: 1, endLine: count, text, ...snippet }],
    repo: { branch: 'main', commit: SHA, remote: REMOTE },
    ...extra,
  };
}

describe('send/sizePlan', () => {
  it('measures exactly what the real serialisers produce', () => {
    const m = composeCodeMessage(input('const a = "引号" + \'\\\\\';\n\tb();', { mentions: [{ displayName: 'A', userId: 'u1' }] }));
    const at = { atUserIds: ['u1'] };
    assert.equal(measureMessage(m, 'customRobot'), utf8Bytes(serializeCustomRobotMessage(markdownMessage(m.title, m.markdown, { at }))));
    assert.equal(measureMessage(m, 'appRobot'), utf8Bytes(sampleMarkdown(m.title, m.markdown).msgParam));
  });

  it('a small message fits as it is', () => {
    const m = composeCodeMessage(input('x();'));
    const plan = planMessageSize(m);
    assert.equal(plan.fits, true);
    assert.equal(plan.limit, CUSTOM_ROBOT_BODY_LIMIT_BYTES);
    if (!plan.fits) return;
    assert.equal(plan.message.markdown, m.markdown);
    assert.equal(plan.bytes, measureMessage(m, 'customRobot'));
    assert.equal(planMessageSize(composeCodeMessage({ ...input('x();'), target: 'appRobot' })).limit, APP_ROBOT_MSG_PARAM_LIMIT_BYTES);
  });

  it('at the limit fits; one byte over offers alternatives that all fit', () => {
    for (const target of ['customRobot', 'appRobot'] as const) {
      const m = composeCodeMessage(input(lines(60, (i) => `console.log(${i}, "第${i}行");`), { target }));
      const size = measureMessage(m, target);
      const exact = planMessageSize(m, { limitBytes: size });
      assert.equal(exact.fits, true, target);
      const over = planMessageSize(m, { limitBytes: size - 1 });
      assert.equal(over.fits, false);
      if (over.fits) return;
      assert.equal(over.bytes, size);
      assert.equal(over.limit, size - 1);
      assert.ok(over.options.firstPart && over.options.split);
      checkPlan(m, over);
      assert.equal(target === 'appRobot', over.options.file !== undefined);
    }
  });

  it('the real limits: 20,000-byte custom body and 15,000-byte app msgParam, every option within them', () => {
    const code = lines(1500, (i) => `  row(${i}, "值 ${i}", 'tab\there', \`tpl\`); // ${'x'.repeat(i % 40)}`);
    for (const target of ['customRobot', 'appRobot'] as const) {
      const m = composeCodeMessage(input(code, { target, note: 'Long one', mentions: [{ displayName: 'A', mobile: '13800000001' }] }));
      const plan = planMessageSize(m);
      assert.equal(plan.fits, false);
      if (plan.fits) continue;
      assert.equal(plan.limit, target === 'appRobot' ? 15_000 : 20_000);
      checkPlan(m, plan);
      const split = plan.options.split!;
      // Packed tightly: every part but the last is close to the limit.
      for (const part of split.slice(0, -1)) assert.ok(part.bytes > plan.limit * 0.9, `part ${part.index} only ${part.bytes} bytes`);
    }
  });

  it('split: part markers, note and mentions on the first part only, heading on every part', () => {
    const m = composeCodeMessage(input(lines(400, (i) => `line ${i} ${'—'.repeat(20)}`), {
      note: 'Please review',
      mentions: [{ displayName: 'Alice', userId: 'alice01' }, { displayName: '张三', mobile: '13800000001' }],
    }));
    const plan = planMessageSize(m, { limitBytes: 4000 });
    assert.equal(plan.fits, false);
    if (plan.fits) return;
    const split = plan.options.split!;
    checkPlan(m, plan);
    const k = split.length;
    assert.ok(k > 3);
    split.forEach((part, i) => {
      assert.equal(part.title, `big.ts:1-400 (Part ${i + 1}/${k})`);
      assert.ok(part.markdown.startsWith(`### big.ts:1-400\n\nPart ${i + 1}/${k}\n\n`));
      assert.equal(part.markdown.includes('Please review'), i === 0);
      assert.equal(part.markdown.includes('@alice01 @13800000001'), i === 0);
    });
    assert.deepEqual(split[0].atUserIds, ['alice01']);
    assert.deepEqual(split[0].atMobiles, ['13800000001']);
    // Pieces follow each other: line ranges are contiguous and in order.
    const ranges = split.flatMap((p) => p.pieces).map((p) => [p.startLine, p.endLine]);
    assert.equal(ranges[0][0], 1);
    assert.equal(ranges[ranges.length - 1][1], 400);
    for (let i = 1; i < ranges.length; i++) assert.equal(ranges[i][0], ranges[i - 1][1] + 1);
    // Each part links to its own lines.
    assert.ok(split[1].markdown.includes(`#L${ranges[1][0]}-L${ranges[1][1]})`));
  });

  it('@all is measured in the body and carried by the first part (and a cut message) only', () => {
    const m = composeCodeMessage(input(lines(400, (i) => `line ${i} ${'—'.repeat(20)}`), { mentionEveryone: true }));
    const fits = planMessageSize(composeCodeMessage(input('one();', { mentionEveryone: true })));
    assert.ok(fits.fits && fits.message.isAtAll);
    const plan = planMessageSize(m, { limitBytes: 4000 });
    if (plan.fits) return assert.fail('should not fit');
    checkPlan(m, plan);
    const split = plan.options.split!;
    assert.equal(split[0].isAtAll, true);
    assert.ok(split[0].markdown.includes('\n\n@all\n\n'));
    assert.equal(plan.options.firstPart!.isAtAll, true);
    assert.ok(split.slice(1).every((p) => !p.isAtAll && !p.markdown.includes('@all')));
  });

  it('firstPart: whole lines only, with "N more lines not sent"', () => {
    const m = composeCodeMessage(input(lines(300, (i) => `statement_${i}();`), { mentions: [{ displayName: 'A', userId: 'u1' }] }));
    const plan = planMessageSize(m, { limitBytes: 2500 });
    if (plan.fits) return assert.fail('should not fit');
    const first = plan.options.firstPart!;
    checkPlan(m, plan);
    assert.equal(first.pieces.length, 1);
    const sent = first.pieces[0].code;
    assert.ok(m.snippets[0].code.startsWith(sent));
    assert.ok(sent.endsWith('\n'), 'cut at a line boundary');
    assert.equal(first.sentLines, sent.split('\n').length - 1);
    assert.equal(first.sentLines + first.omittedLines, 300);
    assert.ok(first.markdown.endsWith(`\`\`\`\n\n${first.omittedLines} more lines not sent.`));
    assert.equal(first.title, m.title);
    assert.deepEqual(first.atUserIds, ['u1'], 'a single message keeps its mentions');
  });

  it('a line longer than a whole message is cut on a character boundary (CJK, emoji, escapes)', () => {
    const long = '😀中"\\\t'.repeat(3000);
    const m = composeCodeMessage(input(`before();\n${long}\nafter();`));
    const plan = planMessageSize(m, { limitBytes: 3000 });
    if (plan.fits) return assert.fail('should not fit');
    checkPlan(m, plan);
    const pieces = plan.options.split!.flatMap((p) => p.pieces);
    assert.ok(pieces.length > 5);
    for (const p of pieces) assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(p.code), 'no half surrogate pair');
    const middle = pieces.filter((p) => p.startLine === 2 && p.endLine === 2);
    assert.ok(middle.length > 2, 'the long line spans several parts');
    // firstPart with a line that does not fit at all: the beginning of that line, counted as not sent.
    const only = composeCodeMessage(input(long));
    const onlyPlan = planMessageSize(only, { limitBytes: 3000 });
    if (onlyPlan.fits) return assert.fail('should not fit');
    const first = onlyPlan.options.firstPart!;
    assert.equal(first.sentLines, 0);
    assert.equal(first.omittedLines, 1);
    assert.ok(only.snippets[0].code.startsWith(first.pieces[0].code));
    checkPlan(only, onlyPlan);
  });

  it('several snippets are packed in order; a part may hold the end of one and the start of the next', () => {
    const m = composeCodeMessage({
      target: 'appRobot',
      repo: { commit: SHA, remote: REMOTE },
      snippets: [
        { relativePath: 'a.ts', languageId: 'typescript', startLine: 10, endLine: 129, text: lines(120, (i) => `a${i}();`) },
        { relativePath: 'b.py', languageId: 'python', startLine: 1, endLine: 1, text: '   ' },
        { relativePath: 'c.md', languageId: 'markdown', startLine: 5, endLine: 84, text: lines(80, (i) => (i % 10 === 0 ? '```' : `text ${i}`)) },
      ],
    });
    const plan = planMessageSize(m, { limitBytes: 1800 });
    if (plan.fits) return assert.fail('should not fit');
    checkPlan(m, plan);
    const split = plan.options.split!;
    assert.ok(split.some((p) => new Set(p.pieces.map((x) => x.snippetIndex)).size > 1));
    assert.ok(split.some((p) => p.pieces.some((x) => x.snippetIndex === 1 && x.code === '')), 'an empty snippet still appears');
    // The file alternative carries all code with headers.
    const file = plan.options.file!;
    assert.equal(file.fileName, 'a-snippets.txt');
    assert.equal(file.archiveFileName, 'a-snippets.zip');
    assert.ok(file.text.startsWith('==> a.ts:10-129 <==\na0();\n'));
    assert.ok(file.text.includes('\n\n==> c.md:5-84 <==\n```\ntext 1\n'));
  });

  it('app robot: file alternative for a single snippet', () => {
    const m = composeCodeMessage({ ...input(lines(3000, (i) => `x${i}`)), target: 'appRobot' });
    const plan = planMessageSize(m);
    if (plan.fits) return assert.fail('should not fit');
    assert.deepEqual(plan.options.file, { text: m.snippets[0].code, fileName: 'big-L1-3000.ts', archiveFileName: 'big-L1-3000.zip' });
    const custom = planMessageSize(composeCodeMessage(input(lines(3000, (i) => `x${i}`))));
    assert.ok(!custom.fits && custom.options.file === undefined, 'the custom robot cannot send files');
  });

  it('when even the header cannot fit, no firstPart/split is offered (never a cut note)', () => {
    const m = composeCodeMessage({ ...input('x();'), target: 'appRobot', note: '长'.repeat(6000) });
    const plan = planMessageSize(m);
    if (plan.fits) return assert.fail('should not fit');
    assert.equal(plan.options.firstPart, undefined);
    assert.equal(plan.options.split, undefined);
    assert.ok(plan.options.file);
  });

  it('a text with more lines than its range says still plans within the limit', () => {
    const m = composeCodeMessage(input(lines(2000, (i) => `call(${i});`), {}, { startLine: 5, endLine: 6 }));
    const plan = planMessageSize(m, { limitBytes: 3000 });
    if (plan.fits) return assert.fail('should not fit');
    checkPlan(m, plan);
  });

  it('limitBytes is capped at the target limit', () => {
    const m = composeCodeMessage(input('x();'));
    const plan = planMessageSize(m, { limitBytes: 1_000_000 });
    assert.equal(plan.limit, CUSTOM_ROBOT_BODY_LIMIT_BYTES);
  });

  it('a 1 MB selection plans correctly (linear measuring)', () => {
    const code = lines(20_000, (i) => `const v${i} = compute(${i}, "数据", \`${'abc'.repeat(i % 7)}\`); // ${i}`);
    assert.ok(code.length > 1_000_000);
    for (const target of ['customRobot', 'appRobot'] as const) {
      const m = composeCodeMessage(input(code, { target, mentions: [{ displayName: 'A', userId: 'u1' }] }));
      const plan = planMessageSize(m);
      if (plan.fits) return assert.fail('should not fit');
      checkPlan(m, plan);
      assert.ok(plan.options.split!.length > 50);
    }
    // One 1 MB line.
    const line = 'ab中😀'.repeat(200_000);
    const one = composeCodeMessage(input(line));
    const plan = planMessageSize(one);
    if (plan.fits) return assert.fail('should not fit');
    checkPlan(one, plan);
  });

  it('is deterministic', () => {
    const m = composeCodeMessage(input(lines(500, (i) => `f(${i});`), { mentions: [{ displayName: 'A', mobile: '13800000001' }] }));
    assert.deepEqual(planMessageSize(m, { limitBytes: 3000 }), planMessageSize(m, { limitBytes: 3000 }));
  });
});
