import * as assert from 'assert';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { fetchAppToken, request, sendSigned, v1 } from './helpers';

describe('sandbox: fault injection', () => {
  let sb: Sandbox;
  let token: string;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());
  beforeEach(async () => {
    sb.reset();
    sb.configure({ customRobotRateLimitErrcode: 130101 });
    token = await fetchAppToken(sb);
  });

  const addFault = (spec: unknown) => request(`${sb.baseUrl}/__sandbox/faults`, { json: spec });
  const groupSend = (tok = token) =>
    v1(sb, tok, 'POST', '/v1.0/robot/groupMessages/send', {
      robotCode: sb.demo.app.robotCode,
      openConversationId: sb.demo.groups[0].openConversationId,
      msgKey: 'sampleText',
      msgParam: '{"content":"x"}',
    });
  const text = { msgtype: 'text', text: { content: 'x' } };

  it('answers the next N matching requests with the given status, then behaves normally', async () => {
    const added = await addFault({ match: { path: '/v1.0/robot/', method: 'POST' }, action: { status: 503 }, count: 2 });
    assert.strictEqual(added.status, 200);
    assert.match(added.json.id, /^fault-\d+$/);
    const first = await groupSend();
    assert.strictEqual(first.status, 503);
    assert.strictEqual(typeof first.json.code, 'string', 'default v1.0 fault body keeps the {code, requestid, message} envelope');
    assert.strictEqual(typeof first.json.requestid, 'string');
    assert.strictEqual((await groupSend()).status, 503);
    assert.strictEqual((await groupSend()).status, 200);
    assert.strictEqual(sb.state.messages().length, 1, 'faulted requests never reach the handler');
  });

  it('uses a custom body verbatim and only matches the method given', async () => {
    await addFault({ match: { path: '/robot/send', method: 'POST' }, action: { body: { errcode: -1, errmsg: '系统繁忙' } } });
    await addFault({ match: { path: '/gettoken', method: 'POST' }, action: { status: 500 } });
    assert.deepStrictEqual((await sendSigned(sb, text)).json, { errcode: -1, errmsg: '系统繁忙' });
    assert.strictEqual((await sendSigned(sb, text)).json.errcode, 0);
    const get = await request(`${sb.baseUrl}/gettoken?appkey=${sb.demo.app.appKey}&appsecret=${sb.demo.app.appSecret}`);
    assert.strictEqual(get.json.errcode, 0, 'a GET does not match a POST-only fault');
  });

  it('delays requests by delayMs', async () => {
    await addFault({ match: { path: '/v1.0/robot/groupMessages/send' }, action: { delayMs: 300 } });
    const started = Date.now();
    const res = await groupSend();
    assert.ok(Date.now() - started >= 290, 'the response waited for the delay');
    assert.strictEqual(res.status, 200, 'a pure delay still handles the request');
  });

  it('resets the connection', async () => {
    await addFault({ match: { path: '/v1.0/robot/' }, action: { reset: true } });
    await assert.rejects(groupSend(), (err: Error) => /fetch failed|socket|ECONNRESET/i.test(`${err.message} ${String((err as { cause?: unknown }).cause)}`));
    assert.strictEqual((await groupSend()).status, 200);
  });

  it('expires the token the request carries (v1.0 → InvalidAuthentication) until a new one is fetched', async () => {
    await addFault({ match: { path: '/v1.0/robot/' }, action: { expireToken: true } });
    const res = await groupSend();
    assert.strictEqual(res.status, 400);
    assert.strictEqual(res.json.code, 'InvalidAuthentication');
    assert.strictEqual((await groupSend()).json.code, 'InvalidAuthentication', 'the token stays expired');
    assert.strictEqual((await groupSend(await fetchAppToken(sb))).status, 200);
  });

  it('produces the surface rate-limit error: custom robot errcode, v1.0 403 QpsLimitForApi', async () => {
    sb.configure({ customRobotRateLimitErrcode: 410100 });
    await addFault({ match: { path: '/robot/send' }, action: { rateLimit: true } });
    await addFault({ match: { path: '/v1.0/' }, action: { rateLimit: true } });
    assert.strictEqual((await sendSigned(sb, text)).json.errcode, 410100);
    const v1Res = await groupSend();
    assert.strictEqual(v1Res.status, 403);
    assert.strictEqual(v1Res.json.code, 'Forbidden.AccessDenied.QpsLimitForApi');
  });

  it('affects a fraction of requests, reproducibly from the seed', async () => {
    await addFault({ match: { path: '/robot/send' }, action: { status: 500 }, fraction: 0 });
    for (let i = 0; i < 5; i++) assert.strictEqual((await sendSigned(sb, text)).status, 200);
    await request(`${sb.baseUrl}/__sandbox/faults`, { method: 'DELETE' });

    const run = async () => {
      sb.reset(); // reseeds the PRNG
      await addFault({ match: { path: '/gettoken' }, action: { status: 500 }, fraction: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await request(`${sb.baseUrl}/gettoken?appkey=x&appsecret=y`)).status);
      return statuses;
    };
    const a = await run();
    const b = await run();
    assert.deepStrictEqual(a, b);
    const failures = a.filter((s) => s === 500).length;
    assert.ok(failures > 5 && failures < 35, `about half fail (got ${failures}/40)`);
  });

  it('DELETE /__sandbox/faults clears pending faults, and reset() does too', async () => {
    await addFault({ match: { path: '/v1.0/' }, action: { status: 500 }, count: 5 });
    assert.strictEqual((await request(`${sb.baseUrl}/__sandbox/faults`)).json.faults.length, 1);
    await request(`${sb.baseUrl}/__sandbox/faults`, { method: 'DELETE' });
    assert.strictEqual((await groupSend()).status, 200);
    sb.addFault({ match: { path: '/v1.0/' }, action: { status: 500 }, count: 5 });
    sb.reset();
    assert.strictEqual((await groupSend(await fetchAppToken(sb))).status, 200);
  });

  it('rejects malformed specs and never faults the control endpoints', async () => {
    for (const spec of [{}, { match: { path: 'no-slash' }, action: { status: 500 } }, { match: { path: '/x' }, action: { explode: true } }, { match: { path: '/x' }, action: { status: 500 }, fraction: 2 }, { match: { path: '/__sandbox/state' }, action: { status: 500 } }]) {
      const res = await addFault(spec);
      assert.strictEqual(res.status, 400, JSON.stringify(spec));
      assert.match(res.json.message, /^invalid fault: /);
    }
    await addFault({ match: { path: '/' }, action: { status: 500 }, count: 10 });
    assert.strictEqual((await request(`${sb.baseUrl}/__sandbox/state`)).status, 200);
    assert.strictEqual((await request(`${sb.baseUrl}/`)).status, 200);
  });
});
