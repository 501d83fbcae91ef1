/**
 * The delivery lease: exactly one VS Code window delivers at a time (every window may enqueue).
 *
 * `<root>/lease.json` holds `{owner, expiresAt}`. It is
 *  - created atomically and complete: the record is written to a temp file which is then hard-linked to
 *    lease.json (`link` fails with EEXIST if a lease exists), with an `open(…, 'wx')` fallback on file systems
 *    without hard links;
 *  - renewed by its owner well before it expires (atomic replace);
 *  - taken over by another window once expired (the owner crashed or hung): the stale file is renamed away
 *    (only one window's rename can succeed), checked to be the one judged stale, and a new lease is created.
 *    If a fresh lease was displaced by mistake it is put back.
 * An owner re-reads the lease before claiming items, so an owner that was displaced (it hung past its expiry)
 * stops delivering. Even in a race, items cannot be sent twice: claiming an item is itself an atomic rename.
 */

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Clock, CoreLogger } from '../dingtalk/transport';
import { createExclusive, isAlreadyExists, isNotFound, readIfExists, renameIfExists, unlinkIfExists, writeFileAtomic } from './atomicFile';

/** The content of lease.json. */
export interface LeaseRecord {
  readonly owner: string;
  readonly expiresAt: number;
  readonly renewedAt: number;
  /** For humans reading the file. */
  readonly pid: number;
  readonly hostname: string;
}

/** Options of {@link Lease}. */
export interface LeaseOptions {
  /** Path of lease.json. */
  file: string;
  /** Temp folder on the same volume. */
  tmpDir: string;
  /** This window's unique owner id. */
  owner: string;
  /** How long a lease is valid without renewal. */
  ttlMs: number;
  clock: Clock;
  logger: CoreLogger;
}

type ReadResult = { kind: 'none' } | { kind: 'corrupt'; text: string } | { kind: 'lease'; record: LeaseRecord; text: string };

/** One window's handle on the shared lease file. */
export class Lease {
  /** When this window first saw an unreadable lease file (only its writer could be mid-write). */
  private corruptSince?: number;

  constructor(private readonly options: LeaseOptions) {}

  /** This window's owner id. */
  get owner(): string {
    return this.options.owner;
  }

  /** Acquires the lease if it is free, expired or already ours. True when this window holds it afterwards. */
  async tryAcquire(): Promise<boolean> {
    const current = await this.read();
    const now = this.options.clock.now();
    if (current.kind === 'none') return this.create();
    if (current.kind === 'lease') {
      this.corruptSince = undefined;
      if (current.record.owner === this.owner) return this.renew();
      if (current.record.expiresAt > now) return false;
      this.options.logger.info(`outbox: the delivery lease of ${current.record.owner} expired ${now - current.record.expiresAt} ms ago; taking over`);
    } else {
      // lease.json is only ever written complete, so garbage is foreign or from a crash mid-fallback-write.
      // Give a writer in progress one lease period before treating it as dead.
      this.corruptSince ??= now;
      if (now - this.corruptSince < this.options.ttlMs) return false;
      this.options.logger.warn('outbox: lease.json is unreadable; taking over');
    }
    return this.takeOver(current.text);
  }

  /** Extends our lease. False (and nothing written) when the lease is no longer ours. */
  async renew(): Promise<boolean> {
    const current = await this.read();
    if (current.kind !== 'lease' || current.record.owner !== this.owner) return false;
    await writeFileAtomic(this.options.tmpDir, this.options.file, this.recordText());
    return true;
  }

  /** True when the lease file names this window and has not expired. */
  async isHeld(): Promise<boolean> {
    const current = await this.read();
    return current.kind === 'lease' && current.record.owner === this.owner && current.record.expiresAt > this.options.clock.now();
  }

  /** Deletes the lease if it is ours, so another window can take over at once. */
  async release(): Promise<void> {
    const current = await this.read();
    if (current.kind === 'lease' && current.record.owner === this.owner) await unlinkIfExists(this.options.file);
  }

  /** The current lease record, if readable. */
  async current(): Promise<LeaseRecord | undefined> {
    const r = await this.read();
    return r.kind === 'lease' ? r.record : undefined;
  }

  private async read(): Promise<ReadResult> {
    const text = await readIfExists(this.options.file);
    if (text === undefined) return { kind: 'none' };
    try {
      const v = JSON.parse(text) as Partial<LeaseRecord>;
      if (typeof v.owner === 'string' && typeof v.expiresAt === 'number') return { kind: 'lease', record: v as LeaseRecord, text };
    } catch {
      // fall through
    }
    return { kind: 'corrupt', text };
  }

  private recordText(): string {
    const now = this.options.clock.now();
    const record: LeaseRecord = { owner: this.owner, expiresAt: now + this.options.ttlMs, renewedAt: now, pid: process.pid, hostname: os.hostname() };
    return `${JSON.stringify(record)}\n`;
  }

  /** Creates lease.json if absent; true when this window created it. */
  private create(): Promise<boolean> {
    return createExclusive(this.options.tmpDir, this.options.file, this.recordText(), true);
  }

  /** Replaces a lease judged stale (its text was `staleText`). */
  private async takeOver(staleText: string): Promise<boolean> {
    const aside = path.join(this.options.tmpDir, `lease-${randomBytes(6).toString('hex')}.stale`);
    if (!(await renameIfExists(this.options.file, aside))) return this.create(); // someone removed it meanwhile
    const moved = await readIfExists(aside);
    if (moved === staleText) {
      await unlinkIfExists(aside);
      this.corruptSince = undefined;
      return this.create();
    }
    // Another window renewed or replaced it between our read and our rename: put its lease back.
    try {
      await fs.link(aside, this.options.file);
    } catch (err) {
      if (!isAlreadyExists(err) && !isNotFound(err)) throw err;
    } finally {
      await unlinkIfExists(aside);
    }
    return false;
  }
}

/** A unique owner id for this window: host, process and a random part (several windows may share a process in tests). */
export function newOwnerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
}
