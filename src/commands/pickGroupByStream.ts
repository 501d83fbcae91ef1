import * as vscode from 'vscode';
import type { InboxItem } from '../core/stream/inboxEntry';
import type { LinkStatus } from '../core/stream/streamCoordinator';
import { summary } from '../host/inboxText';
import type { StreamService } from '../host/streamService';
import type { Services } from './services';

/** A group chosen by @-mentioning the robot in it. */
export interface PickedGroup {
  readonly openConversationId: string;
  readonly title?: string;
}

/**
 * "@-mention the robot in the group": DingTalk never shows a group's openConversationId, but every message to
 * the robot carries it (docs §4.5). The stream is opened (even if the user has it off) and the first group
 * mention that arrives — in any window's connection, through the shared inbox — names the group. The user
 * confirms it unless `confirm` is false (non-interactive callers).
 */
export async function pickGroupByMention(services: Services, options: { confirm: boolean }): Promise<PickedGroup | undefined> {
  const t = vscode.l10n.t;
  const stream = services.stream.service;
  const robot = services.destinations.app()?.robotName ?? t("the app's robot");
  const hold = stream.hold();
  try {
    for (;;) {
      const mention = await waitForMention(stream, robot);
      if (!mention) return undefined;
      await stream.inbox.markRead([mention.id]);
      const picked: PickedGroup = { openConversationId: mention.conversationId, ...(mention.conversationTitle ? { title: mention.conversationTitle } : {}) };
      services.logger.info('destinations', 'group picked by an @-mention');
      if (!options.confirm) return picked;
      const title = mention.conversationTitle ?? mention.conversationId;
      const choice = await vscode.window.showQuickPick(
        [
          { label: `$(check) ${t('Use "{0}"', title)}`, detail: `${mention.senderNick}: ${summary(mention)}`, use: true },
          { label: `$(mention) ${t('Wait for a mention in another group')}`, use: false },
        ],
        { title: t('Add Destination'), placeHolder: t('{0} was mentioned in "{1}".', robot, title), ignoreFocusOut: true },
      );
      if (!choice) return undefined;
      if (choice.use) return picked;
    }
  } finally {
    hold.dispose();
  }
}

/** Resolves with the next group mention stored in the inbox, or undefined when the user cancels or the stream fails. */
function waitForMention(stream: StreamService, robot: string): Thenable<InboxItem | undefined> {
  const t = vscode.l10n.t;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Now @-mention {0} in the group you want.', robot), cancellable: true },
    (progress, token) =>
      new Promise<InboxItem | undefined>((resolve) => {
        const report = (s: LinkStatus) => progress.report({ message: statusText(s) });
        const done = (value: InboxItem | undefined) => {
          inbox.dispose();
          status.dispose();
          cancel.dispose();
          resolve(value);
        };
        const inbox = stream.inbox.onDidChange((c) => {
          const mention = c.added.find((i) => i.conversationType === 'group');
          if (mention) done(mention);
        });
        const status = stream.onDidChangeStatus((s) => {
          report(s);
          if (s.state === 'failed') done(undefined); // the service reports why, with the fixing action
        });
        const cancel = token.onCancellationRequested(() => done(undefined));
        report(stream.status);
      }),
  );
}

function statusText(s: LinkStatus): string {
  const t = vscode.l10n.t;
  const state = s.state === 'elsewhere' ? s.remoteState : s.state;
  if (state === 'connected') return t('Connected: waiting for the mention…');
  if (state === 'failed') return t('Cannot connect.');
  return t('Connecting to DingTalk…');
}
