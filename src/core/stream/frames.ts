/**
 * Stream Mode frames (docs/dingtalk-api.md §8.2): what DingTalk sends down the WebSocket and the exact shapes
 * of the answers it expects. Shapes follow the protocol document and what the official SDK produces, byte for
 * byte where the SDK was observed (ping echo, EVENT and CALLBACK ACKs).
 */

/** The callback topic that carries messages sent to the app's robot. */
export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';

export type FrameType = 'SYSTEM' | 'EVENT' | 'CALLBACK';

/** Frame headers. `messageId` identifies the frame (it is what every ACK names). */
export interface FrameHeaders {
  readonly topic?: string;
  readonly messageId?: string;
  readonly contentType?: string;
  /** Milliseconds since the epoch, sent as a string. */
  readonly time?: string;
  readonly eventId?: string;
  readonly eventType?: string;
  readonly [name: string]: string | undefined;
}

/** A frame from DingTalk. `data` is a JSON document in a string. */
export interface DownstreamFrame {
  readonly specVersion: string;
  readonly type: FrameType;
  readonly headers: FrameHeaders;
  readonly data: string;
}

/** What the client sends back. */
export interface AckFrame {
  readonly code: number;
  readonly headers: Record<string, string>;
  readonly message: string;
  readonly data: string;
}

/** EVENT outcome: SUCCESS, or LATER (= failed; DingTalk pushes the event again). */
export type EventStatus = 'SUCCESS' | 'LATER';

const TYPES: ReadonlySet<string> = new Set(['SYSTEM', 'EVENT', 'CALLBACK']);

/** Parses one text frame; undefined when it is not a frame we understand (it is then logged and ignored). */
export function parseFrame(text: string): DownstreamFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.type !== 'string' || !TYPES.has(v.type)) return undefined;
  if (!v.headers || typeof v.headers !== 'object' || Array.isArray(v.headers)) return undefined;
  const headers: Record<string, string> = {};
  // `time` arrives as a string but some servers send numbers; keep every scalar as text.
  for (const [k, h] of Object.entries(v.headers as Record<string, unknown>)) {
    if (typeof h === 'string' || typeof h === 'number' || typeof h === 'boolean') headers[k] = String(h);
  }
  const data = typeof v.data === 'string' ? v.data : v.data === undefined || v.data === null ? '' : JSON.stringify(v.data);
  return { specVersion: typeof v.specVersion === 'string' ? v.specVersion : '1.0', type: v.type as FrameType, headers, data };
}

/** Parses a frame's `data` as JSON; undefined when it is not JSON. */
export function frameData(frame: DownstreamFrame): unknown {
  try {
    return JSON.parse(frame.data);
  } catch {
    return undefined;
  }
}

/** SYSTEM ping → echo the same headers and data (the `opaque` value must come back unchanged). */
export function pingAck(ping: DownstreamFrame): AckFrame {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(ping.headers)) if (v !== undefined) headers[k] = v;
  return { code: 200, headers, message: 'OK', data: ping.data };
}

/** EVENT ACK: `{"status":"SUCCESS"|"LATER"}`. */
export function eventAck(messageId: string, status: EventStatus): AckFrame {
  return { code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data: JSON.stringify({ status }) };
}

/**
 * CALLBACK ACK. DingTalk ignores `response` for robot messages, so it is `null`. `code` 404 says "topic not
 * handled", 500 "failed" (docs §8.2).
 */
export function callbackAck(messageId: string, code: 200 | 404 | 500 = 200, response: unknown = null): AckFrame {
  const message = code === 200 ? 'OK' : code === 404 ? 'topic not found' : 'internal error';
  return { code, headers: { contentType: 'application/json', messageId }, message, data: JSON.stringify({ response }) };
}

/** Serialises an answer for the socket. */
export function serializeAck(ack: AckFrame): string {
  return JSON.stringify(ack);
}
