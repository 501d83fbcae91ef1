/**
 * End to end: the outbox, the real CustomRobotClient and the local DingTalk sandbox (which enforces signing
 * and the 20-per-minute / 10-minute-throttle rule on its own clock). Time is virtual for everyone: the
 * sandbox clock is frozen and moved along with the outbox's, so three minutes of sending take milliseconds.
 */
import * as assert from 'node:assert/strict';
import { CustomRobotClient } from '../../../src/core/dingtalk/customRobotClient';
import { textMessage } from '../../../src/core/dingtalk/messages';
import type { Sleep } from '../../../src/core/dingtalk/transport';
import type { OutboxItem } from '../../../src/core/outbox/item';
import type { FailedEvent, RetryScheduledEvent } from '../../../src/core/outbox/outbox';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { drive, harness, Harness, maxInAnyWindow, removeTempDirs, VirtualTime } from './helpers';

describe('outbox: end to end with CustomRobotClient and the sandbox', () => {
  let sb: Sandbox;
  let h: Harness;
  const sandboxLog: string[] = [];

  before(async () => {
    sb = await startSandbox({ port: 0, log: (line) => sandboxLog.push(line) });
  });
  after(async () => {
    await sb?.close();
    removeTempDirs();
  });
  afterEach(async () => {
    await h?.disposeAll();
    sb.clock.resume();
  });

  it('delivers a burst of 50 (plus 10 to a second robot) completely and in order, with no request rejected', async () => {
    sb.reset();
    sandboxLog.length = 0;
    // Start at the real time so the signature timestamps look normal; from here on, time is virtual.
    const time = new VirtualTime(Date.now());
    sb.clock.freeze(time.now());
    time.onAdvance((now) => sb.clock.set(now));
    h = harness({ time });

    const signed = sb.demo.customRobots.find((r) => r.signingSecret)!;
    const keyword = sb.demo.customRobots.find((r) => r.keywords?.length)!;
    // The outbox paces the robots; the client must never have to wait (its limiter shares the same clock).
    const neverSleep: Sleep = async (ms) => {
      throw new Error(`the client was asked to wait ${ms} ms`);
    };
    const client = new CustomRobotClient({ oapiBaseUrl: sb.baseUrl, clock: time, sleep: neverSleep, retry: { maxAttempts: 1 } });
    const targets: Record<string, { webhookUrl: string; signingSecret?: string }> = {
      build: { webhookUrl: signed.webhookUrl, signingSecret: signed.signingSecret },
      deploy: { webhookUrl: keyword.webhookUrl },
    };
    const send = async (item: OutboxItem, signal: AbortSignal) => {
      if (item.payload.kind !== 'customRobot') throw new Error('unexpected payload');
      await client.send(targets[item.destination], item.payload.message, { signal });
    };

    const outbox = h.create({ send });
    const failed: FailedEvent[] = [];
    const retried: RetryScheduledEvent[] = [];
    outbox.onFailed((e) => failed.push(e));
    outbox.onRetryScheduled((e) => retried.push(e));
    await outbox.start();

    const expectedBuild: string[] = [];
    const expectedDeploy: string[] = [];
    for (let i = 0; i < 50; i++) {
      const message = textMessage(`build #${i}`);
      expectedBuild.push(message.msgUuid);
      await outbox.enqueue({ destination: 'build', payload: { kind: 'customRobot', message } });
      if (i % 5 === 0) {
        const deploy = textMessage(`deploy step ${i / 5}`);
        expectedDeploy.push(deploy.msgUuid);
        await outbox.enqueue({ destination: 'deploy', payload: { kind: 'customRobot', message: deploy } });
      }
    }
    const t0 = time.now();
    await drive(time, [outbox], () => h.delivered.length === 60);

    const buildMessages = sb.state.messages(signed.openConversationId);
    const deployMessages = sb.state.messages(keyword.openConversationId);
    assert.deepEqual(buildMessages.map((m) => m.msgUuid), expectedBuild, 'all 50, in order, once each');
    assert.deepEqual(buildMessages.map((m) => m.content), expectedBuild.map((_, i) => ({ type: 'text', content: `build #${i}` })));
    assert.deepEqual(deployMessages.map((m) => m.msgUuid), expectedDeploy);
    assert.equal(failed.length, 0, failed.map((f) => f.error.message).join('\n'));
    assert.equal(retried.length, 0, 'DingTalk never throttled or refused anything');
    const robotSends = sandboxLog.filter((l) => l.startsWith('POST /robot/send'));
    assert.equal(robotSends.length, 60, 'one request per message');
    assert.deepEqual(robotSends.filter((l) => /errcode/.test(l)), [], 'no request was rejected');
    // The sandbox's own clock saw at most 20 per rolling minute per robot, and the burst took under 3 minutes.
    assert.ok(maxInAnyWindow(buildMessages.map((m) => m.createdAt), 60_000) <= 20);
    assert.ok(time.now() - t0 < 3 * 61_000);
    assert.deepEqual(outbox.counts, { queued: 0, sending: 0, failed: 0, delivering: true });
  });
});
