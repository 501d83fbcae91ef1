import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Lease } from '../../../src/core/outbox/lease';
import { LogLines, removeTempDirs, tempDir, VirtualTime } from './helpers';

describe('outbox: lease', () => {
  let dir: string;
  let time: VirtualTime;
  const TTL = 30_000;
  const lease = (owner: string) => new Lease({ file: path.join(dir, 'lease.json'), tmpDir: path.join(dir, 'tmp'), owner, ttlMs: TTL, clock: time, logger: new LogLines() });

  beforeEach(() => {
    dir = tempDir();
    fs.mkdirSync(path.join(dir, 'tmp'));
    time = new VirtualTime();
  });
  after(() => removeTempDirs());

  it('is held by one window; another takes over only after it expires; the old owner then cannot renew', async () => {
    const a = lease('A');
    const b = lease('B');
    assert.equal(await a.tryAcquire(), true);
    assert.equal(await a.tryAcquire(), true, 're-acquiring our own lease renews it');
    assert.equal(await b.tryAcquire(), false);
    time.advance(TTL - 1);
    assert.equal(await b.tryAcquire(), false, 'not expired yet');
    assert.equal(await a.renew(), true);
    time.advance(TTL - 1);
    assert.equal(await b.tryAcquire(), false, 'the renewal extended it');
    time.advance(2);
    assert.equal(await b.tryAcquire(), true, 'expired: taken over');
    assert.equal(await a.isHeld(), false);
    assert.equal(await a.renew(), false, 'the displaced owner learns it lost the lease');
    assert.equal((await b.current())?.owner, 'B');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'tmp')), [], 'no temp files left behind');
  });

  it('release lets another window acquire at once; releasing a lease that is not ours does nothing', async () => {
    const a = lease('A');
    const b = lease('B');
    await a.tryAcquire();
    await b.release();
    assert.equal((await a.current())?.owner, 'A');
    await a.release();
    assert.equal(fs.existsSync(path.join(dir, 'lease.json')), false);
    assert.equal(await b.tryAcquire(), true);
  });

  it('exactly one of many windows racing for a free lease wins', async () => {
    const contenders = Array.from({ length: 12 }, (_, i) => lease(`W${i}`));
    const results = await Promise.all(contenders.map((l) => l.tryAcquire()));
    assert.equal(results.filter(Boolean).length, 1);
    const winner = contenders[results.indexOf(true)].owner;
    assert.equal((await contenders[0].current())?.owner, winner);
  });

  it('exactly one of many windows racing for an expired lease wins', async () => {
    await lease('dead').tryAcquire();
    time.advance(TTL + 1);
    for (let round = 0; round < 5; round++) {
      const contenders = Array.from({ length: 12 }, (_, i) => lease(`R${round}-${i}`));
      const results = await Promise.all(contenders.map((l) => l.tryAcquire()));
      const held = await Promise.all(contenders.map((l) => l.isHeld()));
      assert.equal(held.filter(Boolean).length, 1, `round ${round}: one holder`);
      assert.ok(results.filter(Boolean).length >= 1);
      time.advance(TTL + 1);
    }
  });

  it('treats an unreadable lease file as held for one lease period, then takes it over', async () => {
    fs.writeFileSync(path.join(dir, 'lease.json'), '{"owner": "half-writ');
    const a = lease('A');
    assert.equal(await a.tryAcquire(), false);
    time.advance(TTL);
    assert.equal(await a.tryAcquire(), true);
    assert.equal((await a.current())?.owner, 'A');
  });
});
