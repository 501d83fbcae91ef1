import * as vscode from 'vscode';
import { conversationLabel, summary } from '../host/inboxText';
import { ReplyWindowClosedError, sendReply } from '../host/inboxReplies';
import { ask } from '../host/pickers';
import { inboxMessageFor } from './pickInboxMessage';
import type { Services } from './services';

/**
 * DingTalk: Reply to Message — a text reply, through the message's session webhook while it is valid, then as the
 * app robot. Non-interactive with `{ id, text }` (tests). Returns the channel used.
 */
export async function replyInboxMessage(services: Services, arg?: unknown): Promise<string | undefined> {
  const t = vscode.l10n.t;
  const item = await inboxMessageFor(services, arg, t('Reply to which message?'));
  if (!item) return undefined;
  const given = (arg as { text?: unknown } | undefined)?.text;
  const text =
    typeof given === 'string'
      ? given
      : await ask({
          title: t('Reply to {0} in {1}', item.senderNick, conversationLabel(item)),
          prompt: summary(item, 200),
          placeHolder: t('Your reply (sent as the robot)'),
          validateInput: (v) => (v.trim() ? undefined : t('Enter a reply.')),
        });
  if (!text?.trim()) return undefined;
  await services.stream.service.inbox.markRead([item.id]);
  try {
    const channel = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: t('Replying in DingTalk…') }, () =>
      sendReply(item, text.trim(), { stream: services.stream.service, dingtalk: services.dingtalk, logger: services.logger }),
    );
    services.logger.info('inbox', `replied through ${channel}`);
    void vscode.window.setStatusBarMessage(t('$(check) Replied in {0}', conversationLabel(item)), 5000);
    return channel;
  } catch (err) {
    if (err instanceof ReplyWindowClosedError) void vscode.window.showWarningMessage(t('The reply window of this direct message has closed (90 minutes after it was sent). Answer in DingTalk.'));
    else void services.errors.show(err, { what: t('Reply to {0}', item.senderNick) });
    return undefined;
  }
}
