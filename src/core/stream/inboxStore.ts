/**
 * The mentions inbox on disk, shared by every VS Code window through the extension's global storage folder.
 *
 * Layout (`<dir>` = `<globalStorage>/inbox`):
 *   messages/<key>.json   one entry per message, written once and never changed
 *   read/<key>            an empty file: someone read that message (in any window)
 *   tmp/                  temp files for atomic creation
 * `<key>` is a hash of DingTalk's msgId. Each fact is its own file, so windows never overwrite each other's
 * updates: a message is created by hard-linking a complete temp file to its name, which fails if it exists, so
 * whichever window (or connection) receives a message — even twice — stores it exactly once.
 *
 * Bounded: beyond `maxEntries` the oldest messages (and their read marks) are deleted. Other windows notice
 * changes through file watching, with a periodic rescan as the fallback.
 */

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CoreLogger, Sleep, noopLogger, realSleep, redactingLogger } from '../dingtalk/transport';
import { createExclusive, isNotFound, readIfExists, unlinkIfExists } from '../outbox/atomicFile';
import { Emitter, Event } from '../outbox/events';
import { describeError } from '../redact';
import { InboxEntry, InboxItem, compareNewestFirst, parseInboxEntry } from './inboxEntry';

export interface InboxStoreOptions {
  dir: string;
  /** Default 200. */
  maxEntries?: number;
  logger?: CoreLogger;
  /** Watch the folder for other windows' changes. Default true. */
  watch?: boolean;
  /** Fallback rescan interval. Default 10 s. */
  rescanMs?: number;
  sleep?: Sleep;
}

export interface InboxChange {
  /** Entries that appeared since the previous scan (none for the first scan after start). */
  readonly added: readonly InboxItem[];
}

export const DEFAULT_MAX_INBOX_ENTRIES = 200;

export function inboxKey(msgId: string): string {
  return createHash('sha256').update(msgId).digest('hex').slice(0, 40);
}

export class InboxStore {
  private readonly messagesDir: string;
  private readonly readDir: string;
  private readonly tmpDir: string;
  private readonly maxEntries: number;
  private readonly logger: CoreLogger;
  private readonly sleep: Sleep;
  /** Parsed entries by key (message files never change, so a name once read is never read again). */
  private readonly cache = new Map<string, InboxEntry>();
  private items: InboxItem[] = [];
  private scanned = false;
  private scanning?: Promise<void>;
  private scanAgain = false;
  private readonly watchers: fs.FSWatcher[] = [];
  private readonly lifetime = new AbortController();
  private readonly changed = new Emitter<InboxChange>();
  readonly onDidChange: Event<InboxChange> = this.changed.event;

  constructor(private readonly options: InboxStoreOptions) {
    this.messagesDir = path.join(options.dir, 'messages');
    this.readDir = path.join(options.dir, 'read');
    this.tmpDir = path.join(options.dir, 'tmp');
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_INBOX_ENTRIES;
    this.logger = redactingLogger(options.logger ?? noopLogger);
    this.sleep = options.sleep ?? realSleep;
  }

  async start(): Promise<void> {
    await this.ensureFolders();
    await this.refresh();
    if (this.options.watch ?? true) {
      for (const dir of [this.messagesDir, this.readDir]) {
        try {
          const watcher = fs.watch(dir, () => void this.refresh().catch(() => undefined));
          watcher.on('error', () => watcher.close());
          this.watchers.push(watcher);
        } catch (err) {
          this.logger.warn(`inbox: cannot watch ${path.basename(dir)} (${describeError(err).message}); relying on rescans`);
        }
      }
    }
    void this.rescanLoop();
  }

  /** Newest first. */
  list(): readonly InboxItem[] {
    return this.items;
  }

  get(id: string): InboxItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  get unreadCount(): number {
    return this.items.reduce((n, i) => n + (i.read ? 0 : 1), 0);
  }

  /** Stores `entry` unless a message with its id is already there. True when this call stored it. */
  async add(entry: InboxEntry): Promise<boolean> {
    await this.ensureFolders();
    const target = path.join(this.messagesDir, `${inboxKey(entry.id)}.json`);
    // No fsync: it costs milliseconds per message, and after a power cut the worst case is an empty file, skipped.
    const created = await createExclusive(this.tmpDir, target, `${JSON.stringify(entry)}\n`, false);
    if (created && this.cache.size >= this.maxEntries) await this.prune();
    await this.refresh();
    return created;
  }

  async markRead(ids: readonly string[]): Promise<void> {
    await this.ensureFolders();
    for (const id of ids) {
      const key = inboxKey(id);
      if (this.cache.has(key)) await fs.promises.writeFile(path.join(this.readDir, key), '');
    }
    await this.refresh();
  }

  async markAllRead(): Promise<void> {
    await this.markRead(this.items.filter((i) => !i.read).map((i) => i.id));
  }

  /** Re-reads the folder (coalesced: concurrent calls share one scan, plus one more if asked meanwhile). */
  refresh(): Promise<void> {
    if (this.scanning) {
      this.scanAgain = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      try {
        do {
          this.scanAgain = false;
          await this.scan();
        } while (this.scanAgain);
      } finally {
        this.scanning = undefined;
      }
    })();
    return this.scanning;
  }

  dispose(): void {
    this.lifetime.abort();
    for (const w of this.watchers.splice(0)) w.close();
    this.changed.dispose();
  }

  private async scan(): Promise<void> {
    const names = (await readdirIfExists(this.messagesDir)).filter((n) => n.endsWith('.json'));
    const present = new Set(names.map((n) => n.slice(0, -5)));
    let removed = false;
    for (const key of [...this.cache.keys()]) {
      if (!present.has(key)) {
        this.cache.delete(key);
        removed = true;
      }
    }
    for (const key of present) {
      if (this.cache.has(key)) continue;
      const entry = await this.readEntry(key);
      if (entry) this.cache.set(key, entry);
    }
    const readKeys = new Set(await readdirIfExists(this.readDir));
    const previous = new Map(this.items.map((i) => [i.id, i]));
    const items = [...this.cache.entries()].map(([key, e]): InboxItem => ({ ...e, read: readKeys.has(key) })).sort(compareNewestFirst);
    const added = this.scanned ? items.filter((i) => !previous.has(i.id)) : [];
    const readChanged = items.some((i) => previous.get(i.id) !== undefined && previous.get(i.id)!.read !== i.read);
    const first = !this.scanned;
    this.scanned = true;
    this.items = items;
    if (first || added.length || removed || readChanged || items.length !== previous.size) this.changed.fire({ added });
  }

  private async readEntry(key: string): Promise<InboxEntry | undefined> {
    const text = await readIfExists(path.join(this.messagesDir, `${key}.json`));
    if (text === undefined) return undefined;
    try {
      return parseInboxEntry(JSON.parse(text));
    } catch {
      this.logger.warn(`inbox: ignored an unreadable entry ${key}.json`);
      return undefined;
    }
  }

  /** Deletes the oldest entries beyond the bound, and read marks whose message is gone. */
  private async prune(): Promise<void> {
    await this.refresh();
    const excess = this.items.length - this.maxEntries;
    if (excess > 0) {
      for (const item of this.items.slice(-excess)) {
        const key = inboxKey(item.id);
        await unlinkIfExists(path.join(this.messagesDir, `${key}.json`));
        await unlinkIfExists(path.join(this.readDir, key));
      }
    }
    const live = new Set((await readdirIfExists(this.messagesDir)).map((n) => n.replace(/\.json$/, '')));
    for (const mark of await readdirIfExists(this.readDir)) if (!live.has(mark)) await unlinkIfExists(path.join(this.readDir, mark));
  }

  private async rescanLoop(): Promise<void> {
    for (;;) {
      try {
        await this.sleep(this.options.rescanMs ?? 10_000, this.lifetime.signal);
      } catch {
        return;
      }
      await this.refresh().catch((err: unknown) => this.logger.warn(`inbox: rescan failed: ${describeError(err).message}`));
    }
  }

  private async ensureFolders(): Promise<void> {
    for (const dir of [this.messagesDir, this.readDir, this.tmpDir]) await fs.promises.mkdir(dir, { recursive: true });
  }
}

async function readdirIfExists(dir: string): Promise<string[]> {
  try {
    return await fs.promises.readdir(dir);
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}
