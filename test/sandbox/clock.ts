/**
 * The sandbox's notion of "now". Time flows with the wall clock by default (so the page shows real
 * times when a developer pokes at it by hand) but can be moved or frozen, which is what tests need
 * for token expiry, the ±1 h signature window and the custom-robot rate limit.
 */
export interface ControllableClock {
  /** Current sandbox time in epoch milliseconds. */
  now(): number;
  /** Moves sandbox time forward (or back, with a negative value) by `ms`. */
  advance(ms: number): void;
  /** Makes `now()` return `ms` at this instant; time keeps flowing from there unless frozen. */
  set(ms: number): void;
  /** Stops time at `atMs` (default: the current sandbox time) until `resume()`. */
  freeze(atMs?: number): void;
  /** Lets time flow again from the current sandbox time. */
  resume(): void;
  readonly frozen: boolean;
}

export function createClock(wallClock: () => number = Date.now): ControllableClock {
  let offsetMs = 0;
  let frozenAt: number | undefined;

  const clock: ControllableClock = {
    now: () => (frozenAt !== undefined ? frozenAt : wallClock() + offsetMs),
    advance(ms: number) {
      assertFinite(ms, 'advance');
      if (frozenAt !== undefined) frozenAt += ms;
      else offsetMs += ms;
    },
    set(ms: number) {
      assertFinite(ms, 'set');
      if (frozenAt !== undefined) frozenAt = ms;
      else offsetMs = ms - wallClock();
    },
    freeze(atMs?: number) {
      if (atMs !== undefined) assertFinite(atMs, 'freeze');
      frozenAt = atMs ?? clock.now();
    },
    resume() {
      if (frozenAt === undefined) return;
      offsetMs = frozenAt - wallClock();
      frozenAt = undefined;
    },
    get frozen() {
      return frozenAt !== undefined;
    },
  };
  return clock;
}

function assertFinite(value: number, op: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`clock.${op} needs a finite number of milliseconds, got ${String(value)}`);
  }
}
