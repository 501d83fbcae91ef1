import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DingTalkError } from '../../../src/core/dingtalk/errors';
import { isMaybeSentError } from '../../../src/core/outbox/policy';
import type { FailedEvent, OutboxCounts, RetryScheduledEvent } from '../../../src/core/outbox/outbox';
import { app, custom, drive, filesIn, harness, Harness, maxInAnyWindow, removeTempDirs } from './helpers';

const MINUTE = 60_000;

describe('outbox: delivery', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => {
    await h.disposeAll();
    removeTempDirs();
  });

  it('delivers a burst of 50 completely, in order, once each, within 20 per rolling minute', async () => {
    const outbox = h.create();
    const changes: OutboxCounts[] = [];
    outbox.onDidChange((c) => changes.push(c));
    const delivered: string[] = [];
    outbox.onDelivered(({ item }) => delivered.push(item.id));
    await outbox.start();
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push((await outbox.enqueue({ destination: 'team', payload: custom(`message ${i}`), label: `#${i}` })).id);
    let idle = false;
    void outbox.whenIdle().then(() => (idle = true));

    await drive(h.time, [outbox], () => idle);

    assert.deepEqual(h.dingtalk.requests.map((r) => r.id), ids, 'every item requested once, in enqueue order');
    assert.deepEqual(h.dingtalk.posted.map((r) => r.label), ids.map((_, i) => `#${i}`));
    assert.deepEqual(delivered, ids);
    assert.ok(maxInAnyWindow(h.dingtalk.requests.map((r) => r.at), MINUTE) <= 20);
    // 50 messages at 20 per 61 s: the last ones go out in the third minute, not later.
    const span = h.dingtalk.requests[49].at - h.dingtalk.requests[0].at;
    assert.ok(span >= 2 * 61_000 && span < 3 * 61_000, `span ${span}`);
    assert.deepEqual(filesIn(h.dir, 'queued'), []);
    assert.deepEqual(filesIn(h.dir, 'sending'), []);
    assert.deepEqual(outbox.counts, { queued: 0, sending: 0, failed: 0, delivering: true });
    assert.ok(Math.max(...changes.map((c) => c.queued)) >= 30, 'progress was visible');
    assert.equal(changes[changes.length - 1].queued, 0);
    assert.deepEqual(outbox.list(), []);
  });

  it('keeps each robot under 20 per rolling minute while two robots proceed independently', async () => {
    const outbox = h.create();
    await outbox.start();
    for (let i = 0; i < 30; i++) {
      await outbox.enqueue({ destination: 'robot-a', payload: custom(`a${i}`), label: `a${i}` });
      await outbox.enqueue({ destination: 'robot-b', payload: custom(`b${i}`), label: `b${i}` });
    }
    const t0 = h.time.now();
    await drive(h.time, [outbox], () => h.delivered.length === 60);

    for (const robot of ['robot-a', 'robot-b']) {
      const reqs = h.dingtalk.requests.filter((r) => r.destination === robot);
      assert.equal(reqs.length, 30);
      assert.deepEqual(reqs.map((r) => r.label), Array.from({ length: 30 }, (_, i) => `${robot.slice(-1)}${i}`));
      assert.ok(maxInAnyWindow(reqs.map((r) => r.at), MINUTE) <= 20, `${robot} exceeded the limit`);
      // The first 20 of each go at once; neither waits for the other.
      assert.ok(reqs.slice(0, 20).every((r) => r.at === t0), `${robot} did not start at once`);
      assert.ok(reqs.slice(20).every((r) => r.at === t0 + 61_000), `${robot}: the rest go when the window opens`);
    }
  });

  it('retries retryable errors with exponential backoff, keeping the destination in order and others moving', async () => {
    const outbox = h.create();
    const retries: RetryScheduledEvent[] = [];
    outbox.onRetryScheduled((e) => retries.push(e));
    let failures = 0;
    h.dingtalk.behaviour = (item) => (item.label === 'a1' && failures++ < 2 ? new DingTalkError({ kind: 'network', details: { cause: 'ECONNRESET' } }) : 'ok');
    const first = await outbox.enqueue({ destination: 'a', payload: custom('a1'), label: 'a1' });
    await outbox.enqueue({ destination: 'a', payload: custom('a2'), label: 'a2' });
    await outbox.enqueue({ destination: 'b', payload: custom('b1'), label: 'b1' });
    const t0 = h.time.now();
    await outbox.start();
    await drive(h.time, [outbox], () => h.delivered.length === 3);

    const a = h.dingtalk.requests.filter((r) => r.destination === 'a');
    const b = h.dingtalk.requests.filter((r) => r.destination === 'b');
    // random() = 0.5 → equal jitter gives 3/4 of the cap: 2 s·0.75, then 4 s·0.75.
    assert.deepEqual(a.map((r) => [r.label, r.at - t0]), [['a1', 0], ['a1', 1_500], ['a1', 4_500], ['a2', 4_500]]);
    assert.equal(b.length, 1);
    assert.ok(b[0].at - t0 <= 1_500, 'b was not held up by a');
    assert.deepEqual(retries.map((r) => [r.item.id, r.error.kind, r.nextAttemptAt - t0]), [[first.id, 'network', 1_500], [first.id, 'network', 4_500]]);
  });

  it("honours DingTalk's retryAfterMs: a 10-minute throttle keeps the item queued, not failed", async () => {
    const outbox = h.create();
    const failed: FailedEvent[] = [];
    outbox.onFailed((e) => failed.push(e));
    let throttled = false;
    h.dingtalk.behaviour = (i) => (i.destination === 'a' && !throttled ? ((throttled = true), new DingTalkError({ kind: 'rateLimited', code: '130101', retryAfterMs: 10 * MINUTE })) : 'ok');
    const item = await outbox.enqueue({ destination: 'a', payload: custom('a1') });
    await outbox.enqueue({ destination: 'b', payload: custom('b1') });
    const t0 = h.time.now();
    await outbox.start();
    await drive(h.time, [outbox], () => h.delivered.length === 1);
    await drive(h.time, [outbox], () => h.time.now() >= t0 + 5 * MINUTE);

    const waiting = outbox.list().find((i) => i.id === item.id)!;
    assert.equal(waiting.state, 'queued');
    assert.equal(waiting.nextAttemptAt, t0 + 10 * MINUTE);
    assert.equal(waiting.lastError?.kind, 'rateLimited');
    assert.equal(waiting.attempts, 1);
    assert.equal(h.dingtalk.requests.filter((r) => r.id === item.id).length, 1, 'not retried before DingTalk allows it');

    await drive(h.time, [outbox], () => h.delivered.includes(item.id));
    const retried = h.dingtalk.requests.filter((r) => r.id === item.id);
    assert.deepEqual(retried.map((r) => r.at - t0), [0, 10 * MINUTE]);
    assert.equal(failed.length, 0);
  });

  it('moves a non-retryable failure to failed/ once, keeps it, and delivers it after retry(id)', async () => {
    const outbox = h.create();
    const failed: FailedEvent[] = [];
    outbox.onFailed((e) => failed.push(e));
    h.dingtalk.script(new DingTalkError({ kind: 'signMismatch', code: '310000', dingTalkMessage: 'sign not match' }));
    const bad = await outbox.enqueue({ destination: 'a', payload: custom('first') });
    const next = await outbox.enqueue({ destination: 'a', payload: custom('second') });
    await outbox.start();
    await drive(h.time, [outbox], () => h.delivered.includes(next.id));
    await drive(h.time, [outbox], () => h.time.now() > h.dingtalk.requests[0].at + 30 * MINUTE);

    assert.equal(failed.length, 1, 'reported exactly once');
    assert.equal(failed[0].item.id, bad.id);
    assert.equal(failed[0].error.kind, 'signMismatch');
    assert.match(failed[0].error.remedy, /secret/);
    assert.equal(h.dingtalk.requests.filter((r) => r.id === bad.id).length, 1, 'not retried automatically');
    assert.equal(filesIn(h.dir, 'failed').length, 1);
    const listed = outbox.list();
    assert.deepEqual(listed.map((i) => [i.id, i.state, i.lastError?.kind]), [[bad.id, 'failed', 'signMismatch']]);
    assert.deepEqual(outbox.counts, { queued: 0, sending: 0, failed: 1, delivering: true });

    // A restart does not report it again.
    await outbox.dispose();
    const restarted = h.create();
    restarted.onFailed((e) => failed.push(e));
    await restarted.start();
    await drive(h.time, [restarted], () => restarted.isDelivering);
    assert.equal(failed.length, 1);
    assert.equal(restarted.counts.failed, 1);

    // The user fixed the secret and retries: same msgUuid, delivered.
    assert.equal(await restarted.retry(bad.id), true);
    assert.equal(await restarted.retry(bad.id), false, 'no longer failed');
    await drive(h.time, [restarted], () => h.delivered.includes(bad.id));
    const requests = h.dingtalk.requests.filter((r) => r.id === bad.id);
    assert.equal(requests.length, 2);
    assert.equal(requests[0].msgUuid, requests[1].msgUuid);
    assert.deepEqual(restarted.counts, { queued: 0, sending: 0, failed: 0, delivering: true });
    assert.deepEqual(filesIn(h.dir, 'failed'), []);
  });

  it('gives up after maxAttempts retryable failures (when configured), and retryFailed re-queues', async () => {
    const outbox = h.create({ maxAttempts: 3 });
    const failed: FailedEvent[] = [];
    outbox.onFailed((e) => failed.push(e));
    h.dingtalk.behaviour = new DingTalkError({ kind: 'server', code: '-1' });
    const item = await outbox.enqueue({ destination: 'a', payload: custom('x') });
    await outbox.enqueue({ destination: 'b', payload: custom('y') });
    await outbox.start();
    await drive(h.time, [outbox], () => failed.length === 2);
    assert.equal(h.dingtalk.requests.filter((r) => r.id === item.id).length, 3);
    assert.equal(failed[0].error.kind, 'server');
    assert.equal(outbox.list().find((i) => i.id === item.id)?.attempts, 3);

    h.dingtalk.behaviour = 'ok';
    assert.equal(await outbox.retryFailed('a'), 1);
    await drive(h.time, [outbox], () => h.delivered.length === 1);
    assert.equal(await outbox.retryFailed(), 1);
    await drive(h.time, [outbox], () => h.delivered.length === 2);
    assert.deepEqual(outbox.counts, { queued: 0, sending: 0, failed: 0, delivering: true });
  });

  it('discards queued and failed items on request', async () => {
    const outbox = h.create();
    h.dingtalk.script(new DingTalkError({ kind: 'keywordsNotInContent', code: '310000' }));
    const failing = await outbox.enqueue({ destination: 'a', payload: custom('x') });
    await outbox.start();
    await drive(h.time, [outbox], () => outbox.counts.failed === 1);
    assert.equal(await outbox.discard(failing.id), true);
    assert.equal(await outbox.discard(failing.id), false);
    assert.deepEqual(outbox.list(), []);
    assert.deepEqual(filesIn(h.dir, 'failed'), []);

    h.dingtalk.behaviour = new DingTalkError({ kind: 'rateLimited', retryAfterMs: 10 * MINUTE });
    const waiting = await outbox.enqueue({ destination: 'b', payload: custom('y') });
    await drive(h.time, [outbox], () => outbox.list().some((i) => i.id === waiting.id && i.nextAttemptAt !== undefined));
    assert.equal(await outbox.discard(waiting.id), true);
    assert.deepEqual(filesIn(h.dir, 'queued'), []);
    assert.equal(outbox.counts.queued, 0);
  });

  it('whenSettled tells how each item left the queue: delivered, failed (with the error) or discarded', async () => {
    const outbox = h.create();
    h.dingtalk.behaviour = (item) =>
      item.label === 'bad' ? new DingTalkError({ kind: 'tokenNotExist', code: '300001' }) : item.label === 'slow' ? new DingTalkError({ kind: 'rateLimited', retryAfterMs: 10 * MINUTE }) : 'ok';
    const ok = await outbox.enqueue({ destination: 'a', payload: custom('ok'), label: 'ok' });
    const bad = await outbox.enqueue({ destination: 'b', payload: custom('bad'), label: 'bad' });
    const slow = await outbox.enqueue({ destination: 'c', payload: custom('slow'), label: 'slow' });
    const results: Record<string, string> = {};
    const settled = Promise.all([ok, bad, slow].map((i) => outbox.whenSettled(i.id).then((r) => (results[i.label!] = r.outcome === 'failed' ? `failed:${r.error?.kind}` : r.outcome))));
    await outbox.start();
    await drive(h.time, [outbox], () => Object.keys(results).length === 2 && outbox.list().some((i) => i.id === slow.id && i.nextAttemptAt !== undefined));
    assert.deepEqual({ ...results }, { ok: 'delivered', bad: 'failed:tokenNotExist' });
    await outbox.discard(slow.id);
    await drive(h.time, [outbox], () => Object.keys(results).length === 3);
    await settled;
    assert.equal(results.slow, 'discarded');
    assert.deepEqual(await outbox.whenSettled(ok.id), { id: ok.id, outcome: 'delivered' }, 'also after the fact');
  });

  it('refuses a payload that can never be sent at enqueue time, writing nothing', async () => {
    const outbox = h.create();
    await assert.rejects(outbox.enqueue({ destination: 'a', payload: custom('x'.repeat(25_000)) }), (e: unknown) => e instanceof DingTalkError && e.kind === 'bodyTooLarge');
    await assert.rejects(outbox.enqueue({ destination: ' ', payload: custom('x') }), (e: unknown) => e instanceof DingTalkError && e.kind === 'invalidParameter');
    await assert.rejects(outbox.enqueue({ destination: 'a', payload: app('x'.repeat(16_000)) }), (e: unknown) => e instanceof DingTalkError && e.kind === 'bodyTooLarge');
    await assert.rejects(outbox.enqueue({ destination: 'a', payload: custom('x'), id: '../escape' }), TypeError);
    assert.deepEqual(filesIn(h.dir, 'queued'), []);
    await outbox.enqueue({ destination: 'a', payload: custom('x'), id: 'chosen-id' });
    await assert.rejects(outbox.enqueue({ destination: 'a', payload: custom('x'), id: 'chosen-id' }), /already exists/);
    assert.equal(filesIn(h.dir, 'queued').length, 1);
  });

  it('recreates its folder if it was deleted under it', async () => {
    const outbox = h.create();
    await outbox.start();
    fs.rmSync(h.dir, { recursive: true, force: true });
    const item = await outbox.enqueue({ destination: 'a', payload: custom('x') });
    await drive(h.time, [outbox], () => h.delivered.includes(item.id));
    assert.deepEqual(filesIn(h.dir, 'queued'), []);
  });

  it('isolates a throwing event listener', async () => {
    const outbox = h.create();
    outbox.onDelivered(() => {
      throw new Error('listener bug');
    });
    let after = 0;
    outbox.onDelivered(() => after++);
    await outbox.enqueue({ destination: 'a', payload: custom('x') });
    await outbox.start();
    await drive(h.time, [outbox], () => after === 1);
    assert.ok(h.log.lines.some((l) => l.startsWith('error') && l.includes('listener bug')));
  });
});

describe('outbox: app robot (no idempotency key)', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => {
    await h.disposeAll();
    removeTempDirs();
  });

  it('does not re-send after a timeout (it may have been posted): failed with a "may have been sent" error', async () => {
    const outbox = h.create();
    const failed: FailedEvent[] = [];
    outbox.onFailed((e) => failed.push(e));
    h.dingtalk.script(new DingTalkError({ kind: 'timeout' }));
    const item = await outbox.enqueue({ destination: 'group', payload: app('hello') });
    await outbox.start();
    await drive(h.time, [outbox], () => failed.length === 1);
    await drive(h.time, [outbox], () => h.time.now() > h.dingtalk.requests[0].at + 30 * MINUTE);
    assert.equal(h.dingtalk.requests.length, 1);
    assert.equal(failed.length, 1);
    assert.ok(isMaybeSentError(failed[0].error));
    assert.equal(failed[0].error.details.cause, 'timeout');
    assert.equal(outbox.list()[0].lastError?.maybeSent, true);
    assert.equal(outbox.list()[0].id, item.id);
  });

  it('retries errors that prove nothing was posted (throttle, refused connection)', async () => {
    const outbox = h.create();
    h.dingtalk.script(
      new DingTalkError({ kind: 'rateLimited', code: 'Forbidden.AccessDenied.QpsLimitForApi', retryAfterMs: 1_000 }),
      new DingTalkError({ kind: 'network', details: { cause: 'ECONNREFUSED' } }),
    );
    await outbox.enqueue({ destination: 'group', payload: app('hello') });
    await outbox.start();
    await drive(h.time, [outbox], () => h.delivered.length === 1);
    assert.equal(h.dingtalk.requests.length, 3);
    assert.equal(outbox.counts.failed, 0);
  });
});

describe('outbox: restart and crash recovery', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => {
    await h.disposeAll();
    removeTempDirs();
  });

  it('a restart delivers the rest with no duplicates, and remembers the rate window', async () => {
    const first = h.create();
    await first.start();
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push((await first.enqueue({ destination: 'team', payload: custom(`m${i}`) })).id);
    await drive(h.time, [first], () => h.delivered.length >= 20);
    assert.equal(h.dingtalk.posted.length, 20, 'the 21st waits for the window');
    await first.dispose();

    const second = h.create();
    await second.start();
    await drive(h.time, [second], () => h.delivered.length === 50);
    assert.deepEqual(h.dingtalk.requests.map((r) => r.id), ids);
    assert.ok(maxInAnyWindow(h.dingtalk.requests.map((r) => r.at), MINUTE) <= 20, 'the restarted window knew about the first 20');
    assert.deepEqual(filesIn(h.dir, 'queued'), []);
  });

  it('re-sends a custom-robot item caught between send and remove with the SAME msgUuid (DingTalk de-duplicates)', async () => {
    const seeder = h.create();
    const item = await seeder.enqueue({ destination: 'team', payload: custom('crash') });
    const later = await seeder.enqueue({ destination: 'team', payload: custom('after') });
    // What a window that died mid-request leaves behind: the item in sending/, marked "sending".
    simulateCrashMidSend(h.dir, item.id);
    const msgUuid = (item.payload as { message: { msgUuid: string } }).message.msgUuid;
    h.dingtalk.alreadyAccepted(msgUuid); // the request had reached DingTalk

    const outbox = h.create();
    await outbox.start();
    await drive(h.time, [outbox], () => h.delivered.includes(later.id));
    const resent = h.dingtalk.requests.filter((r) => r.id === item.id);
    assert.equal(resent.length, 1);
    assert.equal(resent[0].msgUuid, msgUuid);
    assert.equal(h.dingtalk.posted.filter((r) => r.id === item.id).length, 0, 'DingTalk dropped the copy');
    assert.deepEqual(h.dingtalk.requests.map((r) => r.id), [item.id, later.id], 'still in order');
    assert.deepEqual(filesIn(h.dir, 'sending'), []);
    assert.ok(h.log.lines.some((l) => l.includes(item.id) && l.includes('same idempotency key')));
  });

  it('does not re-send an item whose delivery was recorded in sent.log before the crash', async () => {
    const seeder = h.create();
    const item = await seeder.enqueue({ destination: 'team', payload: app('crash after send') });
    simulateCrashMidSend(h.dir, item.id);
    fs.appendFileSync(path.join(h.dir, 'sent.log'), `${JSON.stringify({ id: item.id, key: 'appRobot:team', at: h.time.now() })}\n{"torn`);
    const outbox = h.create();
    await outbox.start();
    await drive(h.time, [outbox], () => outbox.isDelivering && outbox.counts.sending === 0);
    assert.equal(h.dingtalk.requests.length, 0);
    assert.deepEqual(filesIn(h.dir, 'sending'), []);
    assert.deepEqual(outbox.list(), []);
  });

  it('moves an app-robot item caught mid-send to failed ("may have been sent"), reports it once, and re-sends only on retry', async () => {
    const seeder = h.create();
    const item = await seeder.enqueue({ destination: 'group', payload: app('maybe') });
    simulateCrashMidSend(h.dir, item.id);
    const outbox = h.create();
    const failed: FailedEvent[] = [];
    outbox.onFailed((e) => failed.push(e));
    await outbox.start();
    await drive(h.time, [outbox], () => failed.length === 1);
    assert.equal(h.dingtalk.requests.length, 0, 'not re-sent automatically');
    assert.ok(isMaybeSentError(failed[0].error));
    assert.equal(failed[0].error.details.cause, 'interrupted');
    assert.deepEqual(outbox.list().map((i) => [i.id, i.state, i.lastError?.maybeSent]), [[item.id, 'failed', true]]);

    await outbox.retry(item.id);
    await drive(h.time, [outbox], () => h.delivered.length === 1);
    assert.equal(failed.length, 1);
  });

  it('dispose mid-flight puts a custom-robot item back; the next window sends it', async () => {
    const outbox = h.create();
    h.dingtalk.script('hang');
    const item = await outbox.enqueue({ destination: 'team', payload: custom('x') });
    await outbox.start();
    await drive(h.time, [outbox], () => h.dingtalk.requests.length === 1);
    await outbox.dispose();
    assert.equal(filesIn(h.dir, 'queued').length, 1);
    assert.deepEqual(filesIn(h.dir, 'sending'), []);
    assert.equal(fs.existsSync(path.join(h.dir, 'lease.json')), false, 'lease released');

    const next = h.create();
    await next.start();
    await drive(h.time, [next], () => h.delivered.length === 1);
    assert.deepEqual(h.dingtalk.requests.map((r) => r.id), [item.id, item.id]);
    assert.equal(h.dingtalk.requests[0].msgUuid, h.dingtalk.requests[1].msgUuid);
  });

  it('dispose mid-flight leaves an app-robot item for the next window to report as "may have been sent"', async () => {
    const outbox = h.create();
    h.dingtalk.script('hang');
    await outbox.enqueue({ destination: 'group', payload: app('x') });
    await outbox.start();
    await drive(h.time, [outbox], () => h.dingtalk.requests.length === 1);
    await outbox.dispose();
    assert.equal(filesIn(h.dir, 'sending').length, 1);

    const next = h.create();
    const failed: FailedEvent[] = [];
    next.onFailed((e) => failed.push(e));
    await next.start();
    await drive(h.time, [next], () => failed.length === 1);
    assert.equal(h.dingtalk.requests.length, 1);
    assert.ok(isMaybeSentError(failed[0].error));
  });

  it('quarantines corrupted and partial item files with a log line and delivers the rest', async () => {
    const seeder = h.create();
    const good = await seeder.enqueue({ destination: 'team', payload: custom('good') });
    const queued = path.join(h.dir, 'queued');
    fs.writeFileSync(path.join(queued, '000000000000001-000000-garbage.json'), '{"id": "garbage", "destin');
    fs.writeFileSync(path.join(queued, '000000000000002-000000-empty.json'), '');
    fs.writeFileSync(path.join(queued, '000000000000003-000000-wrongid.json'), JSON.stringify({ ...good, id: 'other' }));
    fs.writeFileSync(path.join(queued, 'not-an-item.json'), '{}');
    fs.writeFileSync(path.join(queued, 'notes.txt'), 'ignored');
    const outbox = h.create();
    await outbox.start();
    await drive(h.time, [outbox], () => h.delivered.length === 1);
    assert.equal(h.dingtalk.posted[0].id, good.id);
    assert.equal(filesIn(h.dir, 'quarantine').length, 4);
    assert.deepEqual(filesIn(h.dir, 'queued'), ['notes.txt']);
    const warnings = h.log.lines.filter((l) => l.startsWith('warn') && l.includes('quarantined'));
    assert.equal(warnings.length, 4);
  });

  it('leaves items of a payload kind from a newer version alone', async () => {
    const seeder = h.create();
    const known = await seeder.enqueue({ destination: 'team', payload: custom('known') });
    const future = { ...known, id: 'future-1', seq: 1, payload: { kind: 'image', mediaId: '@x' } };
    fs.writeFileSync(path.join(h.dir, 'queued', `${String(future.createdAt).padStart(15, '0')}-000001-future-1.json`), JSON.stringify(future));
    const outbox = h.create();
    await outbox.start();
    let idle = false;
    void outbox.whenIdle().then(() => (idle = true));
    await drive(h.time, [outbox], () => idle);
    assert.deepEqual(h.dingtalk.requests.map((r) => r.id), [known.id]);
    assert.deepEqual(outbox.list().map((i) => i.id), ['future-1']);
    assert.equal(h.log.lines.filter((l) => l.includes('"image"')).length, 1);
  });
});

/** Moves an item to sending/ and marks it "sending", exactly as a window does right before the request. */
export function simulateCrashMidSend(dir: string, id: string): void {
  const name = fs.readdirSync(path.join(dir, 'queued')).find((n) => n.endsWith(`-${id}.json`))!;
  const item = JSON.parse(fs.readFileSync(path.join(dir, 'queued', name), 'utf8'));
  fs.writeFileSync(path.join(dir, 'sending', name), JSON.stringify({ ...item, state: 'sending', attempts: 1, lastAttemptAt: item.createdAt }));
  fs.unlinkSync(path.join(dir, 'queued', name));
}
