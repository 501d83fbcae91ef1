import * as vscode from 'vscode';
import type { InboxItem } from '../core/stream/inboxEntry';
import { conversationLabel, summary } from './inboxText';
import type { Settings } from './settings';
import type { StreamService } from './streamService';

/** Older than this when it reaches this window (a backlog after a reload): no notification. */
const FRESH_MS = 10 * 60_000;

/**
 * The optional notification for new mentions: in the focused window only (every window sees every message, and
 * one notification is enough), not while a group pick is waiting for its mention, and one summary for a burst.
 */
export class InboxNotifier implements vscode.Disposable {
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly stream: StreamService,
    private readonly settings: Settings,
  ) {
    this.subscription = stream.inbox.onDidChange((c) => void this.notify(c.added));
  }

  private async notify(added: readonly InboxItem[]): Promise<void> {
    if (!this.settings.streamNotifications || this.stream.picking || !vscode.window.state.focused) return;
    const fresh = added.filter((i) => !i.read && Date.now() - i.receivedAt < FRESH_MS);
    if (fresh.length === 0) return;
    const t = vscode.l10n.t;
    const show = t('Show');
    if (fresh.length > 1) {
      const choice = await vscode.window.showInformationMessage(t('{0} new DingTalk mentions', fresh.length), show);
      if (choice === show) await vscode.commands.executeCommand('dingtalk.messages.focus');
      return;
    }
    const item = fresh[0];
    const reply = t('Reply');
    const choice = await vscode.window.showInformationMessage(t('{0} in {1}: {2}', item.senderNick, conversationLabel(item), summary(item, 120)), reply, show);
    if (choice === reply) await vscode.commands.executeCommand('dingtalk.replyToMessage', item.id);
    else if (choice === show) await vscode.commands.executeCommand('dingtalk.openMessage', item.id);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
