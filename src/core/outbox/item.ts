/**
 * The outbox item model and its (de)serialisation.
 *
 * An item is one message the user asked to send, persisted as one JSON file. Payload kinds are a tagged union:
 * later features (images, files, to-do notices) add a kind here and a delivery policy in `policy.ts`. A file
 * written by a newer version of the extension (another window may run one) can carry a kind this version does
 * not know: it is parsed and kept, never delivered or quarantined here (see `isKnownPayloadKind`).
 */

import type { DingTalkError, DingTalkErrorKind } from '../dingtalk/errors';
import type { CustomRobotMessage } from '../dingtalk/messages';

/** Where an item is in its life. Mirrors the directory the file is in. */
export type OutboxItemState = 'queued' | 'sending' | 'failed';

/** A message for a custom robot, built (with its msgUuid, DingTalk's idempotency key) before it is queued. */
export interface CustomRobotPayload {
  readonly kind: 'customRobot';
  readonly message: CustomRobotMessage;
}

/** An app-robot group message (msgKey + msgParam JSON string). The API has no idempotency key. */
export interface AppRobotPayload {
  readonly kind: 'appRobot';
  readonly msgKey: string;
  readonly msgParam: string;
}

/** Everything the outbox can deliver. Add new kinds here and in `DEFAULT_PAYLOAD_POLICIES`. */
export type OutboxPayload = CustomRobotPayload | AppRobotPayload;

/** The payload kinds this version knows how to deliver. */
export type OutboxPayloadKind = OutboxPayload['kind'];

const KNOWN_KINDS: readonly string[] = ['customRobot', 'appRobot'] satisfies OutboxPayloadKind[];

/** True when this version of the extension knows how to deliver `kind`. */
export function isKnownPayloadKind(kind: string): kind is OutboxPayloadKind {
  return KNOWN_KINDS.includes(kind);
}

/** The last failure of an item, as persisted (a DingTalkError cannot be stored as is). */
export interface OutboxErrorInfo {
  readonly kind: DingTalkErrorKind;
  /** DingTalk's code, '' when the error was produced locally. */
  readonly code: string;
  /** English, already redacted (DingTalkError.message). */
  readonly message: string;
  readonly explanation?: string;
  readonly remedy?: string;
  readonly retryAfterMs?: number;
  /** When it happened (outbox clock, epoch ms). */
  readonly at: number;
  /**
   * The request may have reached DingTalk although it did not answer (timeout, dropped connection, window
   * closed mid-send) and the payload has no idempotency key: the message may already be in the group.
   */
  readonly maybeSent?: boolean;
}

/** One persisted outbox entry. */
export interface OutboxItem {
  /** A random UUID; the file name ends with it. */
  readonly id: string;
  /** The user's name for the destination (a configured robot / group). The host resolves it at send time. */
  readonly destination: string;
  /** Enqueue time (epoch ms, monotonic per process); with `seq` it orders the queue. */
  readonly createdAt: number;
  /** Tie-breaker for items created in the same millisecond by the same process. */
  readonly seq: number;
  readonly payload: OutboxPayload;
  /** Delivery attempts started so far (counted before each request, so an interrupted one counts too). */
  readonly attempts: number;
  /** Not before this time (backoff or DingTalk's retry-after), epoch ms. */
  readonly nextAttemptAt?: number;
  /** When the last attempt started (used to seed the rate limiter after a restart). */
  readonly lastAttemptAt?: number;
  readonly lastError?: OutboxErrorInfo;
  readonly state: OutboxItemState;
  /** Short human text for progress and lists (e.g. "main.ts:10-24"); never sent. */
  readonly label?: string;
}

/** Converts a DingTalkError to its persisted form. */
export function errorInfo(error: DingTalkError, at: number, maybeSent?: boolean): OutboxErrorInfo {
  const info: { -readonly [K in keyof OutboxErrorInfo]: OutboxErrorInfo[K] } = {
    kind: error.kind,
    code: error.code,
    message: error.message,
    explanation: error.explanation,
    remedy: error.remedy,
    at,
  };
  if (error.retryAfterMs !== undefined) info.retryAfterMs = error.retryAfterMs;
  if (maybeSent) info.maybeSent = true;
  return info;
}

/** Why a file could not be read as an item. */
export class InvalidItemError extends Error {
  override readonly name = 'InvalidItemError';
}

const STATES: readonly string[] = ['queued', 'sending', 'failed'];

/**
 * Parses a file's text into an item, checking the fields the outbox relies on. Throws {@link InvalidItemError}
 * for anything malformed (the caller quarantines the file). Payloads of unknown kinds are accepted as long as
 * they have a string `kind`.
 */
export function parseItem(text: string): OutboxItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidItemError(`not JSON (${(err as Error).message})`);
  }
  if (!isObject(value)) throw new InvalidItemError('not a JSON object');
  const v = value;
  requireString(v, 'id');
  requireString(v, 'destination');
  requireNumber(v, 'createdAt');
  requireNumber(v, 'seq');
  requireNumber(v, 'attempts');
  optionalNumber(v, 'nextAttemptAt');
  optionalNumber(v, 'lastAttemptAt');
  if (typeof v.state !== 'string' || !STATES.includes(v.state)) throw new InvalidItemError('bad "state"');
  if (v.label !== undefined && typeof v.label !== 'string') throw new InvalidItemError('bad "label"');
  if (!isObject(v.payload) || typeof v.payload.kind !== 'string' || v.payload.kind === '') throw new InvalidItemError('bad "payload"');
  checkPayload(v.payload);
  if (v.lastError !== undefined) {
    if (!isObject(v.lastError) || typeof v.lastError.kind !== 'string' || typeof v.lastError.message !== 'string') {
      throw new InvalidItemError('bad "lastError"');
    }
  }
  return value as unknown as OutboxItem;
}

/** Serialises an item for its file. */
export function serializeItem(item: OutboxItem): string {
  return `${JSON.stringify(item, null, 1)}\n`;
}

function checkPayload(payload: Record<string, unknown>): void {
  switch (payload.kind) {
    case 'customRobot': {
      const message = payload.message;
      if (!isObject(message) || typeof message.msgtype !== 'string') throw new InvalidItemError('customRobot payload without a message');
      if (typeof message.msgUuid !== 'string' || message.msgUuid === '') throw new InvalidItemError('customRobot message without msgUuid');
      return;
    }
    case 'appRobot':
      if (typeof payload.msgKey !== 'string' || payload.msgKey === '' || typeof payload.msgParam !== 'string') {
        throw new InvalidItemError('appRobot payload without msgKey/msgParam');
      }
      return;
    default:
      return; // a newer version's kind: kept as is
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(v: Record<string, unknown>, key: string): void {
  if (typeof v[key] !== 'string' || v[key] === '') throw new InvalidItemError(`bad "${key}"`);
}

function requireNumber(v: Record<string, unknown>, key: string): void {
  if (typeof v[key] !== 'number' || !Number.isFinite(v[key])) throw new InvalidItemError(`bad "${key}"`);
}

function optionalNumber(v: Record<string, unknown>, key: string): void {
  if (v[key] !== undefined) requireNumber(v, key);
}
