import { OapiError, oapiOk, V1Error, v1Ok } from './envelopes';
import { requireV1JsonBody, type SandboxRequest } from './request';
import type { Router } from './router';
import type { SeedApp } from './seed';
import { SandboxStore, type TokenRecord } from './store';

/**
 * App access tokens. One token store serves both hosts: DingTalk's own SDKs fetch a token on
 * api.dingtalk.com and use it on oapi.dingtalk.com (fact sheet §0-12).
 */
export function registerTokenRoutes(router: Router, store: SandboxStore): void {
  router.add('POST', '/v1.0/oauth2/accessToken', (req) => {
    // Form bodies are "missing" to the v1.0 gateway, which only reads JSON.
    const body = requireV1JsonBody(req);
    const appKey = body.appKey;
    const appSecret = body.appSecret;
    if (typeof appKey !== 'string' || appKey === '') throw new V1Error(400, 'MissingappKey', 'appKey is mandatory for this action.');
    if (typeof appSecret !== 'string' || appSecret === '') throw new V1Error(400, 'MissingappSecret', 'appSecret is mandatory for this action.');
    const app = store.appByKey(appKey);
    if (!app || app.appSecret !== appSecret) throw new V1Error(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    const record = issueToken(store, app);
    return v1Ok({ accessToken: record.token, expireIn: store.config.tokenLifetimeSeconds });
  });

  router.add('GET', '/gettoken', (req) => {
    const app = store.appByKey(req.query.get('appkey') ?? '');
    if (!app || app.appSecret !== req.query.get('appsecret')) throw new OapiError(40089, '不合法的corpId或corpSecret');
    const record = issueToken(store, app);
    return oapiOk('oapi', { access_token: record.token, expires_in: store.config.tokenLifetimeSeconds });
  });
}

export function issueToken(store: SandboxStore, app: SeedApp): TokenRecord {
  const now = store.clock.now();
  const expiresAt = now + store.config.tokenLifetimeSeconds * 1000;
  if (store.config.tokenRefetch === 'sameTokenExtended') {
    const existing = [...store.tokens.values()].find((t) => t.appKey === app.appKey && isLive(t, now));
    if (existing) {
      existing.expiresAt = expiresAt;
      return existing;
    }
  }
  const record: TokenRecord = { token: SandboxStore.newAccessToken(), appKey: app.appKey, issuedAt: now, expiresAt, revoked: false };
  store.tokens.set(record.token, record);
  return record;
}

function isLive(record: TokenRecord, now: number): boolean {
  return !record.revoked && now < record.expiresAt;
}

/** Token lookup result: the app, or why the token is not usable. */
export type TokenCheck = { ok: true; app: SeedApp; record: TokenRecord } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

export function checkToken(store: SandboxStore, token: string | undefined): TokenCheck {
  if (!token) return { ok: false, reason: 'missing' };
  const record = store.tokens.get(token);
  if (!record) return { ok: false, reason: 'unknown' };
  if (!isLive(record, store.clock.now())) return { ok: false, reason: 'expired' };
  const app = store.appByKey(record.appKey);
  return app ? { ok: true, app, record } : { ok: false, reason: 'unknown' };
}

/** The token a request carries, wherever its surface puts it (header on v1.0, query on oapi). */
export function tokenOf(req: Pick<SandboxRequest, 'headers' | 'query'>, surface: 'v1' | 'oapi'): string | undefined {
  if (surface === 'v1') {
    const header = req.headers['x-acs-dingtalk-access-token'];
    return Array.isArray(header) ? header[0] : header;
  }
  return req.query.get('access_token') ?? undefined;
}

/**
 * v1.0 authentication: the raw token in `x-acs-dingtalk-access-token`. A JSON-quoted token
 * ("\"abc\"") is simply an unknown token, which is how the real gateway treats it.
 */
export function authenticateV1(req: SandboxRequest, store: SandboxStore): { app: SeedApp; record: TokenRecord } {
  const check = checkToken(store, tokenOf(req, 'v1'));
  if (!check.ok) throw new V1Error(400, 'InvalidAuthentication', '不合法的access_token');
  return check;
}

/** oapi authentication: `?access_token=`. Expiry may have its own errcode (UNCONFIRMED; config). */
export function authenticateOapi(req: SandboxRequest, store: SandboxStore): { app: SeedApp; record: TokenRecord } {
  const check = checkToken(store, tokenOf(req, 'oapi'));
  if (check.ok) return check;
  if (check.reason === 'expired') throw new OapiError(store.config.expiredTokenOapiErrcode, '不合法的access_token');
  throw new OapiError(40014, '不合法的access_token');
}

/** Marks a token expired now (used by the expireToken fault and tests). */
export function revokeToken(store: SandboxStore, token: string | undefined): boolean {
  const record = token ? store.tokens.get(token) : undefined;
  if (!record) return false;
  record.revoked = true;
  return true;
}
