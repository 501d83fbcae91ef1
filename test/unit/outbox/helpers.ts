/**
 * Deterministic harness for the outbox: a virtual clock whose timers fire only when the test advances it, a
 * driver that advances it only while every outbox is quiescent (so real file I/O never races virtual time),
 * and a fake DingTalk that records requests and de-duplicates custom-robot msgUuids like the real one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DingTalkError } from '../../../src/core/dingtalk/errors';
import { textMessage } from '../../../src/core/dingtalk/messages';
import type { Clock, CoreLogger, Sleep } from '../../../src/core/dingtalk/transport';
import type { OutboxItem, OutboxPayload } from '../../../src/core/outbox/item';
import { Outbox, OutboxOptions } from '../../../src/core/outbox/outbox';

interface Timer {
  at: number;
  seq: number;
  resolve(): void;
}

/** Virtual time: `sleep` registers a timer; `advanceTo` moves time and fires due timers in order. */
export class VirtualTime implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private seq = 0;
  private readonly listeners: ((now: number) => void)[] = [];

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  readonly sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new DingTalkError({ kind: 'cancelled' }));
        return;
      }
      if (ms <= 0) {
        resolve();
        return;
      }
      const timer: Timer = {
        at: this.current + ms,
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(new DingTalkError({ kind: 'cancelled' }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });

  /** When the earliest pending timer fires. */
  nextTimerAt(): number | undefined {
    return this.timers.length ? Math.min(...this.timers.map((t) => t.at)) : undefined;
  }

  /** Moves time to `t` (never backwards) and fires every timer due by then. */
  advanceTo(t: number): void {
    this.current = Math.max(this.current, t);
    const due = this.timers.filter((x) => x.at <= this.current).sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.timers = this.timers.filter((x) => x.at > this.current);
    for (const listener of this.listeners) listener(this.current);
    for (const timer of due) timer.resolve();
  }

  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  /** Called on every advance (to move the sandbox's clock along). */
  onAdvance(listener: (now: number) => void): void {
    this.listeners.push(listener);
  }
}

/**
 * Waits until no outbox is busy for a few consecutive event-loop turns, or until `done()` holds (a test that
 * waits for a request that then hangs on purpose would otherwise wait for ever).
 */
export async function settle(outboxes: readonly Outbox[], done: () => boolean = () => false): Promise<void> {
  const started = Date.now();
  let calm = 0;
  while (calm < 3) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (done()) return;
    calm = outboxes.some((o) => o.busy) ? 0 : calm + 1;
    if (Date.now() - started > 8_000) throw new Error('the outbox never became quiescent');
  }
}

/** Runs the outboxes, advancing virtual time from timer to timer, until `until()` holds. */
export async function drive(
  time: VirtualTime,
  outboxes: readonly Outbox[],
  until: () => boolean,
  options: { maxVirtualMs?: number } = {},
): Promise<void> {
  const deadline = time.now() + (options.maxVirtualMs ?? 4 * 3_600_000);
  for (;;) {
    await settle(outboxes, until);
    if (until()) return;
    const next = time.nextTimerAt();
    if (next === undefined) throw new Error('nothing left to wait for, and the condition does not hold');
    if (next > deadline) throw new Error(`the condition did not hold within ${options.maxVirtualMs ?? 4 * 3_600_000} ms of virtual time`);
    time.advanceTo(next);
  }
}

/** What the fake DingTalk does with one request. */
export type Behaviour = 'ok' | 'hang' | DingTalkError | ((item: OutboxItem) => 'ok' | 'hang' | DingTalkError);

/** A request as the fake DingTalk saw it. */
export interface SeenRequest {
  id: string;
  destination: string;
  msgUuid?: string;
  label?: string;
  at: number;
  by?: string;
}

/** Records requests; accepts each custom-robot msgUuid once (like DingTalk), app-robot items every time. */
export class FakeDingTalk {
  readonly requests: SeenRequest[] = [];
  /** Messages that appeared in the group. */
  readonly posted: SeenRequest[] = [];
  private readonly uuids = new Set<string>();
  private readonly scripted: Behaviour[] = [];
  /** Default behaviour when nothing is scripted. */
  behaviour: Behaviour = 'ok';

  constructor(private readonly clock: Clock) {}

  /** The next requests behave like this, in order. */
  script(...behaviours: Behaviour[]): this {
    this.scripted.push(...behaviours);
    return this;
  }

  /** Pretends a message with this msgUuid was already accepted (a request that got through before a crash). */
  alreadyAccepted(msgUuid: string): void {
    this.uuids.add(msgUuid);
  }

  /** The injected send for the outbox of window `by`. */
  sendFor(by?: string): (item: OutboxItem, signal: AbortSignal) => Promise<void> {
    return async (item, signal) => {
      await Promise.resolve();
      const msgUuid = item.payload.kind === 'customRobot' ? item.payload.message.msgUuid : undefined;
      const seen: SeenRequest = { id: item.id, destination: item.destination, msgUuid, label: item.label, at: this.clock.now(), by };
      this.requests.push(seen);
      let behaviour = this.scripted.length ? this.scripted.shift()! : this.behaviour;
      if (typeof behaviour === 'function') behaviour = behaviour(item);
      if (behaviour instanceof DingTalkError) throw behaviour;
      if (behaviour === 'hang') {
        await new Promise<never>((_resolve, reject) => {
          if (signal.aborted) reject(new DingTalkError({ kind: 'cancelled' }));
          signal.addEventListener('abort', () => reject(new DingTalkError({ kind: 'cancelled' })), { once: true });
        });
      }
      if (msgUuid !== undefined) {
        if (this.uuids.has(msgUuid)) return; // DingTalk's de-duplication: success, not posted again
        this.uuids.add(msgUuid);
      }
      this.posted.push(seen);
    };
  }

  get send(): (item: OutboxItem, signal: AbortSignal) => Promise<void> {
    return this.sendFor();
  }
}

/** Log lines captured from an outbox. */
export class LogLines implements CoreLogger {
  readonly lines: string[] = [];
  debug(m: string): void {
    this.lines.push(`debug ${m}`);
  }
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string): void {
    this.lines.push(`error ${m}`);
  }
}

/** A fresh temp folder, removed by `removeTempDirs`. */
const tempDirs: string[] = [];
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-test-'));
  tempDirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A custom-robot payload with text `text`. */
export function custom(text: string): OutboxPayload {
  return { kind: 'customRobot', message: textMessage(text) };
}

/** An app-robot payload with text `text`. */
export function app(text: string): OutboxPayload {
  return { kind: 'appRobot', msgKey: 'sampleText', msgParam: JSON.stringify({ content: text }) };
}

/** Everything one test needs. */
export interface Harness {
  dir: string;
  time: VirtualTime;
  dingtalk: FakeDingTalk;
  log: LogLines;
  outboxes: Outbox[];
  /** Ids delivered (onDelivered, i.e. after the file was removed), by any outbox of this harness. */
  delivered: string[];
  /** A new (not started) outbox on `dir` with the deterministic defaults. */
  create(overrides?: Partial<OutboxOptions>): Outbox;
  /** Disposes every outbox created. */
  disposeAll(): Promise<void>;
}

export function harness(options: { dir?: string; time?: VirtualTime } = {}): Harness {
  const dir = options.dir ?? tempDir();
  const time = options.time ?? new VirtualTime();
  const dingtalk = new FakeDingTalk(time);
  const log = new LogLines();
  const outboxes: Outbox[] = [];
  const delivered: string[] = [];
  return {
    dir,
    time,
    dingtalk,
    log,
    outboxes,
    delivered,
    create(overrides = {}) {
      const outbox = new Outbox({
        dir,
        send: dingtalk.send,
        clock: time,
        sleep: time.sleep,
        random: () => 0.5,
        logger: log,
        watch: false,
        rescanMs: 60_000,
        ...overrides,
      });
      outbox.onDelivered(({ item }) => delivered.push(item.id));
      outboxes.push(outbox);
      return outbox;
    },
    async disposeAll() {
      await Promise.all(outboxes.map((o) => o.dispose()));
    },
  };
}

/** Files in a sub-folder of the outbox. */
export function filesIn(dir: string, folder: string): string[] {
  try {
    return fs.readdirSync(path.join(dir, folder)).sort();
  } catch {
    return [];
  }
}

/** True when `times` never has more than `limit` entries in any window of `windowMs`. */
export function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
