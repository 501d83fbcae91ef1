import * as assert from 'assert';
import * as http from 'http';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { fetchAppToken, request, sendSigned, signingRobot, v1 } from './helpers';

describe('sandbox: control endpoints and programmatic API', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0, config: { todoPageSize: 5 } });
  });
  after(() => sb.close());
  beforeEach(() => sb.reset());

  it('exposes baseUrl without a trailing slash and pageUrl with one', () => {
    assert.match(sb.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.strictEqual(sb.pageUrl, `${sb.baseUrl}/`);
    assert.ok(sb.demo.customRobots[0].webhookUrl.startsWith(`${sb.baseUrl}/robot/send?access_token=`));
  });

  it('applies options.config at start and keeps configure() patches across reset()', async () => {
    assert.strictEqual(sb.config.todoPageSize, 5);
    sb.configure({ todoPageSize: 7 });
    sb.reset();
    assert.strictEqual(sb.config.todoPageSize, 7);
    sb.configure({ todoPageSize: 5 });
  });

  it('GET /__sandbox/state lists groups with messages, to-dos and media', async () => {
    await sendSigned(sb, { msgtype: 'text', text: { content: 'state check' } });
    const token = await fetchAppToken(sb);
    await v1(sb, token, 'POST', `/v1.0/todo/users/${sb.demo.users[0].unionid}/tasks`, { subject: 'S' });
    const res = await request(`${sb.baseUrl}/__sandbox/state`);
    assert.strictEqual(res.status, 200);
    const group = res.json.groups.find((g: { openConversationId: string }) => g.openConversationId === signingRobot(sb).openConversationId);
    assert.deepStrictEqual(group.messages.map((m: { content: { content: string } }) => m.content.content), ['state check']);
    assert.deepStrictEqual(res.json.todos.map((t: { subject: string }) => t.subject), ['S']);
    assert.deepStrictEqual(res.json.media, []);
    assert.strictEqual(typeof res.json.now, 'number');
  });

  it('state views are copies: editing them does not change the sandbox', async () => {
    await sendSigned(sb, { msgtype: 'text', text: { content: 'original' } });
    const [message] = sb.state.messages();
    (message.content as { content: string }).content = 'edited';
    assert.deepStrictEqual(sb.state.messages()[0].content, { type: 'text', content: 'original' });
  });

  it('POST /__sandbox/reset restores the seed: messages, to-dos, tokens', async () => {
    const token = await fetchAppToken(sb);
    await sendSigned(sb, { msgtype: 'text', text: { content: 'gone after reset' } });
    await v1(sb, token, 'POST', `/v1.0/todo/users/${sb.demo.users[0].unionid}/tasks`, { subject: 'S' });
    assert.strictEqual((await request(`${sb.baseUrl}/__sandbox/reset`, { method: 'POST' })).status, 200);
    assert.strictEqual(sb.state.messages().length, 0);
    assert.strictEqual(sb.state.todos().length, 0);
    const afterReset = await v1(sb, token, 'POST', `/v1.0/todo/users/${sb.demo.users[0].unionid}/tasks`, { subject: 'S' });
    assert.strictEqual(afterReset.json.code, 'InvalidAuthentication', 'tokens are forgotten');
  });

  it('POST /__sandbox/clock advances and sets the sandbox time', async () => {
    const before = sb.clock.now();
    const advanced = await request(`${sb.baseUrl}/__sandbox/clock`, { json: { advanceMs: 3_600_000 } });
    assert.ok(advanced.json.now >= before + 3_600_000 && advanced.json.now < before + 3_600_000 + 5_000);
    const set = await request(`${sb.baseUrl}/__sandbox/clock`, { json: { setMs: 1_700_000_000_000 } });
    assert.ok(set.json.now >= 1_700_000_000_000 && set.json.now < 1_700_000_005_000);
    assert.ok(Math.abs(sb.clock.now() - 1_700_000_000_000) < 5_000);
    assert.strictEqual((await request(`${sb.baseUrl}/__sandbox/clock`, { json: { advanceMs: 'soon' } })).status, 400);
    sb.clock.set(Date.now());
  });

  it('GET/POST /__sandbox/config reads and patches config, rejecting unknown keys and bad values', async () => {
    const current = await request(`${sb.baseUrl}/__sandbox/config`);
    assert.strictEqual(current.json.customRobotRateLimitErrcode, 130101);
    const patched = await request(`${sb.baseUrl}/__sandbox/config`, { json: { customRobotRateLimitErrcode: 410100 } });
    assert.strictEqual(patched.json.customRobotRateLimitErrcode, 410100);
    assert.strictEqual(sb.config.customRobotRateLimitErrcode, 410100);
    assert.strictEqual((await request(`${sb.baseUrl}/__sandbox/config`, { json: { customRobotRateLimitErrcode: 12345 } })).status, 400);
    assert.strictEqual((await request(`${sb.baseUrl}/__sandbox/config`, { json: { noSuchOption: true } })).status, 400);
    assert.strictEqual((await request(`${sb.baseUrl}/__sandbox/config`, { json: { scopeChecks: 'yes' } })).status, 400);
    assert.throws(() => sb.configure({ todoPageSize: 'ten' as unknown as number }), /must be a number/);
    sb.configure({ customRobotRateLimitErrcode: 130101 });
  });

  it('answers unknown paths in each surface envelope', async () => {
    const v1Res = await request(`${sb.baseUrl}/v1.0/nothing/here`, { json: {} });
    assert.strictEqual(v1Res.status, 404);
    assert.strictEqual(v1Res.json.code, 'InvalidAction.NotFound');
    assert.strictEqual(typeof v1Res.json.requestid, 'string');
    const wrongMethod = await request(`${sb.baseUrl}/v1.0/robot/groupMessages/send`);
    assert.strictEqual(wrongMethod.status, 404);
    const oapi = await request(`${sb.baseUrl}/topapi/nothing`, { json: {} });
    assert.strictEqual(oapi.status, 404);
    assert.strictEqual(typeof oapi.json.errcode, 'number');
  });

  it('streams a change event over /__sandbox/events when a message arrives', async () => {
    const url = new URL(`${sb.baseUrl}/__sandbox/events`);
    const received = new Promise<string>((resolve, reject) => {
      const req = http.get({ host: url.hostname, port: url.port, path: url.pathname }, (res) => {
        assert.strictEqual(res.headers['content-type'], 'text/event-stream; charset=utf-8');
        let buffer = '';
        res.on('data', (chunk) => {
          buffer += chunk;
          const match = /event: change\ndata: (.*)\n\n/.exec(buffer);
          if (match) {
            req.destroy();
            resolve(match[1]);
          }
        });
        // Send once subscribed.
        setTimeout(() => sendSigned(sb, { msgtype: 'text', text: { content: 'live' } }).catch(reject), 50);
      });
      req.on('error', (err) => (/aborted|socket hang up/.test(err.message) ? undefined : reject(err)));
      setTimeout(() => reject(new Error('no change event within 3 s')), 3000);
    });
    assert.deepStrictEqual(JSON.parse(await received), { kind: 'messages' });
  });

  it('GET /__sandbox/demo repeats the demo credentials', async () => {
    const res = await request(`${sb.baseUrl}/__sandbox/demo`);
    assert.deepStrictEqual(res.json, JSON.parse(JSON.stringify(sb.demo)));
  });

  it('issueToken/expireToken work without HTTP', async () => {
    const token = sb.issueToken();
    const ok = await v1(sb, token, 'POST', `/v1.0/todo/users/${sb.demo.users[0].unionid}/tasks`, { subject: 'S' });
    assert.strictEqual(ok.status, 200);
    sb.expireToken(token);
    const expired = await v1(sb, token, 'POST', `/v1.0/todo/users/${sb.demo.users[0].unionid}/tasks`, { subject: 'T' });
    assert.strictEqual(expired.json.code, 'InvalidAuthentication');
    assert.throws(() => sb.issueToken('dingunknown'), /no app/);
  });

  it('close() resolves and frees the port even with an open event stream', async () => {
    const other = await startSandbox({ port: 0 });
    const url = new URL(`${other.baseUrl}/__sandbox/events`);
    await new Promise<void>((resolve) => {
      const req = http.get({ host: url.hostname, port: url.port, path: url.pathname }, () => resolve());
      req.on('error', () => undefined);
    });
    await other.close();
    await assert.rejects(fetch(`${other.baseUrl}/__sandbox/state`));
  });
});
