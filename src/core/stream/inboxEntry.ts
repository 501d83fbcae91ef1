/**
 * What the inbox keeps of a robot message: enough to list, read and reply, and nothing secret. The session
 * webhook (a URL anyone can post to for 90 minutes) is deliberately not part of it.
 */

import type { Attachment, RobotMessage } from './robotMessage';

export interface InboxEntry {
  /** DingTalk's msgId. */
  readonly id: string;
  readonly conversationId: string;
  readonly conversationType: 'group' | 'direct';
  readonly conversationTitle?: string;
  readonly senderNick: string;
  readonly senderStaffId?: string;
  /** When it was sent (DingTalk's createAt). */
  readonly createdAt: number;
  /** When this machine received it. */
  readonly receivedAt: number;
  readonly msgtype: string;
  readonly text: string;
  readonly attachments: readonly Attachment[];
  readonly robotCode?: string;
}

/** An entry as listed: with whether someone read it in any window. */
export interface InboxItem extends InboxEntry {
  readonly read: boolean;
}

/** Longest text kept; a chat message longer than this is cut (the full text stays in DingTalk). */
export const MAX_ENTRY_TEXT = 4_000;

export function toInboxEntry(message: RobotMessage, receivedAt: number): InboxEntry {
  return {
    id: message.msgId,
    conversationId: message.conversationId,
    conversationType: message.conversationType,
    ...(message.conversationTitle ? { conversationTitle: message.conversationTitle } : {}),
    senderNick: message.senderNick,
    ...(message.senderStaffId ? { senderStaffId: message.senderStaffId } : {}),
    createdAt: message.createAt,
    receivedAt,
    msgtype: message.msgtype,
    text: message.text.slice(0, MAX_ENTRY_TEXT),
    attachments: message.attachments,
    ...(message.robotCode ? { robotCode: message.robotCode } : {}),
  };
}

/** Reads a stored entry defensively (files in the global storage folder can be anything). */
export function parseInboxEntry(raw: unknown): InboxEntry | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const e = raw as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const id = s(e.id);
  const conversationId = s(e.conversationId);
  const createdAt = n(e.createdAt);
  if (!id || !conversationId || createdAt === undefined) return undefined;
  const attachments = Array.isArray(e.attachments)
    ? e.attachments.flatMap((a): Attachment[] => {
        const kind = (a as { kind?: unknown })?.kind;
        const name = s((a as { name?: unknown })?.name);
        return kind === 'picture' || kind === 'file' || kind === 'audio' || kind === 'video' ? [{ kind, ...(name ? { name } : {}) }] : [];
      })
    : [];
  return {
    id,
    conversationId,
    conversationType: e.conversationType === 'direct' ? 'direct' : 'group',
    ...(s(e.conversationTitle) ? { conversationTitle: s(e.conversationTitle) } : {}),
    senderNick: s(e.senderNick) ?? '',
    ...(s(e.senderStaffId) ? { senderStaffId: s(e.senderStaffId) } : {}),
    createdAt,
    receivedAt: n(e.receivedAt) ?? createdAt,
    msgtype: s(e.msgtype) ?? 'unknown',
    text: (s(e.text) ?? '').slice(0, MAX_ENTRY_TEXT),
    attachments,
    ...(s(e.robotCode) ? { robotCode: s(e.robotCode) } : {}),
  };
}

/** Newest first; ties broken by arrival, then id, so every window lists the same order. */
export function compareNewestFirst(a: InboxEntry, b: InboxEntry): number {
  return b.createdAt - a.createdAt || b.receivedAt - a.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
