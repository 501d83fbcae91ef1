/**
 * How each payload kind is delivered safely: whether a repeat is harmless, which robot it counts against
 * for rate limiting, and what is checked before it is accepted into the outbox.
 */

import { DingTalkError } from '../dingtalk/errors';
import { APP_ROBOT_MSG_PARAM_LIMIT_BYTES, serializeCustomRobotMessage, utf8Bytes } from '../dingtalk/messages';
import type { OutboxItem, OutboxPayload, OutboxPayloadKind } from './item';
import type { RateLimit } from './rateWindow';

/** Delivery rules of one payload kind. */
export interface PayloadPolicy {
  /**
   * True when sending the same item twice cannot post it twice. The custom robot's `msgUuid` is DingTalk's
   * idempotency key; the app robot has none, so an app-robot item is never re-sent automatically once a
   * request may have reached DingTalk.
   */
  readonly idempotent: boolean;
  /** Messages per window per robot. */
  readonly rateLimit: RateLimit;
  /** The robot an item counts against; items with the same key share the limit. undefined: not limited. */
  rateKey(item: OutboxItem): string | undefined;
  /** Refuses a payload at enqueue time (throws a DingTalkError), so the user hears about it at once. */
  validate(payload: OutboxPayload): void;
}

/** DingTalk's custom-robot limit (docs §2.3) plus one second of margin for network latency, as the client does. */
export const CUSTOM_ROBOT_RATE_LIMIT: RateLimit = { limit: 20, windowMs: 61_000 };

/**
 * DingTalk documents no per-robot limit for app-robot group messages (docs §4.1, §10). The same 20 per minute
 * per group is assumed: conservative, and a burst of 50 still completes in under three minutes.
 */
export const APP_ROBOT_RATE_LIMIT: RateLimit = { limit: 20, windowMs: 61_000 };

/** The built-in policies. */
export const DEFAULT_PAYLOAD_POLICIES: Readonly<Record<OutboxPayloadKind, PayloadPolicy>> = {
  customRobot: {
    idempotent: true,
    rateLimit: CUSTOM_ROBOT_RATE_LIMIT,
    rateKey: (item) => `customRobot:${item.destination}`,
    validate: (payload) => {
      if (payload.kind !== 'customRobot') return;
      if (typeof payload.message?.msgUuid !== 'string' || payload.message.msgUuid === '') {
        throw invalid('message.msgUuid', 'The custom-robot message has no msgUuid.', 'Build it with the message builders (they set one).');
      }
      serializeCustomRobotMessage(payload.message); // size and field checks
    },
  },
  appRobot: {
    idempotent: false,
    rateLimit: APP_ROBOT_RATE_LIMIT,
    rateKey: (item) => `appRobot:${item.destination}`,
    validate: (payload) => {
      if (payload.kind !== 'appRobot') return;
      if (typeof payload.msgKey !== 'string' || payload.msgKey === '') throw invalid('msgKey', 'The app-robot message has no msgKey.', 'Build it with the message builders.');
      if (typeof payload.msgParam !== 'string') throw invalid('msgParam', 'The app-robot msgParam must be a JSON string.', 'Build it with the message builders.');
      const size = utf8Bytes(payload.msgParam);
      if (size > APP_ROBOT_MSG_PARAM_LIMIT_BYTES) {
        throw new DingTalkError({ kind: 'bodyTooLarge', details: { what: 'msgParam', size, limit: APP_ROBOT_MSG_PARAM_LIMIT_BYTES } });
      }
    },
  },
};

function invalid(parameter: string, explanation: string, remedy: string): DingTalkError {
  return new DingTalkError({ kind: 'invalidParameter', explanation, remedy, details: { parameter } });
}

/** Causes after which the request certainly never reached DingTalk (same list as the transport's). */
const NOT_DELIVERED_CAUSES = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;

/**
 * Whether DingTalk may have acted on a request that failed with `error`. A throttle or a refused connection
 * proves it did not; a timeout, a 5xx, a dropped connection or a cancellation mid-request do not.
 */
export function mayHaveReachedDingTalk(error: DingTalkError): boolean {
  switch (error.kind) {
    case 'rateLimited':
      return false;
    case 'network':
      return !NOT_DELIVERED_CAUSES.test(String(error.details.cause ?? ''));
    case 'timeout':
    case 'server':
    case 'cancelled':
    case 'unknown':
      return true;
    default:
      return false; // DingTalk answered with a definite refusal
  }
}

/** `details.reason` of the error reported for an item that may already have been posted. */
export const MAYBE_SENT_REASON = 'maybeSent';

/**
 * The error reported for a non-idempotent item whose request may have reached DingTalk (it is moved to
 * `failed/` instead of being re-sent, so the user decides). `details.reason` is {@link MAYBE_SENT_REASON};
 * `details.cause` is the original kind ('interrupted' when the window closed mid-send).
 */
export function maybeSentError(cause: DingTalkError | 'interrupted'): DingTalkError {
  const what = cause === 'interrupted'
    ? 'VS Code closed or reloaded while the message was being sent'
    : `the request failed after it was sent (${cause.kind})`;
  return new DingTalkError({
    kind: 'unknown',
    retryable: false,
    explanation: `The message may already have been posted: ${what}, and this robot cannot de-duplicate a second copy, so it was not sent again automatically.`,
    remedy: 'Check the group. If the message is missing, retry it from the outbox; otherwise discard it.',
    details: { reason: MAYBE_SENT_REASON, cause: cause === 'interrupted' ? 'interrupted' : cause.kind },
    cause: cause === 'interrupted' ? undefined : cause,
  });
}

/** True for the error of {@link maybeSentError}. */
export function isMaybeSentError(error: DingTalkError): boolean {
  return error.details.reason === MAYBE_SENT_REASON;
}
