import * as vscode from 'vscode';
import type { DestinationStore } from './destinationStore';
import type { Settings } from './settings';

export interface QueueCounts {
  readonly queued: number;
  readonly sending: number;
  readonly failed: number;
}

/**
 * The DingTalk status bar item: the default destination and, when there are any, the messages still queued or
 * failed. Clicking it picks the default destination.
 */
export class DingTalkStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dingtalk.status', vscode.StatusBarAlignment.Left, 50);
  private counts: QueueCounts = { queued: 0, sending: 0, failed: 0 };
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly settings: Settings,
    private readonly store: DestinationStore,
  ) {
    this.item.name = vscode.l10n.t('DingTalk');
    this.item.command = 'dingtalk.setDefaultDestination';
    this.subscriptions = [settings.onDidChange(() => this.render()), store.onDidChange(() => this.render())];
    this.render();
    this.item.show();
  }

  setCounts(counts: QueueCounts): void {
    this.counts = counts;
    this.render();
  }

  /** What the item shows, for tests. */
  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const t = vscode.l10n.t;
    const name = this.settings.defaultDestination;
    const known = name && this.store.get(name);
    const pending = this.counts.queued + this.counts.sending;
    let text = `$(comment-discussion) ${known ? name : t('DingTalk')}`;
    if (pending > 0) text += ` $(sync~spin) ${pending}`;
    if (this.counts.failed > 0) text += ` $(error) ${this.counts.failed}`;
    this.item.text = text;
    const lines = [known ? t('Default chat: {0}', name) : t('No default chat yet: click to choose one.')];
    if (pending > 0) lines.push(t('{0} message(s) waiting to be delivered.', pending));
    if (this.counts.failed > 0) lines.push(t('{0} message(s) failed: run "DingTalk: Show Outbox".', this.counts.failed));
    this.item.tooltip = lines.join('\n');
    this.item.backgroundColor = this.counts.failed > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.item.dispose();
  }
}
