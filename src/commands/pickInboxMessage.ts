import * as vscode from 'vscode';
import type { InboxItem } from '../core/stream/inboxEntry';
import { conversationLabel, summary, timeLabel } from '../host/inboxText';
import type { InboxNode } from '../host/inboxView';
import type { Services } from './services';

/**
 * The message a command was invoked for: a msgId (notifications, tree items), a tree node (context menus), an
 * `{ id }` object (tests), or — from the Command Palette — one the user picks.
 */
export async function inboxMessageFor(services: Services, arg: unknown, placeHolder: string): Promise<InboxItem | undefined> {
  const inbox = services.stream.service.inbox;
  const id = typeof arg === 'string' ? arg : (arg as Partial<InboxNode> | undefined)?.item?.id ?? (arg as { id?: unknown } | undefined)?.id;
  if (typeof id === 'string') return inbox.get(id);
  const items = inbox.list();
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No DingTalk messages yet.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    items.map((item) => ({
      label: `${item.read ? '$(mention)' : '$(circle-filled)'} ${item.senderNick}: ${summary(item)}`,
      description: `${conversationLabel(item)} · ${timeLabel(item.createdAt)}`,
      item,
    })),
    { placeHolder, matchOnDescription: true },
  );
  return picked?.item;
}
