/**
 * App access tokens (docs/dingtalk-api.md §3.1, §3.4).
 *
 * `POST {apiBase}/v1.0/oauth2/accessToken` with JSON `{appKey, appSecret}` → `{accessToken, expireIn}` (seconds,
 * normally 7200). Tokens are cached per app, refreshed 5 minutes before expiry, fetched single-flight (any
 * number of concurrent callers share one request), and invalidated + retried once when DingTalk rejects one.
 */

import { createHash } from 'node:crypto';
import { redactor } from '../redact';
import { DingTalkError, isDingTalkError } from './errors';
import { HttpTransport, throwIfCancelled } from './transport';

/** An enterprise internal app's credentials. */
export interface AppCredentials {
  /** AppKey (Client ID). */
  readonly appKey: string;
  /** AppSecret (Client Secret). */
  readonly appSecret: string;
}

/** Options of {@link TokenManager}. */
export interface TokenManagerOptions {
  /** v1.0 base URL. Default https://api.dingtalk.com. */
  apiBaseUrl?: string;
  transport: HttpTransport;
  /** Refresh this long before the token expires. Default 5 minutes. */
  refreshMarginMs?: number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
  /** When to fetch a new one instead of using this. */
  refreshAt: number;
}

/** The real v1.0 base URL. */
export const DINGTALK_API_BASE_URL = 'https://api.dingtalk.com';

const DEFAULT_EXPIRE_SECONDS = 7200;

/** Caches, refreshes and invalidates app access tokens. */
export class TokenManager {
  private readonly apiBaseUrl: string;
  private readonly transport: HttpTransport;
  private readonly refreshMarginMs: number;
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();

  constructor(options: TokenManagerOptions) {
    this.apiBaseUrl = (options.apiBaseUrl ?? DINGTALK_API_BASE_URL).replace(/\/+$/, '');
    this.transport = options.transport;
    this.refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
  }

  /** A valid token for the app, from cache when it has more than the refresh margin left. */
  async getToken(credentials: AppCredentials, signal?: AbortSignal): Promise<string> {
    throwIfCancelled(signal);
    redactor.addSecret(credentials.appSecret);
    const key = cacheKey(credentials);
    const cached = this.cache.get(key);
    if (cached && cached.refreshAt > this.transport.clock.now()) return cached.token;

    let pending = this.inFlight.get(key);
    if (!pending) {
      // Deliberately not tied to any one caller's signal: other callers share this request.
      pending = this.fetchToken(credentials).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    const fresh = await raceWithSignal(pending, signal);
    this.cache.set(key, fresh);
    return fresh.token;
  }

  /** Forgets the cached token (only if it is still `token`, so a newer token fetched meanwhile survives). */
  invalidate(credentials: AppCredentials, token?: string): void {
    const key = cacheKey(credentials);
    const cached = this.cache.get(key);
    if (cached && (token === undefined || cached.token === token)) this.cache.delete(key);
  }

  /**
   * Runs `operation` with a token; if DingTalk answers `invalidAccessToken`, invalidates that token, fetches a
   * new one and runs `operation` exactly once more.
   */
  async withToken<T>(credentials: AppCredentials, operation: (token: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const token = await this.getToken(credentials, signal);
    try {
      return await operation(token);
    } catch (err) {
      if (!isDingTalkError(err, 'invalidAccessToken')) throw err;
      this.transport.logger.info('access token rejected by DingTalk; fetching a new one and retrying once');
      this.invalidate(credentials, token);
      const fresh = await this.getToken(credentials, signal);
      return operation(fresh);
    }
  }

  private async fetchToken(credentials: AppCredentials): Promise<CachedToken> {
    const { body } = await this.transport.request<Record<string, unknown>>({
      method: 'POST',
      operation: 'oauth2.accessToken',
      surface: 'v1',
      idempotent: true,
      prepare: () => ({
        url: `${this.apiBaseUrl}/v1.0/oauth2/accessToken`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ appKey: credentials.appKey, appSecret: credentials.appSecret }),
      }),
    });
    // Accept the v1.0 shape and, defensively, the oapi /gettoken shape.
    const token = body.accessToken ?? body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new DingTalkError({ kind: 'unknown', dingTalkMessage: 'the token response has no accessToken' });
    }
    redactor.addSecret(token);
    const seconds = Number(body.expireIn ?? body.expires_in ?? DEFAULT_EXPIRE_SECONDS);
    const lifetimeMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_EXPIRE_SECONDS) * 1000;
    this.transport.logger.debug(`access token obtained for app ${credentials.appKey}, valid ${Math.round(lifetimeMs / 1000)} s`);
    const now = this.transport.clock.now();
    // Refresh the margin before expiry, but never sooner than half-way: a short-lived token (DingTalk may hand
    // back the same token with only its remaining lifetime) must not turn every call into a token request.
    return { token, expiresAt: now + lifetimeMs, refreshAt: now + lifetimeMs - Math.min(this.refreshMarginMs, lifetimeMs / 2) };
  }
}

function cacheKey(credentials: AppCredentials): string {
  // The secret is part of the key so edited credentials never reuse the old app's token.
  return `${credentials.appKey}\u0000${createHash('sha256').update(credentials.appSecret).digest('hex')}`;
}

function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DingTalkError({ kind: 'cancelled' }));
    // Handlers are attached even when already aborted, so a shared rejection is never left unhandled.
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
