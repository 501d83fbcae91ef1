/**
 * One stream connection for all VS Code windows.
 *
 * DingTalk hands each message to ONE of an app's open connections at random (docs §8.2), so a window that
 * connected but ignored a message would lose it. Instead, the windows that want the stream compete for a lease
 * (`<dir>/lease.json`, the outbox's lease): the holder connects and writes every message into the shared inbox
 * folder; the others read the inbox from there and show the holder's connection state (`<dir>/status.json`).
 * When the holder closes it releases the lease and another window takes over at once (file watching wakes it);
 * if it crashed, the lease expires after `leaseTtlMs`.
 *
 * Whoever receives a message stores it (inbox files are created exclusively), so even while two connections
 * overlap — a hand-over, or a window that hung past its lease — every message lands in the inbox exactly once.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DingTalkError } from '../dingtalk/errors';
import { Clock, CoreLogger, Sleep, noopLogger, realSleep, redactingLogger, systemClock } from '../dingtalk/transport';
import { readIfExists, unlinkIfExists, writeFileAtomic } from '../outbox/atomicFile';
import { Emitter, Event } from '../outbox/events';
import { Lease, newOwnerId } from '../outbox/lease';
import { describeError } from '../redact';
import { toInboxEntry } from './inboxEntry';
import type { InboxStore } from './inboxStore';
import type { RobotMessage } from './robotMessage';
import type { StreamClientState } from './streamClient';

/** What the coordinator needs of a stream client (StreamClient; a fake in tests). */
export interface StreamClientLike {
  start(): void;
  stop(): Promise<void>;
  readonly state: StreamClientState;
  readonly lastError?: DingTalkError;
  readonly onDidChangeState: Event<StreamClientState>;
}

/**
 * `off`: not wanted here. `elsewhere`: another window holds the connection (see `remoteState`). The others are
 * this window's own connection states.
 */
export type LinkState = 'off' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'elsewhere';

export interface LinkStatus {
  readonly state: LinkState;
  /** For `elsewhere`: the holder's state, when it reported recently. */
  readonly remoteState?: Exclude<StreamClientState, 'stopped'>;
  /** For `failed`: why. */
  readonly error?: DingTalkError;
}

export interface StreamCoordinatorOptions {
  /** `<globalStorage>/stream`, shared by every window. */
  dir: string;
  inbox: InboxStore;
  createClient(onRobotMessage: (message: RobotMessage) => Promise<void>): StreamClientLike;
  /** Keeps a new message's session webhook for replies (the host puts it in SecretStorage). Awaited before the ACK. */
  onSessionWebhook?(message: RobotMessage): Promise<void>;
  clock?: Clock;
  /** Must reject when its signal aborts. */
  sleep?: Sleep;
  logger?: CoreLogger;
  ownerId?: string;
  /** Default 30 s. */
  leaseTtlMs?: number;
  /** How often the holder renews (and re-publishes its state). Default 10 s. */
  renewMs?: number;
  /** How often a window without the lease checks it. Default 5 s (file watching usually wakes it sooner). */
  checkMs?: number;
  /** Watch the folder for the lease being released. Default true. */
  watch?: boolean;
}

interface StatusRecord {
  owner: string;
  state: StreamClientState;
  updatedAt: number;
}

export class StreamCoordinator {
  private readonly lease: Lease;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly logger: CoreLogger;
  private readonly statusFile: string;
  private readonly ttlMs: number;
  private wanted = false;
  private holding = false;
  private client?: { instance: StreamClientLike; subscription: { dispose(): void } };
  private remote?: StatusRecord;
  private current: LinkStatus = { state: 'off' };
  private readonly statusEmitter = new Emitter<LinkStatus>();
  private readonly lifetime = new AbortController();
  private waking?: AbortController;
  /** Set by wake(): something changed while a step was running, so do not sleep before the next one. */
  private wakeRequested = false;
  private loopDone?: Promise<void>;
  private watcher?: fs.FSWatcher;
  private started = false;
  readonly onDidChangeStatus: Event<LinkStatus> = this.statusEmitter.event;

  constructor(private readonly options: StreamCoordinatorOptions) {
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.logger = redactingLogger(options.logger ?? noopLogger);
    this.ttlMs = options.leaseTtlMs ?? 30_000;
    this.statusFile = path.join(options.dir, 'status.json');
    this.lease = new Lease({
      file: path.join(options.dir, 'lease.json'),
      tmpDir: path.join(options.dir, 'tmp'),
      owner: options.ownerId ?? newOwnerId(),
      ttlMs: this.ttlMs,
      clock: this.clock,
      logger: this.logger,
    });
  }

  get status(): LinkStatus {
    return this.current;
  }

  /** True while this window holds the connection. */
  get holdsConnection(): boolean {
    return this.holding;
  }

  /** Whether this window wants the stream (the setting is on, or a group pick is waiting for a mention). */
  setWanted(wanted: boolean): void {
    if (wanted === this.wanted && this.started) return;
    this.wanted = wanted;
    this.ensureLoop();
    this.wake();
  }

  /** Reconnects with fresh settings and credentials (if this window holds the connection). */
  async restart(): Promise<void> {
    if (!this.holding) return;
    await this.stopClient();
    this.startClient();
  }

  /**
   * Closes the connection and frees the lease. The socket close and the lease release happen synchronously, so a
   * closing window hands over at once even if the extension host does not wait for the returned promise.
   */
  async dispose(): Promise<void> {
    this.lifetime.abort();
    this.watcher?.close();
    const client = this.client;
    this.client = undefined;
    client?.subscription.dispose();
    const stopping = client?.instance.stop(); // closes the socket before returning its promise
    if (this.holding) {
      this.holding = false;
      this.releaseNow();
    }
    await Promise.all([this.loopDone, stopping]);
    this.statusEmitter.dispose();
  }

  /** Deletes status.json and lease.json if the lease is still ours (best effort; an orphan expires anyway). */
  private releaseNow(): void {
    try {
      fs.rmSync(this.statusFile, { force: true });
      const lease = path.join(this.options.dir, 'lease.json');
      const record = JSON.parse(fs.readFileSync(lease, 'utf8')) as { owner?: unknown };
      if (record.owner === this.lease.owner) fs.rmSync(lease, { force: true });
    } catch {
      // Gone already, or unreadable: nothing of ours to release.
    }
  }

  private ensureLoop(): void {
    if (this.started) return;
    this.started = true;
    this.loopDone = (async () => {
      await fs.promises.mkdir(path.join(this.options.dir, 'tmp'), { recursive: true });
      if (this.options.watch ?? true) {
        try {
          this.watcher = fs.watch(this.options.dir, (_event, name) => {
            // Only followers care (the holder writes both files itself: waking on them would loop).
            if (!this.holding && (name === 'lease.json' || name === 'status.json')) this.wake();
          });
          this.watcher.on('error', () => this.watcher?.close());
        } catch (err) {
          this.logger.warn(`stream: cannot watch the stream folder (${describeError(err).message}); checking every few seconds`);
        }
      }
      await this.loop();
    })().catch((err: unknown) => this.logger.error(`stream: coordination stopped: ${describeError(err).message}`));
  }

  private async loop(): Promise<void> {
    while (!this.lifetime.signal.aborted) {
      this.wakeRequested = false;
      try {
        await this.step();
      } catch (err) {
        this.logger.warn(`stream: lease check failed: ${describeError(err).message}`);
      }
      this.publish();
      if (this.lifetime.signal.aborted) break;
      if (this.wakeRequested) continue;
      const waking = new AbortController();
      this.waking = waking;
      const onStop = () => waking.abort();
      this.lifetime.signal.addEventListener('abort', onStop, { once: true });
      try {
        await this.sleep(this.holding ? (this.options.renewMs ?? 10_000) : (this.options.checkMs ?? 5_000), waking.signal);
      } catch {
        // woken early
      } finally {
        this.lifetime.signal.removeEventListener('abort', onStop);
      }
    }
  }

  private async step(): Promise<void> {
    if (this.lifetime.signal.aborted) return;
    if (!this.wanted) {
      if (this.holding) {
        await this.stopClient();
        this.holding = false;
        await unlinkIfExists(this.statusFile);
        await this.lease.release();
        this.logger.info('stream: connection closed (turned off)');
      }
      return;
    }
    if (this.holding) {
      if (await this.lease.renew()) {
        await this.writeStatus();
        return;
      }
      // We hung past our lease and another window took over: it has the connection now.
      this.logger.warn('stream: another window took over the connection');
      this.holding = false;
      await this.stopClient();
    }
    if (await this.lease.tryAcquire()) {
      this.holding = true;
      this.logger.info('stream: this window holds the connection');
      this.startClient();
      await this.writeStatus();
      return;
    }
    this.remote = await this.readStatus();
  }

  private startClient(): void {
    if (this.client) return;
    const instance = this.options.createClient((m) => this.keep(m));
    const subscription = instance.onDidChangeState(() => {
      void this.writeStatus().catch(() => undefined);
      this.publish();
    });
    this.client = { instance, subscription };
    instance.start();
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    client.subscription.dispose();
    await client.instance.stop();
  }

  /** Stores a received message, and its session webhook alongside (losing that only costs the quick reply path). */
  private async keep(message: RobotMessage): Promise<void> {
    const session = message.sessionWebhook
      ? this.options.onSessionWebhook?.(message).catch((err: unknown) => this.logger.warn(`stream: could not keep a session webhook: ${describeError(err).message}`))
      : undefined;
    const stored = await this.options.inbox.add(toInboxEntry(message, this.clock.now()));
    await session;
    this.logger.debug(`stream: message ${stored ? 'stored' : 'already in the inbox'} (${message.conversationType}, ${message.msgtype})`);
  }

  private async writeStatus(): Promise<void> {
    if (!this.holding || !this.client) return;
    const record: StatusRecord = { owner: this.lease.owner, state: this.client.instance.state, updatedAt: this.clock.now() };
    await writeFileAtomic(path.join(this.options.dir, 'tmp'), this.statusFile, `${JSON.stringify(record)}\n`);
  }

  private async readStatus(): Promise<StatusRecord | undefined> {
    const text = await readIfExists(this.statusFile);
    if (!text) return undefined;
    try {
      const r = JSON.parse(text) as Partial<StatusRecord>;
      if (typeof r.owner !== 'string' || typeof r.state !== 'string' || typeof r.updatedAt !== 'number') return undefined;
      // A holder renews every few seconds; an old record is from a window that is gone.
      return this.clock.now() - r.updatedAt <= this.ttlMs && r.owner !== this.lease.owner ? (r as StatusRecord) : undefined;
    } catch {
      return undefined;
    }
  }

  private publish(): void {
    let next: LinkStatus;
    if (this.holding && this.client) {
      const s = this.client.instance.state;
      next = s === 'failed' ? { state: 'failed', ...(this.client.instance.lastError ? { error: this.client.instance.lastError } : {}) } : { state: s === 'stopped' ? 'connecting' : s };
    } else if (!this.wanted) next = { state: 'off' };
    else if (this.remote && this.remote.state !== 'stopped') next = { state: 'elsewhere', remoteState: this.remote.state };
    else next = { state: 'connecting' };
    if (next.state === this.current.state && next.remoteState === this.current.remoteState && next.error === this.current.error) return;
    this.current = next;
    this.statusEmitter.fire(next);
  }

  private wake(): void {
    this.wakeRequested = true;
    this.waking?.abort();
  }
}
