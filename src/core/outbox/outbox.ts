/**
 * The persistent outbox: what the user sends is written to disk first, then delivered by a loop.
 *
 * Guarantees (the on-disk layout is described in store.ts, the lease in lease.ts):
 *  - nothing is lost: an item leaves the folder only after DingTalk accepted it (or the user discards it);
 *  - nothing is sent twice: one window delivers at a time (lease), each item is claimed by an atomic rename,
 *    custom-robot re-sends reuse the item's msgUuid (DingTalk de-duplicates), and an app-robot item whose
 *    request may have reached DingTalk is never re-sent automatically;
 *  - per destination, items go out in the order they were enqueued, one at a time; destinations are independent;
 *  - per robot, at most 20 messages per rolling minute (remembered across windows and restarts via sent.log);
 *  - retryable failures are retried with backoff (honouring DingTalk's retry-after); the others move the item
 *    to `failed/` and are reported once.
 *
 * Everything that touches time or the network is injected (clock, sleep, random, send), so tests are exact.
 */

import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DingTalkError } from '../dingtalk/errors';
import { Clock, CoreLogger, Sleep, noopLogger, realSleep, redactingLogger, systemClock } from '../dingtalk/transport';
import { BackoffPolicy, DEFAULT_BACKOFF, backoffDelay } from './backoff';
import { Emitter, Event } from './events';
import { ITEM_ID_PATTERN, nextStamp } from './fileNames';
import { OutboxItem, OutboxItemState, OutboxPayload, OutboxPayloadKind, errorInfo, isKnownPayloadKind } from './item';
import { Lease, newOwnerId } from './lease';
import { DEFAULT_PAYLOAD_POLICIES, PayloadPolicy, mayHaveReachedDingTalk, maybeSentError } from './policy';
import { RateWindow } from './rateWindow';
import { SentLog } from './sentLog';
import { ItemFolder, OutboxStore, StoredItem } from './store';

/**
 * Delivers one item; resolves when DingTalk accepted it, throws a {@link DingTalkError} otherwise. The host
 * resolves `item.destination` to a robot and calls the DingTalk client. Must honour `signal` (window closing).
 */
export type OutboxSend = (item: OutboxItem, signal: AbortSignal) => Promise<void>;

/** Options of {@link Outbox}. Only `dir` and `send` are required. */
export interface OutboxOptions {
  /** The outbox folder, shared by every window (e.g. `<globalStorage>/outbox`). */
  dir: string;
  send: OutboxSend;
  clock?: Clock;
  /** Must reject (with any error) when its signal aborts. */
  sleep?: Sleep;
  /** Uniform [0, 1) for backoff jitter. */
  random?: () => number;
  logger?: CoreLogger;
  /** Overrides per payload kind (e.g. a `rateKey` that maps two destinations on the same robot to one key). */
  policies?: Partial<Record<OutboxPayloadKind, Partial<PayloadPolicy>>>;
  backoff?: Partial<BackoffPolicy>;
  /** Attempts after which a retryable failure is treated as final. Default: unlimited (offline for a day is fine). */
  maxAttempts?: number;
  /** Lease validity. Default 30 s. */
  leaseTtlMs?: number;
  /** How often the owner renews. Default 10 s (a third of the TTL). */
  leaseRenewMs?: number;
  /** How often a window without the lease checks whether it can take over. Default 5 s. */
  leaseCheckMs?: number;
  /** Periodic rescan of the folder, the fallback when file watching misses an event. Default 10 s. */
  rescanMs?: number;
  /** Watch the folder for changes made by other windows. Default true. */
  watch?: boolean;
  /** This window's lease owner id. Default: host:pid:random. */
  ownerId?: string;
  /** Delivered ids kept in sent.log. Default 500. */
  sentLogSize?: number;
}

/** What to enqueue. */
export interface EnqueueRequest {
  /** The user's name for the robot / group; passed back to `send` in the item. */
  destination: string;
  payload: OutboxPayload;
  /** Short text for progress and lists; never sent. */
  label?: string;
  /** Item id (letters, digits, '-' and '_'). Default a random UUID. */
  id?: string;
}

/** Numbers for a status bar. */
export interface OutboxCounts {
  /** Waiting (including those waiting for a retry). */
  readonly queued: number;
  /** A request is (or may be) in flight. */
  readonly sending: number;
  /** Need the user: retry or discard. */
  readonly failed: number;
  /** True when this window holds the lease and delivers. */
  readonly delivering: boolean;
}

/** Fired when DingTalk accepted an item (in the delivering window). */
export interface DeliveredEvent {
  readonly item: OutboxItem;
}

/** Fired once when an item moves to `failed/` (in the window that moved it). */
export interface FailedEvent {
  readonly item: OutboxItem;
  /** For the notification: `kind`, `explanation`, `remedy`. See `isMaybeSentError`. */
  readonly error: DingTalkError;
}

/** Fired when a retryable failure was scheduled for another attempt. */
export interface RetryScheduledEvent {
  readonly item: OutboxItem;
  readonly error: DingTalkError;
  readonly nextAttemptAt: number;
}

/** How an item left the queue, as seen from any window (see {@link Outbox.whenSettled}). */
export interface SettledResult {
  readonly id: string;
  /**
   * `delivered`: DingTalk accepted it; `failed`: it is in failed/ (see `error`); `discarded`: it is gone and was
   * not delivered; `disposed`: this outbox was disposed first.
   */
  readonly outcome: 'delivered' | 'failed' | 'discarded' | 'disposed';
  /** The failed item (outcome `failed`). */
  readonly item?: OutboxItem;
  /** Why it failed (outcome `failed`); rebuilt from the file when another window did the sending. */
  readonly error?: DingTalkError;
}

interface Resolved {
  readonly backoff: BackoffPolicy;
  readonly maxAttempts: number;
  readonly leaseRenewMs: number;
  readonly leaseCheckMs: number;
  readonly rescanMs: number;
  readonly watch: boolean;
}

/** Temp files older than this are leftovers of a crash mid-write. */
const STALE_TEMP_MS = 60 * 60_000;
/** Pause after an unexpected error in the loop (a full disk, a permission problem) before trying again. */
const ERROR_PAUSE_MS = 5_000;

/** A folder-backed outbox with one delivery loop per window; only the lease holder delivers. */
export class Outbox {
  private readonly store: OutboxStore;
  private readonly sentLog: SentLog;
  private readonly lease: Lease;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly logger: CoreLogger;
  private readonly send: OutboxSend;
  private readonly policies: Record<OutboxPayloadKind, PayloadPolicy>;
  private readonly config: Resolved;

  private readonly changeEmitter: Emitter<OutboxCounts>;
  private readonly deliveredEmitter: Emitter<DeliveredEvent>;
  private readonly failedEmitter: Emitter<FailedEvent>;
  private readonly retryEmitter: Emitter<RetryScheduledEvent>;

  /** Fires with new counts whenever they (or `delivering`) change. */
  readonly onDidChange: Event<OutboxCounts>;
  /** Fires for each delivered item, in the delivering window. */
  readonly onDelivered: Event<DeliveredEvent>;
  /** Fires once per item moved to `failed/`, with the error to show. */
  readonly onFailed: Event<FailedEvent>;
  /** Fires when a retryable failure was scheduled for a later attempt (progress: "retrying at …"). */
  readonly onRetryScheduled: Event<RetryScheduledEvent>;

  /** Items as last seen, sorted by file name (queue order). */
  private entries: StoredItem[] = [];
  private rate = new RateWindow();
  private owner = false;
  private started = false;
  private disposed = false;
  private disposing?: Promise<void>;
  private ready?: Promise<void>;
  private loop?: Promise<void>;
  private readonly abort = new AbortController();
  private readonly watchers: fs.FSWatcher[] = [];

  /** In-flight deliveries by file name, and the destinations they block. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly inFlightDestinations = new Set<string>();

  private dirty = true;
  private nextLeaseAt = 0;
  private nextScanAt = 0;
  private dispatchDueAt = Number.POSITIVE_INFINITY;
  private errorPauseUntil = 0;
  private parked = false;
  private wakeRequested = false;
  private wakeLoop?: () => void;
  private operations = 0;
  /** Counts in-memory transitions, to detect a scan that raced with one. */
  private mutations = 0;
  private lastCounts?: OutboxCounts;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly settleWaiters = new Map<string, ((result: SettledResult) => void)[]>();
  /** Errors of items this window moved to failed/, for whenSettled (cleared when reported). */
  private readonly failures = new Map<string, DingTalkError>();
  private settleCheck?: Promise<void>;
  private settleCheckAgain = false;
  private readonly unknownKindsLogged = new Set<string>();

  constructor(options: OutboxOptions) {
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.logger = redactingLogger(options.logger ?? noopLogger);
    this.send = options.send;
    this.store = new OutboxStore(options.dir, this.logger);
    this.sentLog = new SentLog(path.join(options.dir, 'sent.log'), this.store.dirs.tmp, options.sentLogSize ?? 500);
    const ttl = options.leaseTtlMs ?? 30_000;
    this.lease = new Lease({
      file: path.join(options.dir, 'lease.json'),
      tmpDir: this.store.dirs.tmp,
      owner: options.ownerId ?? newOwnerId(),
      ttlMs: ttl,
      clock: this.clock,
      logger: this.logger,
    });
    this.config = {
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      maxAttempts: options.maxAttempts ?? Number.POSITIVE_INFINITY,
      leaseRenewMs: options.leaseRenewMs ?? Math.max(1, Math.floor(ttl / 3)),
      leaseCheckMs: options.leaseCheckMs ?? 5_000,
      rescanMs: options.rescanMs ?? 10_000,
      watch: options.watch ?? true,
    };
    if (this.config.leaseRenewMs >= ttl) throw new RangeError('leaseRenewMs must be shorter than leaseTtlMs');
    this.policies = {
      customRobot: { ...DEFAULT_PAYLOAD_POLICIES.customRobot, ...options.policies?.customRobot },
      appRobot: { ...DEFAULT_PAYLOAD_POLICIES.appRobot, ...options.policies?.appRobot },
    };
    const onListenerError = (err: unknown) => this.logger.error(`outbox: an event listener threw: ${String(err)}`);
    this.changeEmitter = new Emitter(onListenerError);
    this.deliveredEmitter = new Emitter(onListenerError);
    this.failedEmitter = new Emitter(onListenerError);
    this.retryEmitter = new Emitter(onListenerError);
    this.onDidChange = this.changeEmitter.event;
    this.onDelivered = this.deliveredEmitter.event;
    this.onFailed = this.failedEmitter.event;
    this.onRetryScheduled = this.retryEmitter.event;
  }

  // -------------------------------------------------------------------------------------------------------
  // Public API

  /** This window's lease owner id. */
  get ownerId(): string {
    return this.lease.owner;
  }

  /** True while this window holds the lease and delivers. */
  get isDelivering(): boolean {
    return this.owner;
  }

  /**
   * True while this outbox is doing something other than waiting for time to pass (scanning, writing, a send
   * in flight). A test driving a virtual clock advances it only when every outbox is not busy.
   */
  get busy(): boolean {
    const looping = this.started && !this.disposed && !this.parked;
    return looping || this.inFlight.size > 0 || this.operations > 0;
  }

  /** Current counts (as of the last scan or transition). */
  get counts(): OutboxCounts {
    let queued = 0;
    let sending = 0;
    let failed = 0;
    for (const e of this.entries) {
      if (e.folder === 'queued') queued++;
      else if (e.folder === 'sending') sending++;
      else failed++;
    }
    return { queued, sending, failed, delivering: this.owner };
  }

  /** Creates the folder, reads what is there and starts the loop (which competes for the lease). */
  async start(): Promise<void> {
    if (this.disposed) throw new Error('The outbox has been disposed.');
    if (this.started) return;
    this.started = true;
    await this.ensureReady();
    await this.rescan();
    this.startWatching();
    this.loop = this.run();
  }

  /**
   * Validates and persists a new item, then pokes the delivering window. Resolves with the item once it is
   * safely on disk; throws a DingTalkError when the payload can never be sent (too large, malformed).
   */
  async enqueue(request: EnqueueRequest): Promise<OutboxItem> {
    if (this.disposed) throw new Error('The outbox has been disposed.');
    if (typeof request.destination !== 'string' || request.destination.trim() === '') {
      throw new DingTalkError({ kind: 'invalidParameter', explanation: 'No destination was given.', remedy: 'Choose a robot or group to send to.', details: { parameter: 'destination' } });
    }
    const kind = request.payload?.kind as string;
    if (!isKnownPayloadKind(kind)) throw new TypeError(`Unknown outbox payload kind: ${String(kind)}`);
    this.policies[kind].validate(request.payload);
    const id = request.id ?? randomUUID();
    if (!ITEM_ID_PATTERN.test(id)) throw new TypeError(`Invalid outbox item id: ${id}`);
    return this.track(async () => {
      await this.ensureReady();
      if (request.id !== undefined && (await this.store.findById(id))) throw new TypeError(`An outbox item with id ${id} already exists.`);
      const stamp = nextStamp(this.clock.now());
      const item: OutboxItem = {
        id,
        destination: request.destination,
        createdAt: stamp.createdAt,
        seq: stamp.seq,
        payload: request.payload,
        attempts: 0,
        state: 'queued',
        ...(request.label !== undefined ? { label: request.label } : {}),
      };
      const stored = await this.store.create(item);
      this.setEntry(stored);
      this.logger.debug(`outbox: queued ${id} for "${item.destination}"`);
      this.changed();
      this.wake();
      return item;
    });
  }

  /** Moves a failed item back to the queue (same place in the order; same msgUuid). False when not failed. */
  async retry(id: string): Promise<boolean> {
    return this.track(async () => {
      await this.ensureReady();
      const found = await this.store.findById(id, ['failed']);
      if (!found) return false;
      const stored = await this.store.readStored('failed', found.name);
      if (!stored) return false;
      const { nextAttemptAt: _drop, ...rest } = stored.item;
      const item: OutboxItem = { ...rest, state: 'queued' };
      // Rewrite first, then move: a crash in between leaves a failed/ file that says "queued", which the
      // next owner finishes moving.
      if (!(await this.store.rewrite('failed', found.name, item))) return false;
      if (!(await this.store.move('failed', 'queued', found.name))) return false;
      this.setEntry({ folder: 'queued', name: found.name, item });
      this.logger.info(`outbox: ${id} re-queued by the user`);
      this.changed();
      this.wake();
      return true;
    });
  }

  /** Re-queues every failed item (optionally only those for `destination`); returns how many. */
  async retryFailed(destination?: string): Promise<number> {
    await this.ensureReady();
    const failed = (await this.store.scan()).filter((e) => e.folder === 'failed' && (destination === undefined || e.item.destination === destination));
    let count = 0;
    for (const e of failed) if (await this.retry(e.item.id)) count++;
    return count;
  }

  /**
   * Deletes a queued or failed item. False when it is not there or is being sent right now (a request may be
   * in flight; it cannot be taken back).
   */
  async discard(id: string): Promise<boolean> {
    return this.track(async () => {
      await this.ensureReady();
      const found = await this.store.findById(id, ['queued', 'failed']);
      if (!found) return false;
      // If the owner claims it first, the unlink finds nothing: the item is being sent and is not discarded.
      const removed = await this.store.remove(found.folder, found.name);
      if (removed) {
        this.dropEntry(found.name);
        this.logger.info(`outbox: ${id} discarded by the user`);
        this.changed();
        this.wake();
      }
      return removed;
    });
  }

  /** Queued, sending and failed items in queue order; `state` reflects the folder each is in. */
  list(): OutboxItem[] {
    return this.entries.map((e) => (e.item.state === e.folder ? e.item : { ...e.item, state: e.folder as OutboxItemState }));
  }

  /**
   * Resolves when nothing deliverable is left (every item delivered or failed), or on dispose. For progress
   * and tests.
   */
  whenIdle(): Promise<void> {
    if (this.disposed || this.isIdle()) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Resolves when item `id` has left the queue: delivered, failed (needs the user) or discarded. Works in every
   * window, whichever one delivers (the others learn it from the folder and sent.log), so the window that
   * enqueued can show progress for its own messages.
   */
  whenSettled(id: string): Promise<SettledResult> {
    if (this.disposed) return Promise.resolve({ id, outcome: 'disposed' });
    const promise = new Promise<SettledResult>((resolve) => {
      const waiters = this.settleWaiters.get(id) ?? [];
      waiters.push(resolve);
      this.settleWaiters.set(id, waiters);
    });
    this.checkSettled();
    return promise;
  }

  /**
   * Stops the loop: waits and watchers end, in-flight sends are aborted and their items put back (or, for an
   * app robot whose request may have gone out, left for the next owner to report), and the lease is released
   * so another window takes over at once. Safe to call more than once.
   */
  dispose(): Promise<void> {
    this.disposing ??= this.doDispose();
    return this.disposing;
  }

  // -------------------------------------------------------------------------------------------------------
  // The loop

  private async doDispose(): Promise<void> {
    this.disposed = true;
    this.abort.abort();
    for (const w of this.watchers.splice(0)) w.close();
    this.wake();
    await this.loop?.catch(() => undefined);
    await Promise.allSettled([...this.inFlight.values()]);
    if (this.owner) {
      try {
        await this.lease.release();
      } catch (err) {
        this.logger.warn(`outbox: could not release the lease: ${(err as Error).message}`);
      }
      this.owner = false;
    }
    this.parked = true;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    for (const [id, waiters] of this.settleWaiters) for (const resolve of waiters) resolve({ id, outcome: 'disposed' });
    this.settleWaiters.clear();
    this.changeEmitter.dispose();
    this.deliveredEmitter.dispose();
    this.failedEmitter.dispose();
    this.retryEmitter.dispose();
  }

  private ensureReady(): Promise<void> {
    this.ready ??= this.store.ensureDirs();
    return this.ready;
  }

  private async run(): Promise<void> {
    while (!this.disposed) {
      try {
        await this.tick();
      } catch (err) {
        this.logger.error(`outbox: ${(err as Error).message ?? String(err)}; trying again in ${ERROR_PAUSE_MS} ms`);
        this.errorPauseUntil = this.clock.now() + ERROR_PAUSE_MS;
      }
      if (this.disposed) break;
      await this.park(this.nextWakeAt());
    }
  }

  private nextWakeAt(): number {
    const next = Math.min(this.nextLeaseAt, this.nextScanAt, this.dispatchDueAt);
    return Math.max(next, this.errorPauseUntil);
  }

  /** One pass: lease, rescan, dispatch. */
  private async tick(): Promise<void> {
    if (this.clock.now() < this.errorPauseUntil) return;
    if (this.clock.now() >= this.nextLeaseAt) await this.leaseStep();
    if (this.disposed) return;
    if (this.dirty || this.clock.now() >= this.nextScanAt) await this.rescan();
    if (this.disposed) return;
    if (this.owner) await this.dispatch();
    else this.dispatchDueAt = Number.POSITIVE_INFINITY;
  }

  private async leaseStep(): Promise<void> {
    if (this.owner) {
      if (!(await this.lease.renew())) this.loseLease('another window took over the delivery lease');
    } else if (await this.lease.tryAcquire()) {
      if (this.disposed) {
        await this.lease.release();
        return;
      }
      this.owner = true;
      this.logger.info(`outbox: this window (${this.lease.owner}) now delivers`);
      await this.onAcquired();
      this.changed();
    }
    this.nextLeaseAt = this.clock.now() + (this.owner ? this.config.leaseRenewMs : this.config.leaseCheckMs);
  }

  private loseLease(reason: string): void {
    if (!this.owner) return;
    this.owner = false;
    this.dispatchDueAt = Number.POSITIVE_INFINITY;
    this.nextLeaseAt = this.clock.now() + this.config.leaseCheckMs;
    this.logger.warn(`outbox: stopped delivering: ${reason}`);
    this.changed();
  }

  /**
   * Taking over: reload what the previous owner delivered, seed the rate windows with it, and finish whatever
   * the previous owner was in the middle of (it crashed, hung, or the window closed mid-send).
   */
  private async onAcquired(): Promise<void> {
    await this.sentLog.load();
    await this.store.cleanTemp(STALE_TEMP_MS);
    await this.rescan();
    this.rate = new RateWindow();
    const now = this.clock.now();
    const maxWindow = Math.max(...Object.values(this.policies).map((p) => p.rateLimit.windowMs));
    for (const r of this.sentLog.since(now - maxWindow)) if (r.key) this.rate.record(r.key, r.at);
    for (const e of this.entries) {
      // Failed attempts count against DingTalk's limit too.
      const policy = this.policyOf(e.item);
      const key = policy?.rateKey(e.item);
      if (key && e.item.lastAttemptAt !== undefined && e.item.lastAttemptAt >= now - maxWindow && !this.sentLog.has(e.item.id)) {
        this.rate.record(key, e.item.lastAttemptAt);
      }
    }
    for (const e of [...this.entries]) {
      if (this.inFlight.has(e.name)) continue;
      await this.recover(e);
    }
    this.changed();
  }

  /** Brings a file left mid-transition by a previous owner to a consistent state. */
  private async recover(e: StoredItem): Promise<void> {
    const { folder, name, item } = e;
    if (folder === 'sending' && this.sentLog.has(item.id)) {
      // Delivered, then the window died before deleting the file.
      await this.store.remove('sending', name);
      this.dropEntry(name);
      this.logger.info(`outbox: ${item.id} had been delivered before an interruption; not sending it again`);
      return;
    }
    if (item.state === folder || item.state === 'sending') {
      if (folder !== 'sending') return; // consistent (or foreign: a "sending" file outside sending/ is left alone)
      // A request may have been in flight when the previous owner stopped.
      const policy = this.policyOf(item);
      if (!policy) return; // a newer version's kind: leave it to a window that knows it
      if (policy.idempotent) {
        // Same payload, same msgUuid: DingTalk drops the copy if the first request got through.
        await this.transition(name, 'sending', 'queued', { ...item, state: 'queued' });
        this.logger.info(`outbox: ${item.id} was interrupted mid-send; re-sending it with the same idempotency key`);
      } else {
        const error = maybeSentError('interrupted');
        const failed: OutboxItem = { ...item, state: 'failed', lastError: errorInfo(error, this.clock.now(), true) };
        if (await this.transition(name, 'sending', 'failed', failed)) {
          this.logger.warn(`outbox: ${item.id} was interrupted mid-send and may have been posted; moved to failed for the user to decide`);
          this.failedEmitter.fire({ item: failed, error });
        }
      }
      return;
    }
    // The content already says where it was going: finish the move.
    if (await this.store.move(folder, item.state, name)) {
      this.setEntry({ folder: item.state, name, item });
      this.logger.info(`outbox: finished moving ${item.id} from ${folder}/ to ${item.state}/ after an interruption`);
      if (item.state === 'failed' && folder === 'sending' && item.lastError) {
        // Moved to failed by a window that stopped before reporting it.
        this.failedEmitter.fire({ item, error: errorFromInfo(item) });
      }
    }
  }

  private async rescan(): Promise<void> {
    this.dirty = false;
    // A transition made while the folder was being read may be missing from (or stale in) the result: read
    // again rather than show it.
    let scanned: StoredItem[] = [];
    for (let pass = 0; pass < 3; pass++) {
      const before = this.mutations;
      scanned = await this.store.scan();
      if (before === this.mutations) break;
      if (pass === 2) this.dirty = true;
    }
    this.entries = scanned;
    this.nextScanAt = this.clock.now() + this.config.rescanMs;
    this.changed();
  }

  /** Starts what can start now; records when the next thing becomes possible. */
  private async dispatch(): Promise<void> {
    let due = Number.POSITIVE_INFINITY;
    let leaseChecked = false;
    const heads = new Map<string, StoredItem>();
    for (const e of this.entries) {
      if (e.folder !== 'queued' || heads.has(e.item.destination) || this.inFlightDestinations.has(e.item.destination)) continue;
      if (!this.policyOf(e.item)) {
        if (!this.unknownKindsLogged.has(e.item.payload.kind)) {
          this.unknownKindsLogged.add(e.item.payload.kind);
          this.logger.warn(`outbox: items of kind "${e.item.payload.kind}" were queued by a newer version of the extension; leaving them to it`);
        }
        continue;
      }
      heads.set(e.item.destination, e);
    }
    for (const head of heads.values()) {
      if (this.disposed || !this.owner) return;
      const policy = this.policyOf(head.item)!;
      const key = policy.rateKey(head.item);
      const now = this.clock.now();
      const at = Math.max(head.item.nextAttemptAt ?? now, key ? this.rate.nextSlotAt(key, policy.rateLimit, now) : now);
      if (at > now) {
        due = Math.min(due, at);
        continue;
      }
      if (!leaseChecked) {
        leaseChecked = true;
        // A window that hung past its lease must not keep delivering next to the new owner.
        if (!(await this.lease.isHeld())) {
          this.loseLease('the delivery lease expired or was taken over');
          return;
        }
        if (this.disposed) return;
      }
      if (key) this.rate.record(key, now);
      this.startDelivery(head, policy, key, now);
    }
    this.dispatchDueAt = due;
  }

  private startDelivery(entry: StoredItem, policy: PayloadPolicy, key: string | undefined, startedAt: number): void {
    const destination = entry.item.destination;
    this.inFlightDestinations.add(destination);
    const task = this.deliver(entry, policy, key, startedAt)
      .catch((err: unknown) => {
        // File-system trouble: the item stays where it is on disk and is picked up again by a rescan.
        this.logger.error(`outbox: delivering ${entry.item.id} failed unexpectedly: ${(err as Error).message ?? String(err)}`);
        this.dirty = true;
      })
      .finally(() => {
        this.inFlight.delete(entry.name);
        this.inFlightDestinations.delete(destination);
        this.changed();
        this.wake();
      });
    this.inFlight.set(entry.name, task);
  }

  private async deliver(entry: StoredItem, policy: PayloadPolicy, key: string | undefined, startedAt: number): Promise<void> {
    const { name } = entry;
    if (!(await this.store.claim(name))) {
      // Discarded, or another window got it first (only possible in a lease race): nothing to do.
      if (key) this.rate.unrecord(key, startedAt);
      this.dropEntry(name);
      this.logger.debug(`outbox: ${entry.item.id} was no longer queued when claimed`);
      return;
    }
    const { nextAttemptAt: _drop, ...rest } = entry.item;
    const item: OutboxItem = { ...rest, state: 'sending', attempts: entry.item.attempts + 1, lastAttemptAt: startedAt };
    // Mark it "sending" before the request: after a crash this is how the next owner knows a request may
    // have gone out. (Until then the file in sending/ still says "queued", which recovery simply re-queues.)
    if (!(await this.store.rewrite('sending', name, item))) {
      this.dropEntry(name);
      return;
    }
    this.setEntry({ folder: 'sending', name, item });
    this.changed();

    if (this.abort.signal.aborted) {
      // Closing before the request started: certainly not sent, whatever the payload kind.
      await this.transition(name, 'sending', 'queued', { ...entry.item, state: 'queued' });
      return;
    }
    try {
      await this.send(item, this.abort.signal);
    } catch (err) {
      await this.handleFailure(name, item, policy, key, asDingTalkError(err));
      return;
    }
    // Record before deleting: a crash in between must not lead to a second send.
    await this.sentLog.append({ id: item.id, key: key ?? '', at: startedAt });
    if (!(await this.store.remove('sending', name))) {
      this.logger.info(`outbox: ${item.id} was delivered, but its file had already been handled by another window`);
    }
    this.dropEntry(name);
    this.logger.debug(`outbox: delivered ${item.id} to "${item.destination}" (attempt ${item.attempts})`);
    this.deliveredEmitter.fire({ item });
  }

  private async handleFailure(name: string, item: OutboxItem, policy: PayloadPolicy, key: string | undefined, error: DingTalkError): Promise<void> {
    const now = this.clock.now();
    if (this.abort.signal.aborted) {
      // The window is closing. An idempotent item goes back to the queue; a non-idempotent one stays in
      // sending/ so the next owner reports it as "may have been sent" (we cannot tell whether it went out).
      if (policy.idempotent) await this.transition(name, 'sending', 'queued', { ...item, state: 'queued' });
      this.logger.info(`outbox: delivery of ${item.id} interrupted by shutdown`);
      return;
    }
    const maybeSent = !policy.idempotent && mayHaveReachedDingTalk(error);
    if (error.retryable && !maybeSent && item.attempts < this.config.maxAttempts) {
      const nextAttemptAt = now + backoffDelay(item.attempts, error, this.random, this.config.backoff);
      if (key && error.kind === 'rateLimited' && error.retryAfterMs !== undefined) this.rate.block(key, nextAttemptAt);
      const queued: OutboxItem = { ...item, state: 'queued', nextAttemptAt, lastError: errorInfo(error, now) };
      if (await this.transition(name, 'sending', 'queued', queued)) {
        this.logger.warn(`outbox: ${item.id} to "${item.destination}" failed (${error.kind}${error.code ? ` ${error.code}` : ''}); attempt ${item.attempts}, next in ${nextAttemptAt - now} ms`);
        this.retryEmitter.fire({ item: queued, error, nextAttemptAt });
      }
      return;
    }
    const reported = maybeSent ? maybeSentError(error) : error;
    if (this.settleWaiters.has(item.id)) this.failures.set(item.id, reported);
    const failed: OutboxItem = { ...item, state: 'failed', lastError: errorInfo(reported, now, maybeSent) };
    if (await this.transition(name, 'sending', 'failed', failed)) {
      this.logger.warn(`outbox: ${item.id} to "${item.destination}" failed (${error.kind}${error.code ? ` ${error.code}` : ''})${maybeSent ? ', may have been posted' : ''}; kept in failed/`);
      this.failedEmitter.fire({ item: failed, error: reported });
    }
  }

  /**
   * Rewrites an item and moves it (content first, so an interrupted move is finished by the next owner).
   * False when the file was gone (another window recovered it): our outcome is dropped.
   */
  private async transition(name: string, from: ItemFolder, to: ItemFolder, item: OutboxItem): Promise<boolean> {
    const moved = (await this.store.rewrite(from, name, item)) && (await this.store.move(from, to, name));
    if (moved) this.setEntry({ folder: to, name, item });
    else {
      this.dropEntry(name);
      this.logger.info(`outbox: ${item.id} had already been handled by another window`);
    }
    this.changed();
    return moved;
  }

  // -------------------------------------------------------------------------------------------------------
  // Waiting and waking

  /** Waits until `at` or a wake-up, whichever comes first. */
  private async park(at: number): Promise<void> {
    if (this.wakeRequested || this.disposed) {
      this.wakeRequested = false;
      return;
    }
    const ms = at - this.clock.now();
    if (ms <= 0) return;
    const timer = new AbortController();
    const woken = new Promise<void>((resolve) => (this.wakeLoop = resolve));
    this.parked = true;
    try {
      // dispose() wakes the loop, which ends this race and cancels the timer: no signal combination needed
      // (AbortSignal.any on a long-lived signal would accumulate dependants).
      const sleeping = Number.isFinite(ms) ? this.sleep(ms, timer.signal).catch(() => undefined) : new Promise<void>(() => undefined);
      await Promise.race([sleeping, woken]);
    } finally {
      timer.abort(); // drop the pending timer
      this.parked = false;
      this.wakeLoop = undefined;
      this.wakeRequested = false;
    }
  }

  /** Makes the loop run a pass now. Synchronously marks the outbox busy (see `busy`). */
  private wake(): void {
    this.wakeRequested = true;
    this.parked = false;
    this.wakeLoop?.();
  }

  private startWatching(): void {
    if (!this.config.watch) return;
    const watch = (dir: string, onEvent: (file: string | null) => void) => {
      try {
        const watcher = fs.watch(dir, { persistent: false }, (_event, file) => onEvent(file === null ? null : String(file)));
        watcher.on('error', (err) => {
          this.logger.warn(`outbox: watching ${dir} failed (${err.message}); relying on the periodic rescan`);
          watcher.close();
        });
        this.watchers.push(watcher);
      } catch (err) {
        this.logger.warn(`outbox: cannot watch ${dir} (${(err as Error).message}); relying on the periodic rescan`);
      }
    };
    const onItems = () => {
      if (this.disposed) return;
      this.dirty = true;
      this.wake();
    };
    watch(this.store.dirs.queued, onItems);
    watch(this.store.dirs.sending, onItems);
    watch(this.store.dirs.failed, onItems);
    watch(this.store.root, (file) => {
      // The lease was released or replaced: a waiting window checks at once instead of at its next poll.
      if (this.disposed || this.owner || (file !== null && file !== 'lease.json')) return;
      this.nextLeaseAt = 0;
      this.wake();
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Bookkeeping

  private async track<T>(op: () => Promise<T>): Promise<T> {
    this.operations++;
    try {
      return await op();
    } finally {
      this.operations--;
    }
  }

  private policyOf(item: OutboxItem): PayloadPolicy | undefined {
    const kind = item.payload.kind as string;
    return isKnownPayloadKind(kind) ? this.policies[kind] : undefined;
  }

  private setEntry(entry: StoredItem): void {
    this.mutations++;
    const i = this.entries.findIndex((e) => e.name === entry.name);
    if (i >= 0) {
      this.entries[i] = entry;
      return;
    }
    let at = this.entries.length;
    while (at > 0 && this.entries[at - 1].name > entry.name) at--;
    this.entries.splice(at, 0, entry);
  }

  private dropEntry(name: string): void {
    this.mutations++;
    this.entries = this.entries.filter((e) => e.name !== name);
  }

  private isIdle(): boolean {
    return !this.entries.some((e) => e.folder !== 'failed' && this.policyOf(e.item) !== undefined) && this.inFlight.size === 0;
  }

  /** Fires onDidChange when the counts changed, and releases whenIdle() waiters. */
  private changed(): void {
    const counts = this.counts;
    const last = this.lastCounts;
    if (!last || last.queued !== counts.queued || last.sending !== counts.sending || last.failed !== counts.failed || last.delivering !== counts.delivering) {
      this.lastCounts = counts;
      this.changeEmitter.fire(counts);
    }
    if (this.idleWaiters.length > 0 && this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
    if (this.settleWaiters.size > 0) this.checkSettled();
  }

  /** Resolves whenSettled() waiters whose item has left the queue. Runs one check at a time. */
  private checkSettled(): void {
    if (this.settleCheck) {
      this.settleCheckAgain = true;
      return;
    }
    this.settleCheck = this.track(async () => {
      do {
        this.settleCheckAgain = false;
        await this.settleOnce();
      } while (this.settleCheckAgain && this.settleWaiters.size > 0 && !this.disposed);
    })
      .catch((err: unknown) => this.logger.warn(`outbox: could not check delivery outcomes: ${(err as Error).message}`))
      .finally(() => (this.settleCheck = undefined));
  }

  private async settleOnce(): Promise<void> {
    let delivered: SentLog | undefined;
    for (const id of [...this.settleWaiters.keys()]) {
      const entry = this.entries.find((e) => e.item.id === id);
      let result: SettledResult | undefined;
      if (entry?.folder === 'failed') {
        result = { id, outcome: 'failed', item: entry.item, error: this.failures.get(id) ?? errorFromInfo(entry.item) };
      } else if (!entry && !(await this.store.findById(id))) {
        if (!this.sentLog.has(id)) {
          // Another window delivered it (or it was never ours to see): its sent.log says.
          if (!delivered) {
            delivered = new SentLog(path.join(this.store.root, 'sent.log'), this.store.dirs.tmp);
            await delivered.load();
          }
        }
        result = { id, outcome: this.sentLog.has(id) || delivered?.has(id) ? 'delivered' : 'discarded' };
      }
      if (!result) continue;
      const waiters = this.settleWaiters.get(id) ?? [];
      this.settleWaiters.delete(id);
      this.failures.delete(id);
      for (const resolve of waiters) resolve(result);
    }
  }
}

function asDingTalkError(err: unknown): DingTalkError {
  if (err instanceof DingTalkError) return err;
  return new DingTalkError({
    kind: 'unknown',
    retryable: false,
    explanation: `Sending failed: ${(err as Error)?.message ?? String(err)}`,
    remedy: 'See the log for details, then retry the message from the outbox.',
    cause: err,
  });
}

/** Rebuilds a reportable error from a persisted one (the original object did not survive the restart). */
function errorFromInfo(item: OutboxItem): DingTalkError {
  const info = item.lastError!;
  return new DingTalkError({
    kind: info.kind,
    code: info.code,
    retryable: false,
    explanation: info.explanation ?? info.message,
    remedy: info.remedy ?? '',
    ...(info.maybeSent ? { details: { reason: 'maybeSent', cause: 'interrupted' } } : {}),
  });
}
