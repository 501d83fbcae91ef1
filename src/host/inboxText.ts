import * as vscode from 'vscode';
import type { InboxEntry } from '../core/stream/inboxEntry';
import type { Attachment } from '../core/stream/robotMessage';

/** How an inbox entry reads in the view, notifications and pickers (localised). */

export function attachmentLabel(a: Attachment): string {
  const t = vscode.l10n.t;
  switch (a.kind) {
    case 'picture':
      return t('[Picture]');
    case 'file':
      return a.name ? t('[File] {0}', a.name) : t('[File]');
    case 'audio':
      return t('[Voice]');
    case 'video':
      return t('[Video]');
  }
}

/** One line: the text's first line (shortened), or what was attached. */
export function summary(entry: InboxEntry, max = 80): string {
  const firstLine = entry.text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
  const attachments = entry.attachments.map(attachmentLabel).join(' ');
  const text = [attachments, firstLine].filter(Boolean).join(' ');
  if (!text) return vscode.l10n.t('[{0} message]', entry.msgtype);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Where it was said: the group's title, or "Direct message". */
export function conversationLabel(entry: InboxEntry): string {
  return entry.conversationType === 'direct' ? vscode.l10n.t('Direct message') : (entry.conversationTitle ?? vscode.l10n.t('Group'));
}

/** Time of day for today's messages, else date and time, in VS Code's display language. */
export function timeLabel(ms: number, now = Date.now()): string {
  const date = new Date(ms);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  try {
    return new Intl.DateTimeFormat(vscode.env.language, options).format(date);
  } catch {
    return date.toLocaleString();
  }
}
