/**
 * Client for an enterprise internal app (企业内部应用): one token manager and transport shared by the robot,
 * media, to-do, directory and group APIs. Real DingTalk and the local sandbox differ only in base URLs.
 */

import { AppHttp } from './appHttp';
import { AppRobotApi } from './appRobot';
import { DirectoryApi } from './directory';
import { GroupApi } from './groups';
import { MediaApi } from './media';
import { TodoApi } from './todos';
import { AppCredentials, DINGTALK_API_BASE_URL, TokenManager } from './tokenManager';
import { HttpTransport, TransportOptions } from './transport';
import { DINGTALK_OAPI_BASE_URL } from './webhookUrl';
import { redactor } from '../redact';

/** Options of {@link DingTalkAppClient}. */
export interface AppClientOptions extends TransportOptions {
  credentials: AppCredentials;
  /** The app robot's robotCode; default the AppKey (what internal app robots use). */
  robotCode?: string;
  /** Default https://oapi.dingtalk.com. */
  oapiBaseUrl?: string;
  /** Default https://api.dingtalk.com. */
  apiBaseUrl?: string;
  /** Refresh tokens this long before expiry. Default 5 minutes. */
  tokenRefreshMarginMs?: number;
  /** Share a token manager (and its cache) between clients. */
  tokenManager?: TokenManager;
  /** Use an existing transport instead of building one from the options above. */
  transport?: HttpTransport;
}

/** The enterprise internal app's APIs, grouped by concern. */
export class DingTalkAppClient {
  readonly robot: AppRobotApi;
  readonly media: MediaApi;
  readonly todos: TodoApi;
  readonly directory: DirectoryApi;
  readonly groups: GroupApi;
  readonly tokens: TokenManager;

  constructor(options: AppClientOptions) {
    redactor.addSecret(options.credentials.appSecret);
    const transport = options.transport ?? new HttpTransport(options);
    const apiBaseUrl = (options.apiBaseUrl ?? DINGTALK_API_BASE_URL).replace(/\/+$/, '');
    const oapiBaseUrl = (options.oapiBaseUrl ?? DINGTALK_OAPI_BASE_URL).replace(/\/+$/, '');
    this.tokens = options.tokenManager ?? new TokenManager({ apiBaseUrl, transport, refreshMarginMs: options.tokenRefreshMarginMs });
    const http = new AppHttp(transport, this.tokens, options.credentials, apiBaseUrl, oapiBaseUrl);
    this.robot = new AppRobotApi(http, options.robotCode ?? options.credentials.appKey);
    this.media = new MediaApi(http);
    this.todos = new TodoApi(http);
    this.directory = new DirectoryApi(http);
    this.groups = new GroupApi(http);
  }
}
