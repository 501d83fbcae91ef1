import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Outbox } from '../../../src/core/outbox/outbox';
import { custom, drive, filesIn, harness, Harness, maxInAnyWindow, removeTempDirs, settle, VirtualTime } from './helpers';

/** Several VS Code windows = several Outbox instances on one folder. */
describe('outbox: several windows on one folder', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => {
    await h.disposeAll();
    removeTempDirs();
  });

  it('delivers 50 items enqueued from two windows exactly once, in per-window order; the lease moves to the survivor on dispose', async () => {
    const a = h.create({ send: h.dingtalk.sendFor('A'), watch: true, ownerId: 'window-A' });
    const b = h.create({ send: h.dingtalk.sendFor('B'), watch: true, ownerId: 'window-B' });
    await a.start();
    await drive(h.time, [a], () => a.isDelivering);
    await b.start();

    // Both windows enqueue at the same time while A is delivering.
    const fromA: string[] = [];
    const fromB: string[] = [];
    const enqueue = async (outbox: Outbox, ids: string[], tag: string) => {
      for (let i = 0; i < 25; i++) ids.push((await outbox.enqueue({ destination: 'team', payload: custom(`${tag}${i}`), label: `${tag}${i}` })).id);
    };
    await Promise.all([enqueue(a, fromA, 'a'), enqueue(b, fromB, 'b')]);

    await drive(h.time, [a, b], () => h.delivered.length >= 20);
    assert.equal(b.isDelivering, false, 'only one window delivers');
    assert.ok(h.dingtalk.requests.every((r) => r.by === 'A'));

    await a.dispose(); // the window closes; its lease is released
    await drive(h.time, [b], () => h.delivered.length === 50);
    assert.equal(b.isDelivering, true, 'the survivor took over');

    const requested = h.dingtalk.requests.map((r) => r.id);
    assert.equal(requested.length, 50, 'no request was made twice');
    assert.deepEqual([...requested].sort(), [...fromA, ...fromB].sort(), 'every item was requested');
    assert.deepEqual(requested.filter((id) => fromA.includes(id)), fromA, "window A's order");
    assert.deepEqual(requested.filter((id) => fromB.includes(id)), fromB, "window B's order");
    assert.ok(h.dingtalk.requests.some((r) => r.by === 'B'), 'B delivered the rest');
    assert.ok(maxInAnyWindow(h.dingtalk.requests.map((r) => r.at), 60_000) <= 20, 'the rate limit held across the hand-over');
    assert.deepEqual(filesIn(h.dir, 'queued'), []);
    assert.deepEqual(filesIn(h.dir, 'sending'), []);
    assert.deepEqual(b.counts, { queued: 0, sending: 0, failed: 0, delivering: true });
  });

  it('the delivering window is poked by file watching when another window enqueues; both windows see the counts', async () => {
    const a = h.create({ watch: true, ownerId: 'window-A' });
    const b = h.create({ watch: true, ownerId: 'window-B' });
    await a.start();
    await drive(h.time, [a], () => a.isDelivering);
    await b.start();
    const seenByB: number[] = [];
    b.onDidChange((c) => seenByB.push(c.queued + c.sending));
    const t0 = h.time.now();
    const item = await b.enqueue({ destination: 'team', payload: custom('from b') });
    let outcome: string | undefined;
    void b.whenSettled(item.id).then((r) => (outcome = r.outcome));
    await drive(h.time, [a, b], () => h.delivered.includes(item.id) && b.counts.queued + b.counts.sending === 0 && outcome !== undefined);
    assert.equal(outcome, 'delivered', 'the enqueuing window learns the outcome from the folder and sent.log');
    assert.ok(h.time.now() - t0 < 60_000, 'picked up through the watcher, before the periodic rescan');
    assert.equal(b.isDelivering, false);
    assert.equal(seenByB[0], 1, 'queued shows at once in the enqueuing window');
    assert.equal(seenByB[seenByB.length - 1], 0, 'and clears when the other window delivered it');
  });

  it('takes over from a window whose lease expired (hung), re-sending its in-flight custom-robot item with the same msgUuid', async () => {
    // Window A runs on its own frozen time: once its request hangs it never renews, like a suspended process.
    const timeA = new VirtualTime(h.time.now());
    const a = h.create({ send: h.dingtalk.sendFor('A'), clock: timeA, sleep: timeA.sleep, ownerId: 'window-A' });
    h.dingtalk.script('hang');
    const first = await a.enqueue({ destination: 'team', payload: custom('one') });
    const second = await a.enqueue({ destination: 'team', payload: custom('two') });
    await a.start();
    await settle([a], () => h.dingtalk.requests.length === 1);
    assert.equal(a.isDelivering, true);

    const b = h.create({ send: h.dingtalk.sendFor('B'), ownerId: 'window-B' });
    await b.start();
    const t0 = h.time.now();
    await drive(h.time, [b], () => h.delivered.length === 2);
    assert.ok(h.time.now() - t0 >= 30_000, 'B waited for the lease to expire');
    assert.equal(b.isDelivering, true);
    assert.deepEqual(h.dingtalk.requests.map((r) => [r.id, r.by]), [[first.id, 'A'], [first.id, 'B'], [second.id, 'B']]);
    assert.equal(h.dingtalk.requests[0].msgUuid, h.dingtalk.requests[1].msgUuid);
    assert.deepEqual(h.dingtalk.posted.map((r) => r.id), [first.id, second.id], 'each posted once');
    assert.ok(h.log.lines.some((l) => l.includes('expired') && l.includes('taking over')));

    // A wakes up: its renewal finds B's lease and it stops delivering; its late request changes nothing.
    timeA.advanceTo(h.time.now());
    await settle([a], () => !a.isDelivering);
    assert.equal(a.isDelivering, false);
    await a.dispose();
    assert.deepEqual(filesIn(h.dir, 'queued'), []);
    assert.deepEqual(filesIn(h.dir, 'sending'), []);
    assert.equal(JSON.parse(fs.readFileSync(path.join(h.dir, 'lease.json'), 'utf8')).owner, 'window-B', "A did not delete B's lease");
  });
});
