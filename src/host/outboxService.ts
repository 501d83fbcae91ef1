import * as vscode from 'vscode';
import { DingTalkError } from '../core/dingtalk/errors';
import type { OutboxPayload } from '../core/outbox/item';
import { Outbox } from '../core/outbox/outbox';
import type { ErrorPresenter } from './errorPresenter';
import type { Logger } from './logger';
import type { Sender } from './sender';
import type { DingTalkStatusBar } from './statusBar';

/**
 * The host side of the outbox: one folder in the extension's global storage shared by every window, delivery by
 * whichever window holds the lease, progress for the messages this window queued, one notification per
 * failure (with its remedy and fixing action), and the status bar's counts.
 */
export class OutboxService implements vscode.Disposable {
  readonly outbox: Outbox;
  private readonly subscriptions: Array<{ dispose(): unknown }> = [];

  constructor(
    dir: vscode.Uri,
    sender: Sender,
    private readonly logger: Logger,
    private readonly errors: ErrorPresenter,
    statusBar: DingTalkStatusBar,
  ) {
    this.outbox = new Outbox({
      dir: dir.fsPath,
      send: (item, signal) => sender.deliver(item.destination, item.payload as OutboxPayload, signal),
      logger: {
        debug: (m) => logger.debug('outbox', m),
        info: (m) => logger.info('outbox', m),
        warn: (m) => logger.warn('outbox', m),
        error: (m) => logger.error('outbox', m),
      },
    });
    this.subscriptions.push(
      this.outbox.onDidChange((c) => statusBar.setCounts(c)),
      this.outbox.onDelivered((e) => logger.info('outbox', `delivered ${e.item.id} to "${e.item.destination}"`)),
    );
  }

  async start(): Promise<void> {
    await this.outbox.start();
  }

  /**
   * Queues messages for one destination (in order) and shows progress until every one has left the queue.
   * Returns the item ids. A failure is reported once, here, with the fixing action.
   */
  async sendWithProgress(destination: string, payloads: readonly OutboxPayload[], label: string): Promise<string[]> {
    const t = vscode.l10n.t;
    const ids: string[] = [];
    for (const payload of payloads) ids.push((await this.outbox.enqueue({ destination, payload, label })).id);
    this.logger.info('send', `queued ${ids.length} message(s) for "${destination}": ${label}`);
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Sending to "{0}"', destination), cancellable: false },
      async (progress) => {
        let done = 0;
        const waiting = this.outbox.onRetryScheduled((e) => {
          if (ids.includes(e.item.id)) {
            const seconds = Math.max(1, Math.round((e.nextAttemptAt - Date.now()) / 1000));
            progress.report({ message: t('waiting for DingTalk ({0}); retrying in {1} s — it stays in the outbox even if you close VS Code', e.error.kind, seconds) });
          }
        });
        try {
          for (const id of ids) {
            const result = await this.outbox.whenSettled(id);
            done++;
            progress.report({ increment: 100 / ids.length, message: ids.length > 1 ? t('{0} of {1}', done, ids.length) : undefined });
            if (result.outcome === 'failed') {
              const err = result.error ?? new DingTalkError({ kind: 'unknown' });
              void this.errors.show(err, { destination });
              return;
            }
          }
        } finally {
          waiting.dispose();
        }
        if (ids.length > 0) void vscode.window.setStatusBarMessage(t('$(check) Sent to "{0}"', destination), 5000);
      },
    );
    return ids;
  }

  async retryFailed(destination?: string): Promise<number> {
    return this.outbox.retryFailed(destination);
  }

  dispose(): void {
    this.subscriptions.splice(0).forEach((d) => d.dispose());
    void this.outbox.dispose();
  }
}
