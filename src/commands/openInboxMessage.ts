import * as vscode from 'vscode';
import { findMessageLinks } from '../core/stream/messageLinks';
import { conversationLabel, summary, timeLabel } from '../host/inboxText';
import { linkLabel } from '../host/inboxLinks';
import { inboxMessageFor } from './pickInboxMessage';
import type { Services } from './services';

/** Opening a message from the inbox: marks it read and offers what can be done with it. */
export async function openInboxMessage(services: Services, arg?: unknown): Promise<void> {
  const t = vscode.l10n.t;
  const item = await inboxMessageFor(services, arg, t('Open which message?'));
  if (!item) return;
  await services.stream.service.inbox.markRead([item.id]);
  const links = findMessageLinks(item.text);
  type Action = vscode.QuickPickItem & { run: () => Thenable<unknown> };
  const actions: Action[] = [
    { label: `$(reply) ${t('Reply…')}`, run: () => vscode.commands.executeCommand('dingtalk.replyToMessage', item.id) },
    ...links.map((l): Action => ({
      label: `$(go-to-file) ${t('Open {0}', linkLabel(l))}`,
      description: l.url ? l.repo : undefined,
      run: () => vscode.commands.executeCommand('dingtalk.openMessageLink', { path: l.path, line: l.line, endLine: l.endLine, url: l.url, repo: l.repo }),
    })),
    { label: `$(copy) ${t('Copy Text')}`, run: () => vscode.env.clipboard.writeText(item.text) },
  ];
  const picked = await vscode.window.showQuickPick(actions, {
    title: `${item.senderNick} · ${conversationLabel(item)} · ${timeLabel(item.createdAt)}`,
    placeHolder: summary(item, 200),
  });
  await picked?.run();
}
