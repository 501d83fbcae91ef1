import * as assert from 'node:assert/strict';
import WebSocket from 'ws';
import { HttpTransport } from '../../../src/core/dingtalk/transport';
import { textMessage } from '../../../src/core/dingtalk/messages';
import { isSessionUsable, postToSessionWebhook } from '../../../src/core/stream/sessionWebhook';
import type { Sandbox } from '../../sandbox/server';
import { request } from '../sandbox/helpers';
import { streamSandbox } from './helpers';

/** The sandbox's Stream Mode as a raw client sees it: gateway, tickets, delivery, session webhooks, the page. */
describe('sandbox: Stream Mode', function () {
  this.timeout(10_000);
  let sb: Sandbox;
  const sockets: WebSocket[] = [];
  before(async () => {
    sb = await streamSandbox();
  });
  after(() => sb.close());
  beforeEach(() => sb.reset());
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.terminate());
  });

  const gateway = (body: unknown, accept = 'application/json') =>
    request(`${sb.baseUrl}/v1.0/gateway/connections/open`, { json: body, headers: { accept } });
  const credentials = () => ({ clientId: sb.demo.app.appKey, clientSecret: sb.demo.app.appSecret, subscriptions: [{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }] });
  /** A raw connection that ACKs every CALLBACK, and records what it got. */
  const connect = async (ticket?: string): Promise<{ ws: WebSocket; frames: Array<{ headers: Record<string, string>; data: string }> }> => {
    const t = ticket ?? (await gateway(credentials())).json.ticket;
    const ws = new WebSocket(`${sb.baseUrl.replace('http', 'ws')}/connect?ticket=${encodeURIComponent(t)}`);
    sockets.push(ws);
    const frames: Array<{ headers: Record<string, string>; data: string }> = [];
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString());
      frames.push(f);
      if (f.type === 'CALLBACK') ws.send(JSON.stringify({ code: 200, headers: { contentType: 'application/json', messageId: f.headers.messageId }, message: 'OK', data: '{"response":null}' }));
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return { ws, frames };
  };
  const refused = (ticket: string) =>
    new Promise<string>((resolve) => {
      const ws = new WebSocket(`${sb.baseUrl.replace('http', 'ws')}/connect?ticket=${ticket}`);
      ws.on('error', (e) => resolve(e.message));
    });
  const mention = (text: string, group = sb.demo.groups[0]) => sb.stream.post({ openConversationId: group.openConversationId, from: 'zhangwei', text: `@${sb.demo.app.robotName} ${text}` });

  it('gateway: JSON only with Accept: application/json (XML otherwise); checks credentials and subscriptions', async () => {
    const ok = await gateway(credentials());
    assert.equal(ok.status, 200);
    assert.match(ok.json.endpoint, /^ws:\/\/127\.0\.0\.1:\d+\/connect$/);
    assert.match(ok.json.ticket, /^[0-9a-f-]{36}$/);
    const xml = await gateway(credentials(), 'text/html');
    assert.match(xml.headers.get('content-type') ?? '', /xml/);
    assert.match(xml.text, /^<\?xml[^>]*><OpenConnectionResponse><endpoint>ws:\/\/.*<\/endpoint><ticket>[0-9a-f-]{36}<\/ticket><\/OpenConnectionResponse>$/);
    const wrong = await gateway({ ...credentials(), clientSecret: 'nope' });
    assert.deepEqual([wrong.status, wrong.json.code], [400, 'invalidClientIdOrSecret']);
    const badEvent = await gateway({ ...credentials(), subscriptions: [{ type: 'EVENT', topic: 'chat_update_title' }] });
    assert.deepEqual([badEvent.status, badEvent.json.code], [400, 'invalidParameter.subscriptions']);
  });

  it('a ticket opens one connection, within 90 s', async () => {
    const { ticket } = (await gateway(credentials())).json;
    await connect(ticket);
    assert.match(await refused(ticket), /401/);
    const late = (await gateway(credentials())).json.ticket;
    sb.clock.advance(90_001);
    assert.match(await refused(late), /401/);
    assert.match(await refused('made-up'), /401/);
    assert.deepEqual(sb.stream.hub.rejectedUpgrades.map((r) => r.reason), ['ticket already used', 'ticket expired', 'unknown ticket']);
  });

  it('hands each robot message to one connection at random; with none open it is gone', async () => {
    const lost = mention('nobody listens').deliveries[0];
    assert.equal(lost.status, 'undelivered');
    const conns = [await connect(), await connect(), await connect()];
    const deliveries = Array.from({ length: 30 }, (_, i) => mention(`n${i}`).deliveries[0]);
    await Promise.all(deliveries.map((d) => sb.stream.hub.whenAcked(d)));
    const counts = conns.map((c) => c.frames.filter((f) => f.headers.topic === '/v1.0/im/bot/messages/get').length);
    assert.equal(counts.reduce((a, b) => a + b), 30, 'each message exactly once');
    assert.ok(counts.every((n) => n > 0), `all connections got some: ${counts}`);
  });

  it('robot payload: cut @-mention with its leading space, group title, 90-minute session webhook', async () => {
    const { frames } = await connect();
    await sb.stream.hub.whenAcked(mention('看一下 src/a.ts:3').deliveries[0]);
    const data = JSON.parse(frames.find((f) => f.headers.topic === '/v1.0/im/bot/messages/get')!.data);
    assert.deepEqual(data.text, { content: ' 看一下 src/a.ts:3' });
    assert.equal(data.conversationType, '2');
    assert.equal(data.conversationTitle, sb.demo.groups[0].title);
    assert.equal(data.conversationId, sb.demo.groups[0].openConversationId);
    assert.equal(data.senderStaffId, 'zhangwei');
    assert.equal(data.isInAtList, true);
    assert.equal(data.sessionWebhookExpiredTime - data.createAt, 5_400_231);
    assert.ok(!sb.stream.post({ openConversationId: sb.demo.groups[0].openConversationId, from: 'zhangwei', text: 'no mention' }).deliveries.length, 'messages without the @-mention do not reach the robot');
  });

  it('robot payload: the sender\'s unionId, and atUsers with the robot and every other member @-mentioned', async () => {
    const { frames } = await connect();
    // 李娜 is in 研发小组, 陈静 is not (her name is just text there).
    await sb.stream.hub.whenAcked(mention('@李娜 @陈静 please pair on this').deliveries[0]);
    const data = JSON.parse(frames.find((f) => f.headers.topic === '/v1.0/im/bot/messages/get')!.data);
    assert.equal(data.senderUnionId, 'TmAxviUuzyogf8gYnIoygwiE');
    assert.equal(data.atUsers.length, 2);
    assert.deepEqual(data.atUsers[0], { dingtalkId: data.chatbotUserId }, 'the robot: an encrypted id, no staffId');
    assert.deepEqual([data.atUsers[1].staffId, data.atUsers[1].unionId], ['lina', 'canbjdtilTkvFcddz8SIkNiE']);
    assert.match(data.atUsers[1].dingtalkId, /^\$:LWCP_v1:\$/);
  });

  it('session webhooks: custom-robot bodies, no auth, into the group as the app robot; refused after 90 minutes', async () => {
    await connect();
    const d = mention('reply please').deliveries[0];
    await sb.stream.hub.whenAcked(d);
    const session = { url: String(d.data.sessionWebhook), expiresAt: Number(d.data.sessionWebhookExpiredTime) };
    const transport = new HttpTransport({ retry: { maxAttempts: 1 } });
    await postToSessionWebhook(transport, session, textMessage('好的'));
    const last = sb.state.messages(sb.demo.groups[0].openConversationId).at(-1)!;
    assert.deepEqual([last.sender.kind, last.sender.name, last.content], ['appRobot', sb.demo.app.robotName, { type: 'text', content: '好的' }]);
    const bad = await request(session.url, { json: { msgtype: 'image', image: {} } });
    assert.equal(bad.json.errcode, 400105);
    // The same `at` as the custom robot: userIds, mobiles and @all, for text and markdown only.
    await request(session.url, { json: { msgtype: 'text', text: { content: '@lina @13800000003 大家看看' }, at: { atUserIds: ['lina'], atMobiles: ['13800000003'], isAtAll: true } } });
    const withAt = sb.state.messages(sb.demo.groups[0].openConversationId).at(-1)!;
    assert.deepEqual(withAt.mentions.map((m) => [m.userid, m.via, m.inContent]), [['wangfang', 'atMobiles', true], ['lina', 'atUserIds', true]]);
    assert.equal(withAt.atAll, true);
    await request(session.url, { json: { msgtype: 'link', link: { title: 't', text: 'x', messageUrl: 'https://example.com' }, at: { isAtAll: true } } });
    assert.equal(sb.state.messages(sb.demo.groups[0].openConversationId).at(-1)!.atAll, false, '`at` is ignored for other message types');
    // The custom robot's configured body rules apply here too.
    sb.configure({ customRobotMaxBodyBytes: 100 });
    try {
      const big = await request(session.url, { json: { msgtype: 'text', text: { content: 'x'.repeat(200) } } });
      assert.equal(big.json.errcode, 40035);
    } finally {
      sb.configure({ customRobotMaxBodyBytes: 20_000 });
    }
    assert.equal(isSessionUsable(session, sb.clock.now()), true);
    sb.clock.advance(90 * 60_000 + 232);
    assert.equal(isSessionUsable(session, sb.clock.now()), false);
    const expired = await request(session.url, { json: { msgtype: 'text', text: { content: 'too late' } } });
    assert.deepEqual([expired.json.errcode, expired.json.errmsg], [300005, 'session is expired']);
    await assert.rejects(postToSessionWebhook(transport, { ...session, url: `${sb.baseUrl}/robot/sendBySession?session=unknown` }, textMessage('x')), (e: { kind: string }) => e.kind === 'tokenNotExist');
    await assert.rejects(postToSessionWebhook(transport, { ...session, url: 'http://example.com/robot/sendBySession?session=x' }, textMessage('x')), (e: { kind: string }) => e.kind === 'invalidWebhookUrl');
  });

  it('1:1 messages to the robot (pictures and files too) and their replies', async () => {
    const { frames } = await connect();
    const pic = sb.stream.post({ to: sb.demo.app.robotCode, from: 'lina', msgtype: 'picture' }).deliveries[0];
    const file = sb.stream.post({ to: sb.demo.app.robotCode, from: 'lina', msgtype: 'file', fileName: '周报.pdf' }).deliveries[0];
    await Promise.all([pic, file].map((d) => sb.stream.hub.whenAcked(d)));
    const [a, b] = frames.filter((f) => f.headers.topic === '/v1.0/im/bot/messages/get').map((f) => JSON.parse(f.data));
    assert.deepEqual([a.conversationType, a.msgtype, typeof a.content.downloadCode], ['1', 'picture', 'string']);
    assert.deepEqual([b.msgtype, b.content.fileName], ['file', '周报.pdf']);
    assert.equal(a.conversationTitle, undefined);
    await request(a.sessionWebhook, { json: { msgtype: 'text', text: { content: '收到图片' } } });
    assert.deepEqual(sb.stream.chat.directReplies.map((r) => [r.userid, r.content]), [['lina', { type: 'text', content: '收到图片' }]]);
  });

  it('the page has a "post as a user" box per group; its endpoint checks the sender and records the post', async () => {
    const page = (await request(sb.pageUrl)).text;
    for (const g of sb.demo.groups) assert.match(page, new RegExp(`<form class="composer" data-composer="${g.openConversationId.replace(/[=]/g, '\\=')}"`));
    assert.ok(page.includes(`value="@${sb.demo.app.robotName} "`));
    assert.ok(page.includes("fetch('/__sandbox/chat/post'"));
    const g = sb.demo.groups[0];
    const outsider = await request(`${sb.baseUrl}/__sandbox/chat/post`, { json: { openConversationId: g.openConversationId, from: 'bob.smith', text: 'hi' } });
    assert.equal(outsider.status, 400);
    assert.match(outsider.json.message, /not a member/);
    const ok = await request(`${sb.baseUrl}/__sandbox/chat/post`, { json: { openConversationId: g.openConversationId, from: 'lina', text: `@${sb.demo.app.robotName} hi` } });
    assert.deepEqual(ok.json.deliveries.map((d: { status: string }) => d.status), ['undelivered']);
    const view = (await request(`${sb.baseUrl}/__sandbox/view`)).text;
    assert.ok(view.includes(`@${sb.demo.app.robotName} hi`));
    assert.ok(!/李娜<\/span><span class="badge">/.test(view), 'people get no robot badge');
  });

  it('control endpoints: list connections, disconnect and push an event', async () => {
    const earlier = sb.stream.hub.connections().length;
    const { ws } = await connect();
    await connect();
    const state = (await request(`${sb.baseUrl}/__sandbox/stream`)).json;
    const open = state.connections.slice(earlier);
    assert.deepEqual(open.map((c: { closedAt?: number; framesDown: number }) => [c.closedAt, c.framesDown]), [[undefined, 0], [undefined, 0]]);
    const told = new Promise<{ data: string }>((resolve) =>
      ws.on('message', (d) => {
        const f = JSON.parse(d.toString());
        if (f.headers.topic === 'disconnect') resolve(f);
      }),
    );
    await request(`${sb.baseUrl}/__sandbox/stream/disconnect`, { json: { connectionId: open[0].id, reason: 'maintenance' } });
    assert.deepEqual(JSON.parse((await told).data), { reason: 'maintenance' }, 'the first connection was told to go');
    const unknown = await request(`${sb.baseUrl}/__sandbox/stream/config`, { json: { bogus: 1 } });
    assert.equal(unknown.status, 400);
  });
});
