/**
 * The real client over real HTTP against the local DingTalk sandbox (test/sandbox/server.ts).
 * Time is fake on both sides: the sandbox clock is frozen, and the client's clock reads it while the client's
 * sleep advances it, so rate limits, throttles and token expiry play out without waiting.
 */
import * as assert from 'node:assert/strict';
import { DingTalkAppClient } from '../../../src/core/dingtalk/appClient';
import { CustomRobotClient } from '../../../src/core/dingtalk/customRobotClient';
import {
  actionCardMessage, feedCardMessage, linkMessage, markdownMessage, multiButtonActionCardMessage, sampleActionCard, sampleFile,
  sampleImageMsg, sampleLink, sampleMarkdown, sampleText, textMessage,
} from '../../../src/core/dingtalk/messages';
import { nodeHttpFetch } from '../../../src/core/dingtalk/nodeHttp';
import { Clock, FetchLike, HttpRequestInit, Sleep } from '../../../src/core/dingtalk/transport';
import { loadSeed } from '../../sandbox/seed';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { auditCredentials, auditTokenResponse, FakeClock, fakeSleep } from './helpers';
import { captureLogger, expectDingTalkError, useSecret } from './logCapture';

const START = Date.UTC(2026, 0, 5, 2, 0, 0);

/** The transport's default fetch, recording every request and how many are in flight. */
function recordingFetch(): FetchLike & { urls: string[]; inFlight: () => number } {
  const urls: string[] = [];
  let inFlight = 0;
  const impl = async (url: string, init: HttpRequestInit): Promise<Response> => {
    urls.push(`${init.method} ${url}`);
    auditCredentials(url, lowerCaseHeaders(init.headers), init.body);
    inFlight++;
    try {
      const res = await nodeHttpFetch(url, init);
      // Read the body here so "in flight" covers the whole exchange.
      const text = await res.text();
      auditTokenResponse(text);
      return new Response(text, { status: res.status, headers: res.headers });
    } finally {
      inFlight--;
    }
  };
  return Object.assign(impl, { urls, inFlight: () => inFlight });
}

function lowerCaseHeaders(headers: HttpRequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

describe('dingtalk client against the sandbox (real HTTP)', function () {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    for (const robot of sandbox.demo.customRobots) {
      useSecret(new URL(robot.webhookUrl).searchParams.get('access_token')!);
      if (robot.signingSecret) useSecret(robot.signingSecret);
    }
    useSecret(sandbox.demo.app.appSecret);
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    sandbox.clock.freeze(START);
  });

  /** Client time = sandbox time; sleeping advances the sandbox clock. */
  function sandboxTime(): { clock: Clock; sleep: Sleep & { delays: number[] } } {
    return { clock: { now: () => sandbox.clock.now() }, sleep: fakeSleep(sandbox.clock) };
  }

  const signedRobot = () => sandbox.demo.customRobots.find((r) => r.signingSecret)!;
  const keywordRobot = () => sandbox.demo.customRobots.find((r) => r.keywords)!;
  const user = (i: number) => sandbox.demo.users[i];

  function robotClient(fetchImpl: FetchLike = recordingFetch(), time = sandboxTime()) {
    return new CustomRobotClient({ oapiBaseUrl: sandbox.baseUrl, fetch: fetchImpl, ...time, random: () => 0.5, logger: captureLogger });
  }

  function appClient(fetchImpl: FetchLike = recordingFetch(), time: { clock: Clock; sleep: Sleep } = sandboxTime()) {
    return new DingTalkAppClient({
      credentials: { appKey: sandbox.demo.app.appKey, appSecret: sandbox.demo.app.appSecret },
      robotCode: sandbox.demo.app.robotCode,
      apiBaseUrl: sandbox.baseUrl,
      oapiBaseUrl: sandbox.baseUrl,
      fetch: fetchImpl,
      ...time,
      random: () => 0.5,
      logger: captureLogger,
    });
  }

  describe('custom robot', () => {
    it('delivers a signed text message with a mention that really fires', async () => {
      const robot = signedRobot();
      const member = sandbox.demo.users.find((u) => u.mobile === '13800000002')!;
      await robotClient().send(robot, textMessage('build #42 passed', { at: { atMobiles: [member.mobile] } }));
      const [message] = sandbox.state.messages(robot.openConversationId);
      assert.equal(message.msgtype, 'text');
      assert.deepEqual(message.mentions.map((m) => [m.userid, m.inContent]), [[member.userid, true]]);
    });

    it('delivers every custom message type with the casing the sandbox checks', async () => {
      const robot = signedRobot();
      const client = robotClient();
      await client.send(robot, markdownMessage('Snippet', '## code\n```ts\nlet a = 1;\n```'));
      await client.send(robot, linkMessage({ title: 'PR', text: 'Review please', messageUrl: 'https://example.com/pr/1', picUrl: 'https://example.com/p.png' }));
      await client.send(robot, actionCardMessage({ title: 'Deploy', text: 'Ready', singleTitle: 'Open', singleURL: 'https://example.com/d' }));
      await client.send(robot, multiButtonActionCardMessage({ title: 'Vote', text: 'Ship?', btns: [{ title: 'Yes', actionURL: 'https://example.com/y' }, { title: 'No', actionURL: 'https://example.com/n' }], btnOrientation: '1' }));
      await client.send(robot, feedCardMessage([{ title: 'News', messageURL: 'https://example.com/n', picURL: 'https://example.com/n.png' }]));
      assert.deepEqual(sandbox.state.messages(robot.openConversationId).map((m) => m.msgtype), ['markdown', 'link', 'actionCard', 'actionCard', 'feedCard']);
    });

    it('passes keyword security only when a keyword is present', async () => {
      const robot = keywordRobot();
      const client = robotClient();
      await client.send(robot, textMessage(`${robot.keywords![0]}: v1.2.3 is live`));
      await expectDingTalkError(client.send(robot, textMessage('no magic word here')), 'keywordsNotInContent');
      assert.equal(sandbox.state.messages(robot.openConversationId).length, 1);
    });

    it('reports a wrong secret as signMismatch, in both errmsg styles', async () => {
      const robot = { ...signedRobot(), signingSecret: useSecret('SEC0000000000000000000000000000000000000000000000000000000000000000') };
      await expectDingTalkError(robotClient().send(robot, textMessage('x')), 'signMismatch');
      sandbox.configure({ customRobotSignErrorStyle: 'described' });
      try {
        await expectDingTalkError(robotClient().send(robot, textMessage('x')), 'signMismatch');
      } finally {
        sandbox.configure({ customRobotSignErrorStyle: 'short' });
      }
      await expectDingTalkError(robotClient().send({ webhookUrl: signedRobot().webhookUrl }, textMessage('unsigned')), 'signMismatch');
    });

    it('reports clock skew as invalidTimestamp', async () => {
      const skewed = new FakeClock(START - 2 * 3600_000);
      await expectDingTalkError(robotClient(recordingFetch(), { clock: skewed, sleep: fakeSleep(skewed) }).send(signedRobot(), textMessage('x')), 'invalidTimestamp');
    });

    it('reports an unknown webhook token as tokenNotExist', async () => {
      const webhookUrl = `${sandbox.baseUrl}/robot/send?access_token=${useSecret('0'.repeat(64))}`;
      await expectDingTalkError(robotClient().send({ webhookUrl }, textMessage('x')), 'tokenNotExist');
    });

    it('keeps the msgUuid on a retry after a dropped connection, re-signing it, and the group gets one message', async () => {
      sandbox.addFault({ match: { path: '/robot/send' }, action: { reset: true }, count: 1 });
      const fetchImpl = recordingFetch();
      const result = await robotClient(fetchImpl).send(signedRobot(), textMessage('once only', { msgUuid: 'uuid-retry-1' }));
      assert.equal(result.attempts, 2);
      const signs = fetchImpl.urls.map((u) => new URL(u.split(' ')[1]).searchParams.get('sign')!);
      signs.forEach((s) => useSecret(s));
      assert.notEqual(signs[0], signs[1], 'each attempt is signed afresh');
      // And re-sending the same message (same msgUuid) is de-duplicated by DingTalk.
      await robotClient().send(signedRobot(), textMessage('once only', { msgUuid: 'uuid-retry-1' }));
      assert.equal(sandbox.state.messages(signedRobot().openConversationId).length, 1);
    });

    it('limiter: 100 messages to one robot, sent one after another — the sandbox rejects none', async () => {
      const robot = signedRobot();
      const client = robotClient();
      for (let i = 0; i < 100; i++) {
        const result = await client.send(robot, textMessage(`message ${i}`));
        assert.equal(result.attempts, 1, `message ${i} needed a retry`);
      }
      const messages = sandbox.state.messages(robot.openConversationId);
      assert.equal(messages.length, 100);
      assert.deepEqual(messages.map((m) => (m.content as { content: string }).content), Array.from({ length: 100 }, (_, i) => `message ${i}`));
      // 100 at 20 per minute needs at least four full windows.
      assert.ok(sandbox.clock.now() - START >= 4 * 60_000);
      assert.ok(sandbox.clock.now() - START < 10 * 60_000, 'no 10-minute throttle was waited out');
    });

    it('limiter: 100 messages to one robot fired at once — FIFO queue, the sandbox rejects none', async () => {
      const robot = signedRobot();
      const fetchImpl = recordingFetch();
      // Sandbox time only moves once the network is idle, as real time would be negligible next to a minute.
      const clock: Clock = { now: () => sandbox.clock.now() };
      const sleep: Sleep & { delays: number[] } = Object.assign(async (ms: number) => {
        // Yield first so granted senders get to start their requests, then wait until all have answered.
        do await new Promise((r) => setImmediate(r));
        while (fetchImpl.inFlight() > 0);
        sleep.delays.push(ms);
        sandbox.clock.advance(ms);
      }, { delays: [] as number[] });
      const client = robotClient(fetchImpl, { clock, sleep });
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => client.send(robot, textMessage(`burst ${i}`))));
      assert.ok(results.every((r) => r.attempts === 1));
      const contents = sandbox.state.messages(robot.openConversationId).map((m) => (m.content as { content: string }).content);
      assert.equal(contents.length, 100);
      assert.deepEqual([...contents].sort(), Array.from({ length: 100 }, (_, i) => `burst ${i}`).sort());
      // FIFO: batch n (20 messages) only contains messages n·20 … n·20+19.
      for (let batch = 0; batch < 5; batch++) {
        const slice = contents.slice(batch * 20, batch * 20 + 20).map((c) => Number(c.split(' ')[1]));
        assert.ok(slice.every((n) => Math.floor(n / 20) === batch), `batch ${batch}: ${slice.join(',')}`);
      }
      assert.equal(sleep.delays.length, 4);
    });
  });

  describe('enterprise app', () => {
    it('gets a token and sends every app-robot msgKey, including an uploaded image and file', async () => {
      const client = appClient();
      const group = sandbox.demo.groups[0].openConversationId;
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
      const image = await client.media.upload({ type: 'image', fileName: 'sketch.png', data: png });
      assert.match(image.mediaId, /^@/);
      assert.deepEqual(new Uint8Array(sandbox.state.mediaBytes(image.mediaId)!), png);
      const pdf = await client.media.upload({ type: 'file', fileName: 'report.pdf', data: new TextEncoder().encode('%PDF-1.4 test') });

      const messages = [
        sampleText('hello from VS Code'),
        sampleMarkdown('Snippet', '## title\n- item'),
        sampleImageMsg(image.mediaId),
        sampleFile({ mediaId: pdf.mediaId, fileName: 'report.pdf' }),
        sampleLink({ title: 'PR', text: 'please review', messageUrl: 'https://example.com/pr', picUrl: 'https://example.com/p.png' }),
        sampleActionCard({ title: 'Deploy', text: 'ready', singleTitle: 'Open', singleURL: 'https://example.com/d' }),
      ];
      const keys: string[] = [];
      for (const message of messages) keys.push((await client.robot.sendToGroup({ openConversationId: group }, message)).processQueryKey);
      assert.equal(new Set(keys).size, messages.length);
      assert.deepEqual(sandbox.state.messages(group).map((m) => m.msgtype), messages.map((m) => m.msgKey));
    });

    it('recalls a message it sent', async () => {
      const client = appClient();
      const group = sandbox.demo.groups[1].openConversationId;
      const { processQueryKey } = await client.robot.sendToGroup({ openConversationId: group }, sampleText('oops'));
      const result = await client.robot.recallGroupMessages({ openConversationId: group }, [processQueryKey]);
      assert.deepEqual(result.successResult, [processQueryKey]);
      assert.equal(sandbox.state.messages(group).length, 0);
      assert.equal(sandbox.state.allMessages().filter((m) => m.recalledAt !== undefined).length, 1);
    });

    it('looks users up: mobile → userid → unionid, and back', async () => {
      const client = appClient();
      const u = user(0);
      assert.equal(await client.directory.getUserIdByMobile(u.mobile), u.userid);
      assert.equal(await client.directory.getUnionIdByMobile(u.mobile), u.unionid);
      assert.equal((await client.directory.getUser(u.userid)).name, u.name);
      assert.equal(await client.directory.getUserIdByUnionId(u.unionid), u.userid);
      await expectDingTalkError(client.directory.getUserIdByMobile('13999999999'), 'userNotFound');
    });

    it('runs the to-do lifecycle with unionIds', async () => {
      const client = appClient();
      const me = await client.directory.getUnionIdByMobile(user(0).mobile);
      const executor = user(1).unionid;
      const due = START + 86_400_000;
      const { task, created } = await client.todos.create(me, {
        subject: 'TODO: handle the empty state', description: 'src/view.ts:42', dueTime: due, executorIds: [executor],
        sourceId: 'repo:src/view.ts:abc123', priority: 30, detailUrl: { appUrl: 'https://example.com/a', pcUrl: 'https://example.com/p' },
      });
      assert.equal(created, true);
      assert.equal(task.subject, 'TODO: handle the empty state');
      assert.equal(task.dueTime, due);
      assert.deepEqual(task.executorIds, [executor]);
      assert.equal(task.priority, 30);

      assert.equal((await client.todos.get(me, task.id)).sourceId, 'repo:src/view.ts:abc123');
      assert.equal((await client.todos.getBySourceId(me, 'repo:src/view.ts:abc123')).id, task.id);
      assert.equal(await client.todos.update(me, task.id, { subject: 'TODO: handle the empty state (renamed)' }), true);
      assert.equal(sandbox.state.todo(task.id)!.subject, 'TODO: handle the empty state (renamed)');
      assert.equal(await client.todos.markDone(me, task.id), true);
      assert.equal((await client.todos.get(me, task.id)).done, true);
      assert.equal(await client.todos.delete(me, task.id), true);
      assert.equal(sandbox.state.todo(task.id), undefined);
      await expectDingTalkError(client.todos.get(me, task.id));
    });

    it('creating the same sourceId twice yields one task', async () => {
      const client = appClient();
      const me = user(0).unionid;
      const input = { subject: 'TODO: dedupe', sourceId: 'repo:a.ts:1' };
      const first = await client.todos.create(me, input);
      const second = await client.todos.create(me, input);
      assert.deepEqual([first.created, second.created], [true, false]);
      assert.equal(second.task.id, first.task.id);
      assert.equal(sandbox.state.todos().filter((t) => t.sourceId === 'repo:a.ts:1').length, 1);
    });

    it('lists to-dos across pages', async () => {
      const client = appClient();
      const me = user(0).unionid;
      const ids = new Set<string>();
      for (let i = 0; i < 23; i++) ids.add((await client.todos.create(me, { subject: `task ${i}`, sourceId: `page-${i}` })).task.id);
      const firstPage = await client.todos.list(me);
      assert.ok(firstPage.nextToken !== undefined, 'more than one page');
      const all = await client.todos.listAll(me);
      assert.deepEqual(new Set(all.map((c) => c.taskId)), ids);
    });

    it('creates a group and can post into it', async () => {
      const client = appClient();
      const { openConversationId } = await client.groups.create({ name: 'VS Code 测试群', owner: user(0).userid, useridlist: [user(0).userid, user(1).userid] });
      assert.ok(sandbox.state.group(openConversationId));
      await client.robot.sendToGroup({ openConversationId }, sampleText('first!'));
      assert.equal(sandbox.state.messages(openConversationId).length, 1);
    });

    it('refreshes transparently when the token expires on the sandbox clock (v1.0 and oapi)', async () => {
      const fetchImpl = recordingFetch();
      // The client's own clock stands still, so only DingTalk's side knows the token expired.
      const clientClock = new FakeClock(START);
      const client = appClient(fetchImpl, { clock: clientClock, sleep: fakeSleep(clientClock) });
      const group = sandbox.demo.groups[0].openConversationId;
      await client.robot.sendToGroup({ openConversationId: group }, sampleText('before'));
      sandbox.clock.advance(7201 * 1000);
      await client.robot.sendToGroup({ openConversationId: group }, sampleText('after'));
      sandbox.clock.advance(7201 * 1000);
      assert.equal(await client.directory.getUserIdByMobile(user(2).mobile), user(2).userid);
      const tokenRequests = fetchImpl.urls.filter((u) => u.endsWith('/v1.0/oauth2/accessToken'));
      assert.equal(tokenRequests.length, 3);
      assert.deepEqual(sandbox.state.messages(group).map((m) => (m.content as { content: string }).content), ['before', 'after']);
    });

    it('refreshes when DingTalk revokes the token mid-use', async () => {
      const fetchImpl = recordingFetch();
      const client = appClient(fetchImpl);
      const me = user(0).unionid;
      await client.todos.create(me, { subject: 'warm up' });
      sandbox.addFault({ match: { path: `/v1.0/todo/users/${me}/tasks` }, action: { expireToken: true }, count: 1 });
      const { created } = await client.todos.create(me, { subject: 'after revoke', sourceId: 'revoke-1' });
      assert.equal(created, true);
      assert.equal(fetchImpl.urls.filter((u) => u.endsWith('/oauth2/accessToken')).length, 2);
    });

    it('waits out a v1.0 QPS limit using the time DingTalk names, then succeeds', async () => {
      const time = sandboxTime();
      const client = appClient(recordingFetch(), time);
      sandbox.addFault({ match: { path: '/v1.0/robot/groupMessages/send' }, action: { rateLimit: true }, count: 1 });
      await client.robot.sendToGroup({ openConversationId: sandbox.demo.groups[0].openConversationId }, sampleText('eventually'));
      assert.equal(time.sleep.delays.length, 1);
      assert.ok(time.sleep.delays[0] >= 1000 && time.sleep.delays[0] <= 2000, String(time.sleep.delays));
    });

    it('retries a 503 and a dropped connection on idempotent calls', async () => {
      const fetchImpl = recordingFetch();
      const client = appClient(fetchImpl);
      sandbox.addFault({ match: { path: '/topapi/v2/user/getbymobile' }, action: { status: 503 }, count: 1 });
      sandbox.addFault({ match: { path: '/media/upload' }, action: { reset: true }, count: 1 });
      assert.equal(await client.directory.getUserIdByMobile(user(3).mobile), user(3).userid);
      await client.media.upload({ type: 'image', fileName: 'a.png', data: new Uint8Array([1, 2, 3]) });
      assert.equal(fetchImpl.urls.filter((u) => u.includes('/media/upload')).length, 2);
      assert.equal(sandbox.state.media().length, 1);
    });

    it('maps bad credentials, missing scopes, the IP allow-list, quota and a robot outside the group', async () => {
      const wrongSecret = new DingTalkAppClient({
        credentials: { appKey: sandbox.demo.app.appKey, appSecret: useSecret('wrong-secret-0000000000000000') },
        apiBaseUrl: sandbox.baseUrl, oapiBaseUrl: sandbox.baseUrl, logger: captureLogger, ...sandboxTime(),
      });
      await expectDingTalkError(wrongSecret.directory.getUserIdByMobile(user(0).mobile), 'invalidCredentials');

      const other = loadSeed().apps.find((a) => a.appKey !== sandbox.demo.app.appKey)!;
      const otherApp = new DingTalkAppClient({
        credentials: { appKey: other.appKey, appSecret: useSecret(other.appSecret) },
        apiBaseUrl: sandbox.baseUrl, oapiBaseUrl: sandbox.baseUrl, logger: captureLogger, ...sandboxTime(),
      });
      await expectDingTalkError(otherApp.robot.sendToGroup({ openConversationId: sandbox.demo.groups[0].openConversationId }, sampleText('x')), 'robotNotInGroup');
      sandbox.configure({ scopeChecks: true });
      try {
        const denied = await expectDingTalkError(otherApp.todos.create(user(0).unionid, { subject: 'x' }), 'permissionDenied');
        assert.ok(denied.requiredScopes && denied.requiredScopes.length > 0);
        assert.ok(denied.requiredScopes.every((s) => denied.remedy.includes(s)));
        await expectDingTalkError(otherApp.directory.getUserIdByMobile(user(0).mobile), 'permissionDenied');
      } finally {
        sandbox.configure({ scopeChecks: false });
      }

      const client = appClient();
      sandbox.configure({ ipAllowList: ['10.0.0.0/8'] });
      try {
        await expectDingTalkError(client.todos.list(user(0).unionid), 'ipNotAllowed');
      } finally {
        sandbox.configure({ ipAllowList: null });
      }
      sandbox.configure({ monthlyApiQuota: 0 });
      try {
        await expectDingTalkError(client.directory.getUserIdByMobile(user(0).mobile), 'quotaExceeded');
      } finally {
        sandbox.configure({ monthlyApiQuota: null });
      }
    });
  });
});
