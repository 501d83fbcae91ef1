import * as vscode from 'vscode';
import { DingTalkAppClient } from '../core/dingtalk/appClient';
import { CustomRobotClient } from '../core/dingtalk/customRobotClient';
import { DingTalkError } from '../core/dingtalk/errors';
import { SlidingWindowRateLimiter } from '../core/dingtalk/rateLimiter';
import type { CoreLogger } from '../core/dingtalk/transport';
import { DestinationStore } from './destinationStore';
import type { Logger } from './logger';
import { NetworkEndpoints, Settings } from './settings';

/**
 * Builds DingTalk clients from the current settings and keychain, and rebuilds them when the endpoints, the
 * app configuration or its secret change. One rate limiter is shared by every custom-robot send in this
 * window, so the 20-messages-a-minute budget of each robot is never exceeded from here.
 */
export class DingTalkService implements vscode.Disposable {
  private readonly limiter = new SlidingWindowRateLimiter({});
  private robotClient: { endpoints: string; client: CustomRobotClient } | undefined;
  private appClientCache: { key: string; client: DingTalkAppClient } | undefined;
  private readonly coreLogger: CoreLogger;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly settings: Settings,
    private readonly store: DestinationStore,
    logger: Logger,
  ) {
    this.coreLogger = {
      debug: (m) => logger.debug('dingtalk', m),
      info: (m) => logger.info('dingtalk', m),
      warn: (m) => logger.warn('dingtalk', m),
      error: (m) => logger.error('dingtalk', m),
    };
    this.subscriptions.push(
      settings.onDidChange(() => this.invalidate()),
      store.onDidChange(() => (this.appClientCache = undefined)),
    );
  }

  get endpoints(): NetworkEndpoints {
    return this.settings.endpoints;
  }

  customRobots(): CustomRobotClient {
    const endpoints = this.endpoints;
    const key = JSON.stringify(endpoints);
    if (this.robotClient?.endpoints !== key) {
      this.robotClient = {
        endpoints: key,
        client: new CustomRobotClient({ oapiBaseUrl: endpoints.oapiBaseUrl, rateLimiter: this.limiter, logger: this.coreLogger }),
      };
    }
    return this.robotClient.client;
  }

  /** The enterprise app's client, or a DingTalkError telling the user to configure the app first. */
  async app(): Promise<DingTalkAppClient> {
    const config = this.store.app();
    const appSecret = await this.store.appSecret();
    if (!config || !appSecret) {
      throw new DingTalkError({
        kind: 'invalidCredentials',
        explanation: 'The enterprise app is not configured yet.',
        remedy: 'Run "DingTalk: Configure Enterprise App" and enter its AppKey and AppSecret.',
        details: { reason: 'appNotConfigured' },
      });
    }
    const endpoints = this.endpoints;
    const key = JSON.stringify([endpoints, config.appKey, config.robotCode, appSecret.length, hash(appSecret)]);
    if (this.appClientCache?.key !== key) {
      this.appClientCache = {
        key,
        client: new DingTalkAppClient({
          credentials: { appKey: config.appKey, appSecret },
          robotCode: config.robotCode,
          apiBaseUrl: endpoints.apiBaseUrl,
          oapiBaseUrl: endpoints.oapiBaseUrl,
          logger: this.coreLogger,
        }),
      };
    }
    return this.appClientCache.client;
  }

  private invalidate(): void {
    this.robotClient = undefined;
    this.appClientCache = undefined;
  }

  dispose(): void {
    this.subscriptions.splice(0).forEach((d) => d.dispose());
  }
}

/** A cheap, non-reversible fingerprint so a changed secret rebuilds the client without keeping the secret in a key. */
function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
