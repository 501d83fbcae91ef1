import * as vscode from 'vscode';
import type { CoreLogger } from '../core/dingtalk/transport';
import { InboxStore } from '../core/stream/inboxStore';
import { LinkStatus, StreamCoordinator } from '../core/stream/streamCoordinator';
import { ROBOT_SUBSCRIPTIONS } from '../core/stream/gateway';
import { StreamClient } from '../core/stream/streamClient';
import type { DestinationStore } from './destinationStore';
import type { ErrorPresenter } from './errorPresenter';
import type { Logger } from './logger';
import type { Settings } from './settings';
import { SESSIONS_SECRET_KEY, StreamSessions } from './streamSessions';

/**
 * The host side of Stream Mode: runs the connection (through the coordinator, so all windows share one) when an
 * enterprise app is configured and the user turned the stream on — or while a group pick waits for a mention —
 * and reconnects when the gateway, the AppKey or the AppSecret changes.
 */
export class StreamService implements vscode.Disposable {
  readonly inbox: InboxStore;
  readonly sessions: StreamSessions;
  private readonly coordinator: StreamCoordinator;
  private readonly statusEmitter = new vscode.EventEmitter<LinkStatus>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private holds = 0;
  private appFingerprint?: string;
  private gatewayUrl: string;
  private lastFailure?: unknown;

  constructor(
    storage: vscode.Uri,
    private readonly settings: Settings,
    private readonly destinations: DestinationStore,
    secretStorage: vscode.SecretStorage,
    private readonly errors: ErrorPresenter,
    private readonly logger: Logger,
    version: string,
  ) {
    const core = (component: string): CoreLogger => ({
      debug: (m) => logger.debug(component, m),
      info: (m) => logger.info(component, m),
      warn: (m) => logger.warn(component, m),
      error: (m) => logger.error(component, m),
    });
    this.sessions = new StreamSessions(secretStorage);
    this.inbox = new InboxStore({ dir: vscode.Uri.joinPath(storage, 'inbox').fsPath, logger: core('inbox') });
    this.gatewayUrl = settings.streamGatewayUrl;
    this.coordinator = new StreamCoordinator({
      dir: vscode.Uri.joinPath(storage, 'stream').fsPath,
      inbox: this.inbox,
      logger: core('stream'),
      onSessionWebhook: async (m) => {
        if (m.sessionWebhook && m.sessionWebhookExpiredTime) await this.sessions.put(m.msgId, { url: m.sessionWebhook, expiresAt: m.sessionWebhookExpiredTime });
      },
      createClient: (onRobotMessage) =>
        new StreamClient({
          gatewayUrl: () => this.settings.streamGatewayUrl,
          credentials: async () => {
            const app = this.destinations.app();
            const clientSecret = await this.destinations.appSecret();
            return app && clientSecret ? { clientId: app.appKey, clientSecret } : undefined;
          },
          onRobotMessage,
          subscriptions: ROBOT_SUBSCRIPTIONS,
          logger: core('stream'),
          ua: `vscode-dingtalk/${version}`,
        }),
    });
    this.subscriptions.push(
      this.statusEmitter,
      toDisposable(this.coordinator.onDidChangeStatus((s) => this.onStatus(s))),
      settings.onDidChange((e) => {
        if (e.affectsConfiguration('dingtalk.stream.enabled')) this.apply();
        const url = settings.streamGatewayUrl;
        if (url !== this.gatewayUrl) {
          this.gatewayUrl = url;
          void this.coordinator.restart();
        }
      }),
      destinations.onDidChange(() => void this.onAppChanged()),
      // Fires in every window when any window changes a secret: the window holding the connection may not be the
      // one where the user fixed the AppSecret.
      secretStorage.onDidChange((e) => {
        if (e.key !== SESSIONS_SECRET_KEY) void this.onAppChanged();
      }),
    );
  }

  async start(): Promise<void> {
    await this.inbox.start();
    this.appFingerprint = await this.fingerprint();
    this.apply();
  }

  get status(): LinkStatus {
    return this.coordinator.status;
  }

  /** An enterprise app's AppKey is configured (its secret is checked when connecting). */
  get appConfigured(): boolean {
    return this.destinations.app() !== undefined;
  }

  /** True while a group pick waits for a mention (notifications are held back then). */
  get picking(): boolean {
    return this.holds > 0;
  }

  /** Keeps the stream running until disposed, even if the user has it off (the "@-mention the robot" pick). */
  hold(): vscode.Disposable {
    this.holds++;
    this.apply();
    let released = false;
    return new vscode.Disposable(() => {
      if (released) return;
      released = true;
      this.holds--;
      this.apply();
    });
  }

  /** Wanted while the user has it on and the app is complete (key and secret), or while a pick waits. */
  private apply(): void {
    this.coordinator.setWanted((this.settings.streamEnabled && this.appFingerprint !== undefined) || this.holds > 0);
  }

  private onStatus(status: LinkStatus): void {
    this.statusEmitter.fire(status);
    if (status.state === 'failed' && status.error && status.error !== this.lastFailure) {
      this.lastFailure = status.error;
      void this.errors.show(status.error, { what: vscode.l10n.t('DingTalk Message Stream') });
    }
    if (status.state === 'connected') this.lastFailure = undefined;
  }

  /** The app's key or secret changed (or "Forget All Secrets" ran): reconnect, or stop and forget sessions. */
  private async onAppChanged(): Promise<void> {
    const next = await this.fingerprint();
    if (next === this.appFingerprint) return;
    this.appFingerprint = next;
    if (!next) {
      await this.sessions.clear().catch(() => undefined);
      this.logger.info('stream', 'the enterprise app is gone: session webhooks forgotten');
    }
    this.apply();
    await this.coordinator.restart();
  }

  private async fingerprint(): Promise<string | undefined> {
    const app = this.destinations.app();
    const secret = await this.destinations.appSecret();
    if (!app || !secret) return undefined;
    let h = 0;
    for (let i = 0; i < secret.length; i++) h = (Math.imul(31, h) + secret.charCodeAt(i)) | 0;
    return `${app.appKey}:${h}`;
  }

  dispose(): void {
    this.subscriptions.splice(0).forEach((d) => d.dispose());
    void this.coordinator.dispose().finally(() => this.inbox.dispose());
  }
}

function toDisposable(d: { dispose(): void }): vscode.Disposable {
  return new vscode.Disposable(() => d.dispose());
}
