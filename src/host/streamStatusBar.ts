import * as vscode from 'vscode';
import type { LinkStatus } from '../core/stream/streamCoordinator';
import type { StreamService } from './streamService';

/**
 * The message stream's state in the status bar (connected, reconnecting, off…) with the unread count; clicking
 * turns the stream on or off. Shown only once an enterprise app is configured (the stream needs one).
 */
export class StreamStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dingtalk.stream', vscode.StatusBarAlignment.Left, 49);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly stream: StreamService) {
    this.item.name = vscode.l10n.t('DingTalk Message Stream');
    this.item.command = 'dingtalk.toggleStream';
    const inboxChange = stream.inbox.onDidChange(() => this.render());
    this.subscriptions = [stream.onDidChangeStatus(() => this.render()), new vscode.Disposable(() => inboxChange.dispose())];
    this.render();
  }

  /** What the item shows, for tests. */
  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : '';
  }

  private render(): void {
    const t = vscode.l10n.t;
    const status = this.stream.status;
    if (!this.stream.appConfigured && status.state === 'off') {
      this.item.hide();
      return;
    }
    const { icon, text } = describe(status);
    const unread = this.stream.inbox.unreadCount;
    this.item.text = `${icon}${unread > 0 ? ` ${unread}` : ''}`;
    const lines = [t('DingTalk messages: {0}', text)];
    if (unread > 0) lines.push(t('{0} unread mention(s)', unread));
    lines.push(status.state === 'off' ? t('Click to turn the message stream on.') : t('Click to turn the message stream off.'));
    this.item.tooltip = lines.join('\n');
    this.item.backgroundColor = status.state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.item.dispose();
  }
}

function describe(status: LinkStatus): { icon: string; text: string } {
  const t = vscode.l10n.t;
  const state = status.state === 'elsewhere' ? status.remoteState : status.state;
  const other = status.state === 'elsewhere';
  switch (state) {
    case 'connected':
      return { icon: '$(radio-tower)', text: other ? t('connected (through another window)') : t('connected') };
    case 'connecting':
      return { icon: '$(sync~spin)', text: t('connecting…') };
    case 'reconnecting':
      return { icon: '$(sync~spin)', text: other ? t('reconnecting… (another window)') : t('reconnecting…') };
    case 'failed':
      return { icon: '$(error)', text: other ? t('cannot connect (another window)') : t('cannot connect: see the log') };
    default:
      return { icon: '$(circle-slash)', text: t('off') };
  }
}
