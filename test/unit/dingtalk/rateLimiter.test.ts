import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { SlidingWindowRateLimiter } from '../../../src/core/dingtalk/rateLimiter';
import { FakeClock, fakeSleep } from './helpers';
import { expectDingTalkError } from './logCapture';

/** Lets every pending promise chain settle (the fake sleep yields once per call). */
async function settle(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

function maxInAnyWindow(times: number[], windowMs: number): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    let count = 0;
    for (let j = i; j < times.length && times[j] < times[i] + windowMs; j++) count++;
    max = Math.max(max, count);
  }
  return max;
}

describe('dingtalk rate limiter (fake clock)', () => {
  it('grants 20 at once, then makes the 21st wait for the window (plus margin) to pass', async () => {
    const clock = new FakeClock(0);
    const sleep = fakeSleep(clock);
    const limiter = new SlidingWindowRateLimiter({ clock, sleep, marginMs: 0 });
    const grantedAt: number[] = [];
    for (let i = 0; i < 21; i++) await limiter.acquire('robot').then(() => grantedAt.push(clock.now()));
    assert.deepEqual(grantedAt.slice(0, 20), new Array(20).fill(0));
    assert.equal(grantedAt[20], 60_000);
    assert.deepEqual(sleep.delays, [60_000]);
  });

  it('never allows more than `limit` grants in any rolling window, whatever the arrival pattern', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 70 }), fc.integer({ min: 1, max: 25 }), async (gaps, limit) => {
        const clock = new FakeClock(0);
        const limiter = new SlidingWindowRateLimiter({ clock, sleep: fakeSleep(clock), limit, windowMs: 60_000, marginMs: 500 });
        const times: number[] = [];
        for (const gap of gaps) {
          clock.advance(gap);
          await limiter.acquire('k');
          times.push(clock.now());
        }
        assert.ok(maxInAnyWindow(times, 60_500) <= limit);
      }),
      { numRuns: 100 },
    );
  });

  it('serves waiters first come, first served', async () => {
    const clock = new FakeClock(0);
    const limiter = new SlidingWindowRateLimiter({ clock, sleep: fakeSleep(clock), limit: 2, windowMs: 1000, marginMs: 0 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 7 }, (_, i) => limiter.acquire('k').then(() => order.push(i))));
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(clock.now(), 3000);
  });

  it('keeps robots independent', async () => {
    const clock = new FakeClock(0);
    const limiter = new SlidingWindowRateLimiter({ clock, sleep: fakeSleep(clock), limit: 1, windowMs: 1000, marginMs: 0 });
    await limiter.acquire('a');
    await limiter.acquire('b');
    assert.equal(clock.now(), 0);
  });

  it('lets a cancelled waiter leave the queue at once without disturbing the others', async () => {
    const clock = new FakeClock(0);
    // A sleep that only finishes when the test says so, to hold waiters in the queue.
    let release: () => void = () => undefined;
    const manualSleep = (ms: number) => new Promise<void>((resolve) => {
      release = () => {
        clock.advance(ms);
        resolve();
      };
    });
    const limiter = new SlidingWindowRateLimiter({ clock, sleep: manualSleep, limit: 1, windowMs: 1000, marginMs: 0 });
    await limiter.acquire('k');
    const controller = new AbortController();
    const order: string[] = [];
    const first = limiter.acquire('k', controller.signal).then(() => order.push('cancelled one'));
    const second = limiter.acquire('k').then(() => order.push('second'));
    await settle();
    assert.equal(limiter.pending('k'), 2);
    controller.abort();
    await expectDingTalkError(first, 'cancelled');
    assert.equal(limiter.pending('k'), 1);
    release();
    await second;
    assert.deepEqual(order, ['second']);
    await expectDingTalkError(limiter.acquire('k', AbortSignal.abort()), 'cancelled');
  });

  it('honours blockUntil (a throttle reported by DingTalk)', async () => {
    const clock = new FakeClock(0);
    const limiter = new SlidingWindowRateLimiter({ clock, sleep: fakeSleep(clock) });
    limiter.blockUntil('k', 600_000);
    assert.equal(limiter.blockedUntil('k'), 600_000);
    await limiter.acquire('k');
    assert.equal(clock.now(), 600_000);
    assert.equal(limiter.blockedUntil('k'), undefined);
  });

  it('rejects nonsensical settings', () => {
    assert.throws(() => new SlidingWindowRateLimiter({ limit: 0 }), RangeError);
    assert.throws(() => new SlidingWindowRateLimiter({ windowMs: -5000, marginMs: 0 }), RangeError);
  });
});
