import * as assert from 'node:assert/strict';
import { DingTalkError } from '../../../src/core/dingtalk/errors';
import { TokenManager } from '../../../src/core/dingtalk/tokenManager';
import { HttpTransport } from '../../../src/core/dingtalk/transport';
import { FakeClock, fakeSleep, json, RecordedRequest, scriptedFetch } from './helpers';
import { captureLogger, expectDingTalkError, useSecret } from './logCapture';

const CREDS = { appKey: 'dingappkey001', appSecret: useSecret('app-secret-AAAAAAAAAAAAAAAAAAAAAAAA') };
const TOKENS = ['tok-1-aaaaaaaaaaaaaaaaaaaa', 'tok-2-bbbbbbbbbbbbbbbbbbbb', 'tok-3-cccccccccccccccccccc'].map((t) => useSecret(t));

function setup(options: { expireIn?: number; gate?: Promise<void> } = {}) {
  const clock = new FakeClock();
  let issued = 0;
  const fetch = scriptedFetch(async () => {
    if (options.gate) await options.gate;
    return json(200, { accessToken: TOKENS[issued++], expireIn: options.expireIn ?? 7200 });
  });
  const transport = new HttpTransport({ fetch, clock, sleep: fakeSleep(clock), logger: captureLogger });
  const manager = new TokenManager({ apiBaseUrl: 'https://api.example/', transport });
  return { clock, fetch, manager };
}

describe('dingtalk token manager', () => {
  it('requests a token with a JSON {appKey, appSecret} body', async () => {
    const { fetch, manager } = setup();
    assert.equal(await manager.getToken(CREDS), TOKENS[0]);
    const req = fetch.requests[0];
    assert.equal(req.url, 'https://api.example/v1.0/oauth2/accessToken');
    assert.equal(req.method, 'POST');
    assert.match(req.headers['content-type'], /^application\/json/);
    assert.deepEqual(JSON.parse(req.body as string), { appKey: CREDS.appKey, appSecret: CREDS.appSecret });
  });

  it('caches until 5 minutes before expiry, then refreshes', async () => {
    const { clock, fetch, manager } = setup();
    await manager.getToken(CREDS);
    clock.advance((7200 - 300) * 1000 - 1);
    assert.equal(await manager.getToken(CREDS), TOKENS[0]);
    assert.equal(fetch.requests.length, 1);
    clock.advance(1);
    assert.equal(await manager.getToken(CREDS), TOKENS[1]);
    assert.equal(fetch.requests.length, 2);
  });

  it('uses a short-lived token for half its life instead of refetching it on every call', async () => {
    // DingTalk may answer a re-fetch with the same token and only its remaining lifetime (UNCONFIRMED).
    const { clock, fetch, manager } = setup({ expireIn: 240 });
    await manager.getToken(CREDS);
    clock.advance(120_000 - 1);
    assert.equal(await manager.getToken(CREDS), TOKENS[0]);
    assert.equal(fetch.requests.length, 1);
    clock.advance(1);
    assert.equal(await manager.getToken(CREDS), TOKENS[1]);
    assert.equal(fetch.requests.length, 2);
  });

  it('shares one request between N concurrent callers (single-flight)', async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { fetch, manager } = setup({ gate });
    const callers = Array.from({ length: 25 }, () => manager.getToken(CREDS));
    open();
    const tokens = await Promise.all(callers);
    assert.equal(fetch.requests.length, 1);
    assert.ok(tokens.every((t) => t === TOKENS[0]));
  });

  it('keeps the shared request alive when one caller cancels', async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { fetch, manager } = setup({ gate });
    const controller = new AbortController();
    const cancelled = manager.getToken(CREDS, controller.signal);
    const other = manager.getToken(CREDS);
    controller.abort();
    await expectDingTalkError(cancelled, 'cancelled');
    open();
    assert.equal(await other, TOKENS[0]);
    assert.equal(fetch.requests.length, 1);
  });

  it('invalidates a rejected token and retries the operation exactly once', async () => {
    const { fetch, manager } = setup();
    const seen: string[] = [];
    const result = await manager.withToken(CREDS, async (token) => {
      seen.push(token);
      if (token === TOKENS[0]) throw new DingTalkError({ kind: 'invalidAccessToken', code: 'InvalidAuthentication', httpStatus: 400 });
      return 'done';
    });
    assert.equal(result, 'done');
    assert.deepEqual(seen, [TOKENS[0], TOKENS[1]]);
    assert.equal(fetch.requests.length, 2);
  });

  it('gives up after the one retry if the new token is rejected too', async () => {
    const { fetch, manager } = setup();
    let calls = 0;
    await expectDingTalkError(manager.withToken(CREDS, async () => {
      calls++;
      throw new DingTalkError({ kind: 'invalidAccessToken', code: '40014' });
    }), 'invalidAccessToken');
    assert.equal(calls, 2);
    assert.equal(fetch.requests.length, 2);
  });

  it('does not retry other errors', async () => {
    const { fetch, manager } = setup();
    let calls = 0;
    await expectDingTalkError(manager.withToken(CREDS, async () => {
      calls++;
      throw new DingTalkError({ kind: 'permissionDenied' });
    }), 'permissionDenied');
    assert.equal(calls, 1);
    assert.equal(fetch.requests.length, 1);
  });

  it('invalidate() spares a newer token fetched in the meantime', async () => {
    const { clock, manager } = setup();
    await manager.getToken(CREDS);
    clock.advance(7200 * 1000);
    await manager.getToken(CREDS); // TOKENS[1]
    manager.invalidate(CREDS, TOKENS[0]);
    assert.equal(await manager.getToken(CREDS), TOKENS[1]);
    manager.invalidate(CREDS);
    assert.equal(await manager.getToken(CREDS), TOKENS[2]);
  });

  it('never reuses a token after the secret changes', async () => {
    const { fetch, manager } = setup();
    await manager.getToken(CREDS);
    await manager.getToken({ ...CREDS, appSecret: useSecret('app-secret-BBBBBBBBBBBBBBBBBBBBBBBB') });
    assert.equal(fetch.requests.length, 2);
  });

  it('maps bad credentials and a malformed answer', async () => {
    const clock = new FakeClock();
    const bad = new TokenManager({
      transport: new HttpTransport({ clock, sleep: fakeSleep(clock), logger: captureLogger, fetch: scriptedFetch(() => json(400, { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret', requestid: 'r' })) }),
    });
    await expectDingTalkError(bad.getToken(CREDS), 'invalidCredentials');
    const empty = new TokenManager({ transport: new HttpTransport({ clock, logger: captureLogger, fetch: scriptedFetch(() => json(200, { expireIn: 7200 })) }) });
    await expectDingTalkError(empty.getToken(CREDS), 'unknown');
  });

  it('accepts the oapi gettoken field names and a missing expiry', async () => {
    const clock = new FakeClock();
    const fetch = scriptedFetch((_r: RecordedRequest) => json(200, { errcode: 0, access_token: TOKENS[2] }));
    const manager = new TokenManager({ transport: new HttpTransport({ clock, fetch, logger: captureLogger }) });
    assert.equal(await manager.getToken(CREDS), TOKENS[2]);
    clock.advance(6900 * 1000 - 1);
    await manager.getToken(CREDS);
    assert.equal(fetch.requests.length, 1, 'defaults to 7200 s');
    assert.equal(fetch.requests[0].url, 'https://api.dingtalk.com/v1.0/oauth2/accessToken');
  });
});
