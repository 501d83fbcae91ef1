/**
 * Custom-robot signing (加签), docs/dingtalk-api.md §2.1:
 *   stringToSign = timestamp + "\n" + secret
 *   sign = urlEncode(base64(HmacSHA256(key = secret, msg = stringToSign)))
 * The timestamp is epoch milliseconds and must be within one hour of DingTalk's clock, so a request is
 * signed afresh for every attempt.
 */

import { createHmac } from 'node:crypto';
import { redactor } from '../redact';

/** The query parameters a signed webhook request carries. `sign` is already URL-encoded (exactly once). */
export interface WebhookSignature {
  readonly timestamp: string;
  readonly sign: string;
}

/** base64(HmacSHA256(secret, timestamp + "\n" + secret)), not URL-encoded. Registers the result as a secret. */
export function computeSignatureBase64(secret: string, timestampMs: number): string {
  redactor.addSecret(secret);
  const base64 = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.from(`${timestampMs}\n${secret}`, 'utf8'))
    .digest('base64');
  redactor.addSecret(base64);
  return base64;
}

/** Signs for `timestampMs`; `sign` is URL-encoded once with encodeURIComponent, ready to append to a query. */
export function signWebhook(secret: string, timestampMs: number): WebhookSignature {
  if (!Number.isSafeInteger(timestampMs) || timestampMs <= 0) {
    throw new RangeError('The signing timestamp must be a positive integer number of milliseconds.');
  }
  const sign = encodeURIComponent(computeSignatureBase64(secret, timestampMs));
  redactor.addSecret(sign);
  return { timestamp: String(timestampMs), sign };
}

/**
 * Appends `&timestamp=…&sign=…` to a webhook URL. Built by string concatenation on purpose: passing the
 * already-encoded sign through URLSearchParams would encode its `%` again (the classic double-encoding bug).
 */
export function appendSignature(webhookUrl: string, signature: WebhookSignature): string {
  const separator = webhookUrl.includes('?') ? '&' : '?';
  return `${webhookUrl}${separator}timestamp=${signature.timestamp}&sign=${signature.sign}`;
}
