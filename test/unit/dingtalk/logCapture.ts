/**
 * Run-wide capture for the redaction audit. Every test hands `captureLogger` to the clients it builds, marks
 * every secret it uses with `useSecret`, and routes thrown errors through `recordError` (or `expectDingTalkError`).
 * The final test (zzRedactionAudit.test.ts) and the root `after` hook below assert that no secret appears in
 * any captured line or error text.
 */
import * as assert from 'node:assert/strict';
import type { CoreLogger } from '../../../src/core/dingtalk/transport';
import { DingTalkError, DingTalkErrorKind } from '../../../src/core/dingtalk/errors';

/** Every log line emitted by the client during the run, prefixed with its level. */
export const capturedLines: string[] = [];
/** Every text of every error thrown at a test (message, stack, explanation, remedy, DingTalk message, details). */
export const capturedErrorTexts: string[] = [];
/** Every secret used anywhere in the run. */
export const usedSecrets = new Set<string>();

/** The logger every test passes to the client. */
export const captureLogger: CoreLogger = {
  debug: (m) => capturedLines.push(`debug ${m}`),
  info: (m) => capturedLines.push(`info ${m}`),
  warn: (m) => capturedLines.push(`warn ${m}`),
  error: (m) => capturedLines.push(`error ${m}`),
};

/** Marks `value` as a secret that must never be logged; returns it for inline use. */
export function useSecret<T extends string>(value: T): T {
  usedSecrets.add(value);
  return value;
}

/** Adds every text of a thrown value to the audit. */
export function recordError(err: unknown): void {
  if (err instanceof Error) {
    capturedErrorTexts.push(err.message, err.stack ?? '');
    if (err instanceof DingTalkError) {
      capturedErrorTexts.push(err.explanation, err.remedy, err.dingTalkMessage ?? '', JSON.stringify(err.details));
    }
  } else {
    capturedErrorTexts.push(String(err));
  }
}

/** Awaits a rejection, records it, asserts it is a DingTalkError (of `kind` when given) and returns it. */
export async function expectDingTalkError(promiseOrFn: Promise<unknown> | (() => unknown), kind?: DingTalkErrorKind): Promise<DingTalkError> {
  let thrown: unknown;
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown !== undefined, `expected a DingTalkError${kind ? ` of kind ${kind}` : ''}, but nothing was thrown`);
  recordError(thrown);
  assert.ok(thrown instanceof DingTalkError, `expected a DingTalkError, got ${String(thrown)}`);
  if (kind) assert.equal(thrown.kind, kind, `expected kind ${kind}, got ${thrown.kind}: ${thrown.message}`);
  return thrown;
}

/** Secrets found in texts: each secret is looked for raw and URL-encoded. */
export function findLeaks(texts: readonly string[], secrets: Iterable<string>): { secret: string; text: string }[] {
  const leaks: { secret: string; text: string }[] = [];
  for (const secret of secrets) {
    const forms = new Set([secret, encodeURIComponent(secret)]);
    for (const text of texts) {
      for (const form of forms) if (text.includes(form)) leaks.push({ secret, text });
    }
  }
  return leaks;
}

/** Throws when any captured line or error text contains a used secret. */
export function assertNoLeaks(): void {
  const leaks = findLeaks([...capturedLines, ...capturedErrorTexts], usedSecrets);
  assert.deepEqual(leaks.map((l) => `${l.secret.slice(0, 4)}… in: ${l.text.slice(0, 200)}`), [], 'secrets leaked into logs or errors');
}

// Root-level hook: runs once after every test of the run, whatever the file order.
after('redaction audit over the whole run', function () {
  assertNoLeaks();
});
