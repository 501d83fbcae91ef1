import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DingTalkError } from '../../../src/core/dingtalk/errors';
import { textMessage } from '../../../src/core/dingtalk/messages';
import { backoffDelay } from '../../../src/core/outbox/backoff';
import { Emitter } from '../../../src/core/outbox/events';
import { itemFileName, nextStamp, parseItemFileName } from '../../../src/core/outbox/fileNames';
import { InvalidItemError, OutboxItem, parseItem, serializeItem } from '../../../src/core/outbox/item';
import { mayHaveReachedDingTalk } from '../../../src/core/outbox/policy';
import { RateWindow } from '../../../src/core/outbox/rateWindow';
import { SentLog } from '../../../src/core/outbox/sentLog';
import { OutboxStore } from '../../../src/core/outbox/store';
import { LogLines, removeTempDirs, tempDir } from './helpers';

function item(n: number, destination = 'team'): OutboxItem {
  const stamp = nextStamp(1_700_000_000_000);
  return { id: `id-${n}`, destination, createdAt: stamp.createdAt, seq: stamp.seq, payload: { kind: 'customRobot', message: textMessage(`m${n}`) }, attempts: 0, state: 'queued' };
}

describe('outbox: parts', () => {
  after(() => removeTempDirs());

  describe('file names', () => {
    it('sort in enqueue order, even within one millisecond or when the clock steps back', () => {
      const names: string[] = [];
      for (const now of [5_000, 5_000, 5_000, 4_000, 6_000, 6_000]) names.push(itemFileName({ ...nextStamp(now), id: `x${names.length}` }));
      assert.deepEqual([...names].sort(), names);
      assert.equal(parseItemFileName(names[1])?.id, 'x1');
      assert.equal(parseItemFileName('lease.json'), undefined);
      assert.equal(parseItemFileName('000000000000001-000000-a/b.json'), undefined);
    });
  });

  describe('item files', () => {
    it('round-trip, and malformed content is refused', () => {
      const it1 = item(1);
      assert.deepEqual(parseItem(serializeItem(it1)), it1);
      for (const bad of ['', '[]', '{"id":"x"}', JSON.stringify({ ...it1, state: 'lost' }), JSON.stringify({ ...it1, payload: { kind: 'customRobot', message: { msgtype: 'text' } } })]) {
        assert.throws(() => parseItem(bad), InvalidItemError, bad);
      }
      const future = { ...it1, payload: { kind: 'todo', anything: 1 } };
      assert.equal(parseItem(JSON.stringify(future)).payload.kind, 'todo', 'newer kinds are kept');
    });
  });

  describe('store', () => {
    it('lets concurrent enqueues from several windows coexist, and an item be claimed only once', async () => {
      const dir = tempDir();
      const stores = [new OutboxStore(dir, new LogLines()), new OutboxStore(dir, new LogLines())];
      await stores[0].ensureDirs();
      const items = Array.from({ length: 40 }, (_, i) => item(i));
      await Promise.all(items.map((it, i) => stores[i % 2].create(it)));
      const scanned = await stores[1].scan();
      assert.deepEqual(scanned.map((s) => s.item.id), items.map((i) => i.id), 'all there, in order');
      assert.deepEqual(fs.readdirSync(path.join(dir, 'tmp')), []);
      const name = scanned[0].name;
      const claims = await Promise.all([stores[0].claim(name), stores[1].claim(name), stores[0].claim(name)]);
      assert.deepEqual(claims.filter(Boolean).length, 1);
      assert.equal(await stores[0].rewrite('queued', name, items[0]), false, 'a vanished item is not resurrected');
      assert.equal(fs.existsSync(path.join(dir, 'queued', name)), false);
    });
  });

  describe('sent.log', () => {
    it('stays bounded, skips a torn line and survives a reload', async () => {
      const dir = tempDir();
      fs.mkdirSync(path.join(dir, 'tmp'));
      const file = path.join(dir, 'sent.log');
      const log = new SentLog(file, path.join(dir, 'tmp'), 10);
      await log.load();
      for (let i = 0; i < 35; i++) await log.append({ id: `s${i}`, key: 'k', at: i });
      assert.ok(fs.readFileSync(file, 'utf8').trim().split('\n').length <= 20);
      assert.equal(log.has('s34'), true);
      assert.equal(log.has('s0'), false);
      fs.appendFileSync(file, '{"id":"torn');
      const reloaded = new SentLog(file, path.join(dir, 'tmp'), 10);
      await reloaded.load();
      assert.equal(reloaded.has('s34'), true);
      assert.deepEqual(reloaded.since(33).map((r) => r.id), ['s33', 's34']);
    });
  });

  describe('rate window', () => {
    it('gives the next slot per key, honours blocks, and can take a grant back', () => {
      const w = new RateWindow();
      const limit = { limit: 3, windowMs: 1_000 };
      for (const t of [0, 10, 20]) w.record('a', t);
      assert.equal(w.nextSlotAt('a', limit, 20), 1_000);
      assert.equal(w.nextSlotAt('b', limit, 20), 20, 'keys are independent');
      w.unrecord('a', 20);
      assert.equal(w.nextSlotAt('a', limit, 20), 20);
      w.block('b', 5_000);
      assert.equal(w.nextSlotAt('b', limit, 30), 5_000);
      assert.equal(w.nextSlotAt('b', limit, 5_000), 5_000);
      w.record('c', 500);
      w.record('c', 100); // seeded out of order
      w.record('c', 300);
      assert.equal(w.nextSlotAt('c', limit, 600), 1_100);
    });
  });

  describe('backoff', () => {
    it('doubles with equal jitter up to the cap, and uses retryAfterMs exactly', () => {
      const net = new DingTalkError({ kind: 'network' });
      assert.deepEqual([1, 2, 3].map((n) => backoffDelay(n, net, () => 0)), [1_000, 2_000, 4_000]);
      assert.deepEqual([1, 2, 3].map((n) => backoffDelay(n, net, () => 0.999999)), [2_000, 4_000, 8_000]);
      assert.equal(backoffDelay(40, net, () => 1), 300_000);
      assert.equal(backoffDelay(1, new DingTalkError({ kind: 'rateLimited', retryAfterMs: 600_000 }), () => 0), 600_000);
    });

    it('knows which failures may have reached DingTalk', () => {
      assert.equal(mayHaveReachedDingTalk(new DingTalkError({ kind: 'rateLimited' })), false);
      assert.equal(mayHaveReachedDingTalk(new DingTalkError({ kind: 'network', details: { cause: 'ECONNREFUSED' } })), false);
      assert.equal(mayHaveReachedDingTalk(new DingTalkError({ kind: 'network', details: { cause: 'ECONNRESET' } })), true);
      assert.equal(mayHaveReachedDingTalk(new DingTalkError({ kind: 'timeout' })), true);
      assert.equal(mayHaveReachedDingTalk(new DingTalkError({ kind: 'server' })), true);
      assert.equal(mayHaveReachedDingTalk(new DingTalkError({ kind: 'permissionDenied' })), false);
    });
  });

  describe('emitter', () => {
    it('delivers in order, unsubscribes, and isolates a throwing listener', () => {
      const errors: unknown[] = [];
      const e = new Emitter<number>((err) => errors.push(err));
      const got: string[] = [];
      const sub = e.event((v) => got.push(`a${v}`));
      e.event(() => {
        throw new Error('boom');
      });
      e.event((v) => got.push(`c${v}`));
      e.fire(1);
      sub.dispose();
      e.fire(2);
      e.dispose();
      e.fire(3);
      assert.deepEqual(got, ['a1', 'c1', 'c2']);
      assert.equal(errors.length, 2);
    });
  });
});
