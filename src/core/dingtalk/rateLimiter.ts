/**
 * Per-key sliding-window rate limiter.
 *
 * A custom robot may send at most 20 messages per minute; the 21st triggers a 10-minute throttle
 * (docs/dingtalk-api.md §2.3). Waiting a few seconds locally is far better than being blocked for ten minutes,
 * so callers wait (not fail) for a slot. Waiters are served strictly first come, first served per key, and a
 * waiter whose AbortSignal fires leaves the queue at once.
 */

import { Clock, Sleep, cancelledError, realSleep, systemClock, throwIfCancelled } from './transport';

/** Limiter settings. */
export interface RateLimiterOptions {
  /** Messages allowed in any window of `windowMs`. Default 20. */
  limit?: number;
  /** Window length. Default 60 000 ms. */
  windowMs?: number;
  /**
   * Extra spacing added to the window to absorb network latency differences between our clock and the time
   * DingTalk receives a message. Default 1 000 ms.
   */
  marginMs?: number;
  clock?: Clock;
  sleep?: Sleep;
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface KeyState {
  /** Grant times inside the current window, oldest first. */
  grants: number[];
  queue: Waiter[];
  pumping: boolean;
  blockedUntil: number;
}

/** A FIFO, cancellable, per-key rolling-window limiter driven by an injectable clock and sleep. */
export class SlidingWindowRateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly keys = new Map<string, KeyState>();

  constructor(options: RateLimiterOptions = {}) {
    this.limit = options.limit ?? 20;
    this.windowMs = (options.windowMs ?? 60_000) + (options.marginMs ?? 1_000);
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    if (!Number.isInteger(this.limit) || this.limit < 1) throw new RangeError('limit must be a positive integer');
    if (!(this.windowMs > 0)) throw new RangeError('windowMs must be positive');
  }

  /** Resolves when the caller may send one message for `key`. Rejects with `cancelled` if `signal` aborts first. */
  acquire(key: string, signal?: AbortSignal): Promise<void> {
    try {
      throwIfCancelled(signal);
    } catch (err) {
      return Promise.reject(err);
    }
    const state = this.state(key);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = state.queue.indexOf(waiter);
          if (index >= 0) state.queue.splice(index, 1);
          reject(cancelledError());
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      state.queue.push(waiter);
      void this.pump(key, state);
    });
  }

  /** Refuses grants for `key` until `untilMs` (DingTalk said the robot is throttled). */
  blockUntil(key: string, untilMs: number): void {
    const state = this.state(key);
    state.blockedUntil = Math.max(state.blockedUntil, untilMs);
  }

  /** When `key` is blocked by {@link blockUntil}, the time it is released; otherwise undefined. */
  blockedUntil(key: string): number | undefined {
    const until = this.keys.get(key)?.blockedUntil ?? 0;
    return until > this.clock.now() ? until : undefined;
  }

  /** Number of callers waiting for `key`. */
  pending(key: string): number {
    return this.keys.get(key)?.queue.length ?? 0;
  }

  private state(key: string): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      state = { grants: [], queue: [], pumping: false, blockedUntil: 0 };
      this.keys.set(key, state);
    }
    return state;
  }

  /** Serves the key's queue in order; only one pump runs per key. */
  private async pump(key: string, state: KeyState): Promise<void> {
    if (state.pumping) return;
    state.pumping = true;
    try {
      while (state.queue.length > 0) {
        const now = this.clock.now();
        while (state.grants.length > 0 && state.grants[0] + this.windowMs <= now) state.grants.shift();
        let waitMs = 0;
        if (state.blockedUntil > now) waitMs = state.blockedUntil - now;
        else if (state.grants.length >= this.limit) waitMs = state.grants[0] + this.windowMs - now;
        if (waitMs > 0) {
          await this.sleep(waitMs);
          continue;
        }
        const waiter = state.queue.shift()!;
        if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
        state.grants.push(now);
        waiter.resolve();
      }
    } catch (err) {
      // The injected sleep failed: fail everyone waiting rather than hang them.
      for (const waiter of state.queue.splice(0)) waiter.reject(err);
    } finally {
      state.pumping = false;
      if (state.queue.length === 0 && state.grants.length === 0 && state.blockedUntil <= this.clock.now()) this.keys.delete(key);
    }
  }
}
