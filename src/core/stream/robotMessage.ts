/**
 * The robot message carried by a `/v1.0/im/bot/messages/get` CALLBACK (docs/dingtalk-api.md §8.3), read
 * defensively: every field is checked, unknown message types keep their name, and nothing is trusted to be
 * the documented type (`createAt` is documented as a string but sent as a number).
 */

/** A picture, file, voice or video in a message; only its kind and name are kept (the bytes need the app token). */
export interface Attachment {
  readonly kind: 'picture' | 'file' | 'audio' | 'video';
  /** File name, when DingTalk sends one. */
  readonly name?: string;
}

/** A message sent to the robot: an @-mention in a group, or a direct (1:1) message. */
export interface RobotMessage {
  /** DingTalk's (encrypted) message id: the de-duplication key. */
  readonly msgId: string;
  /** For a group, the openConversationId (`cid…`) the app robot sends to (docs §4.5). */
  readonly conversationId: string;
  readonly conversationType: 'group' | 'direct';
  readonly conversationTitle?: string;
  readonly senderNick: string;
  /** The sender's userId; empty for external users. */
  readonly senderStaffId?: string;
  readonly createAt: number;
  /** text, richText, picture, file, audio, video, or whatever DingTalk sent. */
  readonly msgtype: string;
  /** The readable text, trimmed (DingTalk leaves a space where the @-mention of the robot was). */
  readonly text: string;
  readonly attachments: readonly Attachment[];
  readonly robotCode?: string;
  /** Where a reply can be posted without authentication until `sessionWebhookExpiredTime`: treat as a secret. */
  readonly sessionWebhook?: string;
  readonly sessionWebhookExpiredTime?: number;
}

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Reads a robot callback's `data`; undefined when it lacks what identifies a message. */
export function parseRobotMessage(data: unknown, fallbackNow: number): RobotMessage | undefined {
  const d = obj(data);
  if (!d) return undefined;
  const msgId = str(d.msgId);
  const conversationId = str(d.conversationId);
  if (!msgId || !conversationId) return undefined;
  const msgtype = str(d.msgtype) ?? 'unknown';
  const { text, attachments } = readContent(msgtype, d);
  return {
    msgId,
    conversationId,
    conversationType: String(d.conversationType) === '1' ? 'direct' : 'group',
    ...(str(d.conversationTitle) ? { conversationTitle: str(d.conversationTitle) } : {}),
    senderNick: str(d.senderNick) ?? '',
    ...(str(d.senderStaffId) ? { senderStaffId: str(d.senderStaffId) } : {}),
    createAt: num(d.createAt) ?? fallbackNow,
    msgtype,
    text,
    attachments,
    ...(str(d.robotCode) ? { robotCode: str(d.robotCode) } : {}),
    ...(str(d.sessionWebhook) ? { sessionWebhook: str(d.sessionWebhook) } : {}),
    ...(num(d.sessionWebhookExpiredTime) !== undefined ? { sessionWebhookExpiredTime: num(d.sessionWebhookExpiredTime) } : {}),
  };
}

function readContent(msgtype: string, d: Obj): { text: string; attachments: Attachment[] } {
  const content = obj(d.content) ?? {};
  switch (msgtype) {
    case 'text':
      return { text: (str(obj(d.text)?.content) ?? '').trim(), attachments: [] };
    case 'richText': {
      const parts = Array.isArray(content.richText) ? content.richText : [];
      const texts: string[] = [];
      const attachments: Attachment[] = [];
      for (const part of parts) {
        const p = obj(part);
        if (!p) continue;
        if (typeof p.text === 'string') texts.push(p.text);
        else if (p.type === 'picture' || p.pictureDownloadCode !== undefined || p.downloadCode !== undefined) attachments.push({ kind: 'picture' });
      }
      return { text: texts.join('').trim(), attachments };
    }
    case 'picture':
      return { text: '', attachments: [{ kind: 'picture' }] };
    case 'file':
      return { text: '', attachments: [{ kind: 'file', ...(str(content.fileName) ? { name: str(content.fileName) } : {}) }] };
    case 'audio':
      // DingTalk transcribes voice messages; the transcript is the useful part.
      return { text: (str(content.recognition) ?? '').trim(), attachments: [{ kind: 'audio' }] };
    case 'video':
      return { text: '', attachments: [{ kind: 'video' }] };
    default:
      return { text: (str(obj(d.text)?.content) ?? '').trim(), attachments: [] };
  }
}
