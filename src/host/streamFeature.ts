import * as vscode from 'vscode';
import type { DestinationStore } from './destinationStore';
import type { ErrorPresenter } from './errorPresenter';
import { InboxNotifier } from './inboxNotifier';
import { InboxView } from './inboxView';
import type { Logger } from './logger';
import type { Settings } from './settings';
import { StreamService } from './streamService';
import { StreamStatusBar } from './streamStatusBar';

/**
 * "Receive DingTalk messages in VS Code": the Stream Mode connection shared by all windows, the mentions inbox
 * view, the status bar item and the notifications — created together, disposed together.
 */
export class StreamFeature implements vscode.Disposable {
  readonly service: StreamService;
  readonly view: InboxView;
  readonly statusBar: StreamStatusBar;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext, settings: Settings, destinations: DestinationStore, errors: ErrorPresenter, logger: Logger) {
    const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '');
    this.service = new StreamService(context.globalStorageUri, settings, destinations, context.secrets, errors, logger, version);
    this.view = new InboxView(this.service);
    this.statusBar = new StreamStatusBar(this.service);
    this.subscriptions.push(this.service, this.view, this.statusBar, new InboxNotifier(this.service, settings));
  }

  /** Reads the inbox and connects if the stream is on. */
  start(): Promise<void> {
    return this.service.start();
  }

  dispose(): void {
    // Last in, first out: the views go before the service they read.
    this.subscriptions.splice(0).reverse().forEach((d) => d.dispose());
  }
}
