/**
 * Authenticated HTTP for the enterprise internal app: the token goes in the `x-acs-dingtalk-access-token`
 * header (as the raw string) on `{apiBase}/v1.0/...`, and as `?access_token=` on `{oapiBase}/...`.
 * Every call runs through {@link TokenManager.withToken}, so a rejected token is replaced and the call retried
 * once.
 */

import { DingTalkSurface } from './errors';
import { MultipartBody } from './multipart';
import { AppCredentials, TokenManager } from './tokenManager';
import { HttpTransport, PreparedRequest } from './transport';

/** One authenticated call. */
export interface AppCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path beginning with "/", segments already encoded with {@link seg}. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body (serialised here) or an encoded multipart body (sent as is on every attempt). */
  json?: unknown;
  multipart?: MultipartBody;
  operation: string;
  /** See RequestSpec.idempotent. */
  idempotent?: boolean;
  signal?: AbortSignal;
  /** See RequestSpec.timeoutMs. */
  timeoutMs?: number;
}

/** Encodes one path segment (unionIds can contain `+`, `/`, `=`). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

/** Shared by the app API groups (robot, media, to-dos, directory, groups). */
export class AppHttp {
  constructor(
    readonly transport: HttpTransport,
    readonly tokens: TokenManager,
    readonly credentials: AppCredentials,
    readonly apiBaseUrl: string,
    readonly oapiBaseUrl: string,
  ) {}

  /** Calls `{apiBase}{path}` with the token header; resolves with the JSON body. */
  v1<T>(call: AppCall): Promise<T> {
    return this.send<T>(call, 'v1', this.apiBaseUrl, (token) => ({ headerToken: token }));
  }

  /** Calls `{oapiBase}{path}?access_token=…`; resolves with the JSON body (errcode already checked). */
  oapi<T>(call: AppCall): Promise<T> {
    return this.send<T>(call, 'oapi', this.oapiBaseUrl, (token) => ({ queryToken: token }));
  }

  private send<T>(
    call: AppCall,
    surface: DingTalkSurface,
    base: string,
    placement: (token: string) => { headerToken?: string; queryToken?: string },
  ): Promise<T> {
    return this.tokens.withToken(this.credentials, async (token) => {
      const where = placement(token);
      const { body } = await this.transport.request<T>({
        method: call.method,
        operation: call.operation,
        surface,
        idempotent: call.idempotent,
        signal: call.signal,
        timeoutMs: call.timeoutMs,
        prepare: (): PreparedRequest => {
          const params = new URLSearchParams();
          if (where.queryToken !== undefined) params.set('access_token', where.queryToken);
          for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) params.set(k, String(v));
          const qs = params.toString();
          const headers: Record<string, string> = { accept: 'application/json' };
          if (where.headerToken !== undefined) headers['x-acs-dingtalk-access-token'] = where.headerToken;
          let body: PreparedRequest['body'];
          if (call.multipart) {
            body = call.multipart.chunks;
            headers['content-type'] = call.multipart.contentType;
          } else if (call.json !== undefined) {
            body = JSON.stringify(call.json);
            headers['content-type'] = 'application/json; charset=utf-8';
          }
          return { url: `${base}${call.path}${qs ? `?${qs}` : ''}`, headers, body };
        },
      });
      return body;
    }, call.signal);
  }
}
