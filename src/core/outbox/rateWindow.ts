/**
 * Per-robot rolling-window accounting for the delivery loop.
 *
 * Unlike `SlidingWindowRateLimiter` (which makes a caller wait), the loop needs to *ask* when a robot's next
 * slot opens, so it can send for other robots meanwhile and sleep exactly until the earliest moment anything
 * can move. A custom robot accepts 20 messages per minute and then throttles for 10 minutes (docs §2.3):
 * staying under the limit locally is far cheaper than ever hitting it.
 */

/** A limit for one key. */
export interface RateLimit {
  /** Requests allowed in any window of `windowMs`. */
  readonly limit: number;
  readonly windowMs: number;
}

/** Grants per key, oldest first, plus DingTalk-imposed blocks. */
export class RateWindow {
  private readonly grants = new Map<string, number[]>();
  private readonly blocked = new Map<string, number>();

  /** Earliest time ≥ `now` at which `key` may send under `limit`. */
  nextSlotAt(key: string, limit: RateLimit, now: number): number {
    const grants = this.prune(key, limit, now);
    let at = now;
    if (grants.length >= limit.limit) at = Math.max(at, grants[grants.length - limit.limit] + limit.windowMs);
    const until = this.blocked.get(key);
    if (until !== undefined) {
      if (until > now) at = Math.max(at, until);
      else this.blocked.delete(key);
    }
    return at;
  }

  /** Records a request for `key` at `at`. Grants may be recorded out of order (seeding from disk). */
  record(key: string, at: number): void {
    const grants = this.grants.get(key) ?? [];
    grants.push(at);
    if (grants.length > 1 && grants[grants.length - 2] > at) grants.sort((a, b) => a - b);
    this.grants.set(key, grants);
  }

  /** Takes back a grant recorded at `at` (the request did not happen after all). */
  unrecord(key: string, at: number): void {
    const grants = this.grants.get(key);
    const i = grants?.lastIndexOf(at) ?? -1;
    if (grants && i >= 0) grants.splice(i, 1);
  }

  /** DingTalk said the robot is throttled: no grants for `key` before `until`. */
  block(key: string, until: number): void {
    this.blocked.set(key, Math.max(this.blocked.get(key) ?? 0, until));
  }

  /** Grants of `key` within the window ending at `now` (for tests and diagnostics). */
  inWindow(key: string, limit: RateLimit, now: number): number {
    return this.prune(key, limit, now).length;
  }

  private prune(key: string, limit: RateLimit, now: number): number[] {
    const grants = this.grants.get(key);
    if (!grants) return [];
    let drop = 0;
    while (drop < grants.length && grants[drop] + limit.windowMs <= now) drop++;
    if (drop > 0) grants.splice(0, drop);
    if (grants.length === 0) this.grants.delete(key);
    return grants;
  }
}
