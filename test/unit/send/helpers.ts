import * as assert from 'node:assert/strict';
import { markdownMessage, sampleMarkdown, serializeCustomRobotMessage, utf8Bytes } from '../../../src/core/dingtalk/messages';
import { ComposedCodeMessage, RobotTarget } from '../../../src/core/send/codeMessage';
import { OutgoingMarkdown, SizePlan, SplitPart } from '../../../src/core/send/sizePlan';

/** Serialises an option with the real builders (random msgUuid) and checks it against the limit. */
export function realBytes(m: OutgoingMarkdown, target: RobotTarget, limit: number): number {
  if (target === 'appRobot') {
    const param = sampleMarkdown(m.title, m.markdown).msgParam;
    return utf8Bytes(param);
  }
  const at = m.atMobiles.length || m.atUserIds.length || m.isAtAll ? { atMobiles: m.atMobiles, atUserIds: m.atUserIds, ...(m.isAtAll ? { isAtAll: true } : {}) } : undefined;
  return utf8Bytes(serializeCustomRobotMessage(markdownMessage(m.title, m.markdown, at ? { at } : {}), limit));
}

/** Every option of a plan fits, by the real serialisers; split parts reassemble each snippet's code. */
export function checkPlan(message: ComposedCodeMessage, plan: SizePlan): void {
  const target = message.target;
  if (plan.fits) {
    assert.ok(realBytes(plan.message, target, plan.limit) <= plan.limit);
    return;
  }
  const { firstPart, split } = plan.options;
  if (firstPart) {
    assert.ok(realBytes(firstPart, target, plan.limit) <= plan.limit, 'firstPart over the limit');
    assert.equal(firstPart.bytes, realBytes(firstPart, target, plan.limit));
  }
  if (split) {
    assert.ok(split.length >= 2);
    split.forEach((part, i) => {
      assert.ok(realBytes(part, target, plan.limit) <= plan.limit, `part ${i + 1} over the limit`);
      assert.equal(part.bytes, realBytes(part, target, plan.limit));
      assert.equal(part.index, i + 1);
      assert.equal(part.count, split.length);
      if (i > 0) {
        assert.deepEqual(part.atMobiles, []);
        assert.deepEqual(part.atUserIds, []);
        assert.ok(!part.isAtAll, 'only the first part notifies everyone');
      }
      for (const piece of part.pieces) {
        const s = message.layout.snippets[piece.snippetIndex];
        const shown = piece.code.endsWith('\n') ? piece.code.slice(0, -1) : piece.code;
        assert.ok(part.markdown.includes(`${s.fence}${s.fenceLanguage}\n${shown}\n${s.fence}`), 'fenced block intact');
      }
    });
    assertReassembles(message, split);
  }
}

export function assertReassembles(message: ComposedCodeMessage, split: SplitPart[]): void {
  message.snippets.forEach((snippet, index) => {
    const joined = split.flatMap((p) => p.pieces).filter((p) => p.snippetIndex === index).map((p) => p.code).join('');
    assert.equal(joined, snippet.code, `snippet ${index} does not reassemble`);
  });
}

