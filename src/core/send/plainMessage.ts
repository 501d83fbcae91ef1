/**
 * A plain chat message ("DingTalk: Send Message…"): the user's text as DingTalk's `text` message, addressed the
 * same way as a code message (see `resolveMentions`), and measured the way DingTalk measures it.
 */

import {
  APP_ROBOT_MSG_PARAM_LIMIT_BYTES, CUSTOM_ROBOT_BODY_LIMIT_BYTES, sampleText, serializeCustomRobotMessage, textMessage, utf8Bytes,
} from '../dingtalk/messages';
import type { OutboxPayload } from '../outbox/item';
import { CodeMessageLabels, Mention, mergeLabels, normaliseNote, resolveMentions, RobotTarget } from './codeMessage';
import { atOf, SIZING_UUID } from './sizePlan';

export interface PlainMessageInput {
  text: string;
  mentions?: Mention[];
  mentionEveryone?: boolean;
  target: RobotTarget;
  labels?: Partial<CodeMessageLabels>;
  /** Bytes to keep free under the limit (a custom robot's keyword may be appended when sending). */
  reserveBytes?: number;
}

export interface PlainMessage {
  /** What the chat shows: the text, then the addressees on their own line. */
  content: string;
  atMobiles: string[];
  atUserIds: string[];
  isAtAll: boolean;
  /** Localised explanations for the host (who will be named but not notified). */
  warnings: string[];
  /** Size as DingTalk measures it, and the limit it is held to. */
  bytes: number;
  limit: number;
  fits: boolean;
}

export function composePlainMessage(input: PlainMessageInput): PlainMessage {
  const labels = mergeLabels(input.labels);
  const target: RobotTarget = input.target === 'appRobot' ? 'appRobot' : 'customRobot';
  const people = resolveMentions(input.mentions, input.mentionEveryone === true, target, labels);
  const text = normaliseNote(input.text);
  const content = [text, people.line].filter((part): part is string => Boolean(part)).join('\n\n');
  const ceiling = target === 'appRobot' ? APP_ROBOT_MSG_PARAM_LIMIT_BYTES : CUSTOM_ROBOT_BODY_LIMIT_BYTES;
  const limit = Math.max(0, ceiling - Math.max(0, Math.floor(input.reserveBytes ?? 0)));
  const message = { content, atMobiles: people.atMobiles, atUserIds: people.atUserIds, isAtAll: people.isAtAll };
  const bytes = content === '' ? 0 : measure(message, target);
  return { ...message, warnings: people.warnings, bytes, limit, fits: content !== '' && bytes <= limit };
}

/** The outbox payload for a composed message (the caller adds a custom robot's keyword). */
export function plainMessagePayload(message: PlainMessage, target: RobotTarget): OutboxPayload {
  if (target === 'appRobot') return { kind: 'appRobot', ...sampleText(message.content) };
  return { kind: 'customRobot', message: textMessage(message.content, { at: atOf(message) }) };
}

function measure(message: { content: string; atMobiles: string[]; atUserIds: string[]; isAtAll: boolean }, target: RobotTarget): number {
  // As `sampleText` builds msgParam, without its size check, so an oversized text can be measured too.
  if (target === 'appRobot') return utf8Bytes(JSON.stringify({ content: message.content }));
  const at = atOf(message);
  return utf8Bytes(serializeCustomRobotMessage(textMessage(message.content, { msgUuid: SIZING_UUID, ...(at ? { at } : {}) }), Number.POSITIVE_INFINITY));
}
