import * as assert from 'node:assert/strict';
import { HttpTransport, RequestSpec } from '../../../src/core/dingtalk/transport';
import { FakeClock, fakeSleep, json, networkError, scriptedFetch, timeoutError } from './helpers';
import { captureLogger, capturedLines, expectDingTalkError, useSecret } from './logCapture';

const TOKEN = useSecret('transport-token-0123456789abcdef');

function setup(responders: Parameters<typeof scriptedFetch>, random = () => 0.5) {
  const clock = new FakeClock();
  const sleep = fakeSleep(clock);
  const fetch = scriptedFetch(...responders);
  const transport = new HttpTransport({ fetch, clock, sleep, random, logger: captureLogger });
  return { clock, sleep, fetch, transport };
}

function spec(overrides: Partial<RequestSpec> = {}): RequestSpec {
  return {
    method: 'POST',
    operation: 'test.op',
    surface: 'v1',
    idempotent: true,
    prepare: () => ({ url: `https://api.example/v1.0/x?access_token=${TOKEN}`, headers: { 'x-acs-dingtalk-access-token': TOKEN }, body: '{}' }),
    ...overrides,
  };
}

describe('dingtalk transport', () => {
  it('returns the parsed body on success', async () => {
    const { transport, fetch } = setup([() => json(200, { ok: 1 })]);
    const res = await transport.request<{ ok: number }>(spec());
    assert.deepEqual(res, { status: 200, body: { ok: 1 }, attempts: 1 });
    assert.equal(fetch.requests[0].method, 'POST');
  });

  it('treats an oapi errcode in an HTTP 200 as a failure', async () => {
    const { transport } = setup([() => json(200, { errcode: 40035, errmsg: '缺少参数' })]);
    await expectDingTalkError(transport.request(spec({ surface: 'oapi' })), 'invalidParameter');
  });

  it('retries 5xx with full-jitter exponential backoff, up to maxAttempts', async () => {
    const { transport, fetch, sleep } = setup([() => json(500, { code: 'InternalError', message: 'boom' })], () => 0.5);
    const err = await expectDingTalkError(transport.request(spec()), 'server');
    assert.equal(fetch.requests.length, 4);
    // cap = min(8000, 500·2^(n-1)); delay = floor(random · cap)
    assert.deepEqual(sleep.delays, [250, 500, 1000]);
    assert.equal(err.httpStatus, 500);
  });

  it('draws every backoff delay from [0, cap) with the injected random', async () => {
    const draws = [0, 0.999];
    let i = 0;
    const { transport, sleep } = setup([() => json(503, {}), () => json(503, {}), () => json(200, {})], () => draws[i++]);
    const res = await transport.request(spec());
    assert.equal(res.attempts, 3);
    assert.deepEqual(sleep.delays, [0, 999]);
  });

  it('recovers when a retry succeeds', async () => {
    const { transport, fetch } = setup([() => { throw networkError('ECONNRESET'); }, () => json(504, {}), () => json(200, { fine: true })]);
    const res = await transport.request(spec());
    assert.equal(res.attempts, 3);
    assert.equal(fetch.requests.length, 3);
  });

  const notRetried: [string, () => Response][] = [
    ['sign mismatch', () => json(200, { errcode: 310000, errmsg: 'sign not match' })],
    ['keywords', () => json(200, { errcode: 310000, errmsg: 'keywords not in content' })],
    ['invalid parameter', () => json(400, { code: 'invalidParameter.msgKey.invalid', message: 'x' })],
    ['permission', () => json(403, { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', message: 'x' })],
    ['quota', () => json(200, { errcode: 90020, errmsg: 'x' })],
    ['token', () => json(400, { code: 'InvalidAuthentication', message: '不合法的access_token' })],
  ];
  for (const [name, responder] of notRetried) {
    it(`does not retry ${name}`, async () => {
      const { transport, fetch, sleep } = setup([responder]);
      await expectDingTalkError(transport.request(spec()));
      assert.equal(fetch.requests.length, 1);
      assert.deepEqual(sleep.delays, []);
    });
  }

  it('retries timeouts', async () => {
    const { transport, fetch } = setup([() => { throw timeoutError(); }]);
    await expectDingTalkError(transport.request(spec()), 'timeout');
    assert.equal(fetch.requests.length, 4);
  });

  it('waits exactly the rate limit’s retry-after when it is acceptable', async () => {
    const { transport, sleep, fetch } = setup([
      () => json(403, { code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '请求过于频繁' }),
      () => json(200, {}),
    ]);
    await transport.request(spec());
    assert.deepEqual(sleep.delays, [1000]);
    assert.equal(fetch.requests.length, 2);
  });

  it('does not wait out a rate limit longer than maxRetryAfterMs (the 10-minute robot throttle)', async () => {
    const { transport, fetch } = setup([() => json(200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' })]);
    const err = await expectDingTalkError(transport.request(spec({ surface: 'customRobot' })), 'rateLimited');
    assert.equal(err.retryAfterMs, 600_000);
    assert.equal(fetch.requests.length, 1);
  });

  it('does not retry a non-idempotent request after it may have reached DingTalk, but does after a refused connection', async () => {
    const five = setup([() => json(500, {})]);
    await expectDingTalkError(five.transport.request(spec({ idempotent: false })), 'server');
    assert.equal(five.fetch.requests.length, 1);

    const timeout = setup([() => { throw timeoutError(); }]);
    await expectDingTalkError(timeout.transport.request(spec({ idempotent: false })), 'timeout');
    assert.equal(timeout.fetch.requests.length, 1);

    const refused = setup([() => { throw networkError('ECONNREFUSED'); }, () => json(200, {})]);
    assert.equal((await refused.transport.request(spec({ idempotent: false }))).attempts, 2);

    const limited = setup([() => json(403, { code: 'Forbidden.AccessDenied.QpsLimitForApi', message: 'x' }), () => json(200, {})]);
    assert.equal((await limited.transport.request(spec({ idempotent: false }))).attempts, 2);
  });

  it('calls prepare() for every attempt (fresh signatures, fresh form data)', async () => {
    const { transport, fetch } = setup([() => json(502, {}), () => json(200, {})]);
    const res = await transport.request(spec({ prepare: (n) => ({ url: `https://api.example/x?n=${n}` }) }));
    assert.equal(res.attempts, 2);
    assert.deepEqual(fetch.requests.map((r) => r.url), ['https://api.example/x?n=1', 'https://api.example/x?n=2']);
  });

  it('reports onAttemptError for each failed attempt', async () => {
    const { transport } = setup([() => json(502, {}), () => json(200, {})]);
    const seen: string[] = [];
    await transport.request(spec({ onAttemptError: (e, n) => seen.push(`${n}:${e.kind}`) }));
    assert.deepEqual(seen, ['1:server']);
  });

  it('stops when the caller cancels, before a request or during a backoff', async () => {
    const before = setup([() => json(200, {})]);
    await expectDingTalkError(before.transport.request(spec({ signal: AbortSignal.abort() })), 'cancelled');
    assert.equal(before.fetch.requests.length, 0);

    const controller = new AbortController();
    const during = setup([() => { controller.abort(); return json(500, {}); }]);
    await expectDingTalkError(during.transport.request(spec({ signal: controller.signal })), 'cancelled');
    assert.equal(during.fetch.requests.length, 1);
  });

  it('maps a fetch aborted by the caller to cancelled, not retried', async () => {
    const controller = new AbortController();
    const { transport, fetch } = setup([() => { controller.abort(); throw new DOMException('aborted', 'AbortError'); }]);
    await expectDingTalkError(transport.request(spec({ signal: controller.signal })), 'cancelled');
    assert.equal(fetch.requests.length, 1);
  });

  it('classifies non-JSON answers by status and accepts an empty 2xx', async () => {
    const html = setup([() => new Response('<html>bad gateway</html>', { status: 502 }), () => new Response('', { status: 200 })]);
    assert.deepEqual((await html.transport.request(spec())).body, {});
    const weird = setup([() => new Response('<html>ok?</html>', { status: 200 })]);
    await expectDingTalkError(weird.transport.request(spec()), 'unknown');
  });

  it('passes the per-attempt timeout signal to fetch', async () => {
    let signal: AbortSignal | undefined;
    const transport = new HttpTransport({ fetch: async (_u, init) => { signal = init.signal ?? undefined; return json(200, {}); }, logger: captureLogger });
    await transport.request(spec());
    assert.ok(signal instanceof AbortSignal && !signal.aborted);
  });

  it('logs every attempt without the token', async () => {
    const start = capturedLines.length;
    const { transport } = setup([() => json(500, {}), () => json(200, {})]);
    await transport.request(spec());
    const lines = capturedLines.slice(start);
    assert.ok(lines.some((l) => l.includes('test.op: → POST https://api.example/v1.0/x?access_token=***')), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('warn') && l.includes('retrying')));
    assert.ok(lines.every((l) => !l.includes(TOKEN)));
  });
});
