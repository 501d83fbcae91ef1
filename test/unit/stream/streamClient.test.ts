import * as assert from 'node:assert/strict';
import { TOPIC_ROBOT } from '../../../src/core/stream/frames';
import type { RobotMessage } from '../../../src/core/stream/robotMessage';
import { reconnectDelay } from '../../../src/core/stream/reconnect';
import { openWsSocket } from '../../../src/core/stream/socket';
import type { Sandbox } from '../../sandbox/server';
import { next, observingFetch, reach, streamSandbox, testClient, TestClient, until } from './helpers';

/** The stream client against the sandbox's gateway and WebSocket: frames, ACKs, reconnects. */
describe('stream client against the sandbox', function () {
  this.timeout(10_000);
  let sb: Sandbox;
  let t: TestClient | undefined;
  const group = () => sb.demo.groups[0];
  const user = () => sb.demo.users[0];
  const mention = (text: string) => sb.stream.post({ openConversationId: group().openConversationId, from: user().userid, text: `@${sb.demo.app.robotName} ${text}` });
  const upFrames = (connectionId: string) => sb.stream.hub.connections().find((c) => c.id === connectionId)!.frames.filter((f) => f.direction === 'up').map((f) => f.frame);

  before(async () => {
    sb = await streamSandbox();
  });
  after(() => sb.close());
  beforeEach(() => sb.reset());
  afterEach(async () => {
    await t?.client.dispose();
    t = undefined;
  });

  async function connected(options: Parameters<typeof testClient>[1] = {}): Promise<TestClient> {
    t = testClient(sb, options);
    t.client.start();
    await reach(t.client, 'connected');
    return t;
  }

  it('asks the gateway for a ticket with Accept: application/json, then connects with it', async () => {
    const fetch = observingFetch();
    const { client } = await connected({ fetch });
    assert.equal(fetch.calls.length, 1);
    assert.equal(fetch.calls[0].headers.accept, 'application/json');
    const [conn] = sb.stream.hub.open(sb.demo.app.appKey);
    assert.deepEqual(conn.subscriptions, [
      { type: 'EVENT', topic: '*' },
      { type: 'CALLBACK', topic: TOPIC_ROBOT },
    ]);
    assert.equal([...sb.stream.tickets.values()].filter((x) => x.used).length, 1);
    assert.equal(client.stats.gatewayCalls, 1);
  });

  it('echoes SYSTEM ping with the same headers and opaque data', async () => {
    await connected();
    const [conn] = sb.stream.hub.open();
    const ping = conn.frames.length;
    const echo = await sb.stream.hub.ping(conn.id);
    const sent = conn.frames[ping].frame as { headers: Record<string, string>; data: string };
    assert.deepEqual(echo, { code: 200, headers: sent.headers, message: 'OK', data: sent.data });
    assert.match(sent.data, /^\{"opaque":"[0-9a-f-]{36}"\}$/);
  });

  it('hands a robot message to the handler, then ACKs the CALLBACK in DingTalk\'s exact shape', async () => {
    const received: RobotMessage[] = [];
    await connected({ onRobotMessage: (m) => void received.push(m) });
    const [delivery] = mention('please look at src/app.ts:12').deliveries;
    await sb.stream.hub.whenAcked(delivery);
    assert.equal(received.length, 1);
    const m = received[0];
    assert.equal(m.text, 'please look at src/app.ts:12', 'the leading space left by the @-mention is trimmed');
    assert.equal(m.conversationId, group().openConversationId);
    assert.equal(m.conversationType, 'group');
    assert.equal(m.conversationTitle, group().title);
    assert.equal(m.senderNick, user().name);
    assert.equal(m.senderStaffId, user().userid);
    assert.match(m.sessionWebhook ?? '', /\/robot\/sendBySession\?session=[0-9a-f]{32}$/);
    assert.equal(m.sessionWebhookExpiredTime! - m.createAt, 90 * 60_000 + 231);
    const messageId = delivery.pushes[0].messageId;
    const ack = upFrames(delivery.pushes[0].connectionId).find((f) => (f.headers as { messageId: string }).messageId === messageId);
    assert.equal(JSON.stringify(ack), `{"code":200,"headers":{"contentType":"application/json","messageId":"${messageId}"},"message":"OK","data":"{\\"response\\":null}"}`);
  });

  it('ACKs a callback it could not keep with 500, and handles the re-delivery', async () => {
    sb.stream.configure({ redeliverCallbacks: true });
    let calls = 0;
    await connected({
      onRobotMessage: () => {
        calls++;
        if (calls === 1) throw new Error('disk full');
      },
    });
    const [delivery] = mention('retry me').deliveries;
    await sb.stream.hub.whenAcked(delivery);
    sb.stream.configure({ redeliverCallbacks: false });
    assert.equal(calls, 2);
    assert.deepEqual(delivery.acks.map((a) => a.code), [500, 200]);
  });

  it('ACKs EVENTs with SUCCESS, or LATER when the handler fails; LATER events come back until SUCCESS', async () => {
    const seen: string[] = [];
    let fail = 2;
    await connected({
      onEvent: (e) => {
        seen.push(String(e.headers.eventType));
        if (fail-- > 0) throw new Error('not now');
        return 'SUCCESS';
      },
    });
    const delivery = sb.stream.hub.pushEvent(sb.demo.app.appKey, 'chat_update_title', { title: 'new' });
    await sb.stream.hub.whenAcked(delivery);
    assert.deepEqual(seen, ['chat_update_title', 'chat_update_title', 'chat_update_title']);
    assert.deepEqual(delivery.acks.map((a) => (a.data as { status: string }).status), ['LATER', 'LATER', 'SUCCESS']);
    assert.equal(delivery.pushes.length, 3, 're-pushed after each LATER');
    const last = delivery.pushes[2].messageId;
    const frame = upFrames(delivery.pushes[2].connectionId).find((f) => (f.headers as { messageId: string }).messageId === last);
    assert.equal(JSON.stringify(frame), `{"code":200,"headers":{"contentType":"application/json","messageId":"${last}"},"message":"OK","data":"{\\"status\\":\\"SUCCESS\\"}"}`);
  });

  it('handles each duplicate once but ACKs every copy', async () => {
    sb.stream.configure({ duplicateFraction: 1 });
    const received: string[] = [];
    let events = 0;
    const { client } = await connected({ onRobotMessage: (m) => void received.push(m.text), onEvent: () => (events++, 'SUCCESS') });
    const a = mention('one').deliveries[0];
    const b = mention('two').deliveries[0];
    const e = sb.stream.hub.pushEvent(sb.demo.app.appKey, 'x', {});
    await Promise.all([a, b, e].map((d) => sb.stream.hub.whenAcked(d)));
    await until(() => a.acks.length === 2 && b.acks.length === 2 && e.acks.length === 2, 'both copies ACKed');
    sb.stream.configure({ duplicateFraction: 0 });
    assert.deepEqual(received.sort(), ['one', 'two']);
    assert.equal(events, 1);
    assert.equal(client.stats.duplicates, 3);
    assert.ok(a.pushes[0].duplicated && e.pushes[0].duplicated);
  });

  it('on SYSTEM disconnect, opens a replacement with a new ticket at once and closes the old socket', async () => {
    const received: string[] = [];
    const { client, time } = await connected({ onRobotMessage: (m) => void received.push(m.text) });
    const [old] = sb.stream.hub.open();
    time.advance(60_000); // the connection has been up a while
    sb.stream.hub.disconnect(old.id);
    await until(() => sb.stream.hub.open().length === 1 && sb.stream.hub.open()[0].id !== old.id, 'the replacement, and the old one closed');
    assert.equal(old.closedBy, 'client', 'the client left before the server\'s 10 s grace');
    assert.equal(old.closeCode, 1000);
    assert.equal(client.stats.gatewayCalls, 2);
    assert.equal(client.state, 'connected');
    const [d] = mention('after the move').deliveries;
    await sb.stream.hub.whenAcked(d);
    assert.deepEqual(received, ['after the move']);
    assert.equal(d.pushes[0].connectionId, sb.stream.hub.open()[0].id);
  });

  it('reconnects after a dropped socket, after an exponential backoff with jitter', async () => {
    const { client, time } = await connected();
    const [first] = sb.stream.hub.open();
    const scheduled = next(client.onReconnectScheduled);
    sb.stream.hub.drop(first.id);
    const { attempt, delayMs } = await scheduled;
    assert.equal(attempt, 1);
    assert.equal(delayMs, reconnectDelay(1, () => 0.5));
    assert.equal(client.state, 'reconnecting');
    assert.equal(client.stats.gatewayCalls, 1, 'nothing happens before the delay');
    time.advance(delayMs);
    await reach(client, 'connected');
    assert.equal(client.stats.gatewayCalls, 2);
    assert.equal(sb.stream.hub.open().length, 1);
    assert.equal(first.closedBy, 'server');
  });

  it('doubles the backoff while the gateway keeps failing, up to the cap', async () => {
    sb.addFault({ match: { path: '/v1.0/gateway/connections/open' }, action: { status: 503 }, count: 3 });
    t = testClient(sb);
    const delays: number[] = [];
    t.client.onReconnectScheduled((e) => delays.push(e.delayMs));
    t.client.start();
    for (let i = 1; i <= 3; i++) {
      await until(() => delays.length === i, `retry ${i}`);
      t.time.advance(delays[i - 1]);
    }
    await reach(t.client, 'connected');
    assert.deepEqual(delays, [1, 2, 3].map((n) => reconnectDelay(n, () => 0.5)));
    assert.deepEqual(delays, [750, 1500, 3000]);
  });

  it('gets a new ticket when the WebSocket refuses an expired one', async () => {
    let first = true;
    // The client takes more than 90 s between the gateway call and the connection (a suspended laptop).
    const fetch = observingFetch(() => {
      if (first) sb.clock.advance(91_000);
      first = false;
    });
    t = testClient(sb, { fetch });
    const scheduled = next(t.client.onReconnectScheduled);
    t.client.start();
    const { delayMs } = await scheduled;
    assert.deepEqual(sb.stream.hub.rejectedUpgrades.map((r) => r.reason), ['ticket expired']);
    assert.ok(t.log.lines.some((l) => /refused \(HTTP 401\)/.test(l)), t.log.lines.join('\n'));
    t.time.advance(delayMs);
    await reach(t.client, 'connected');
    assert.equal(fetch.calls.length, 2, 'a second ticket');
  });

  it('stops (failed) on wrong credentials instead of retrying', async () => {
    t = testClient(sb, { credentials: async () => ({ clientId: sb.demo.app.appKey, clientSecret: 'wrong-secret-value' }) });
    t.client.start();
    await reach(t.client, 'failed');
    assert.equal(t.client.lastError?.kind, 'invalidCredentials');
    assert.equal(t.client.stats.gatewayCalls, 1);
    assert.equal(t.time.nextTimerAt(), undefined, 'no retry scheduled');
    assert.ok(!t.log.lines.join('\n').includes('wrong-secret-value'));
  });

  it('drops a connection whose peer stops answering keep-alive pings, and reconnects', async () => {
    let swallowPongs = true;
    const { client, time } = await connected({
      keepAliveMs: 20_000,
      openSocket: (url, handlers) => openWsSocket(url, { ...handlers, onPong: () => (swallowPongs ? undefined : handlers.onPong()) }),
    });
    const [conn] = sb.stream.hub.open();
    time.advance(20_000); // ping
    await until(() => time.nextTimerAt() !== undefined, 'the next keep-alive tick');
    const scheduled = next(client.onReconnectScheduled);
    time.advance(20_000); // no pong (nor any frame) since: terminate
    await scheduled;
    assert.ok(t!.log.lines.some((l) => l.includes('no answer from DingTalk')));
    await until(() => conn.closedAt !== undefined, 'the dead connection closed');
    swallowPongs = false;
  });

  it('stop() closes the socket normally and does not reconnect', async () => {
    const { client } = await connected();
    const [conn] = sb.stream.hub.open();
    await client.stop();
    assert.equal(client.state, 'stopped');
    await until(() => conn.closedAt !== undefined, 'the server saw the close');
    assert.equal(conn.closedBy, 'client');
    assert.equal(conn.closeCode, 1000);
    assert.equal(t!.time.nextTimerAt(), undefined);
  });

  it('never logs the ticket or the session webhook', async () => {
    const { log } = await connected({ onRobotMessage: () => undefined });
    await sb.stream.hub.whenAcked(mention('secret stuff').deliveries[0]);
    const ticket = [...sb.stream.tickets.keys()][0];
    const session = [...sb.stream.chat.sessions.keys()][0];
    const all = log.lines.join('\n');
    assert.ok(!all.includes(ticket) && !all.includes(session), all);
  });
});
