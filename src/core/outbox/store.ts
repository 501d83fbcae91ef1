/**
 * The outbox folder: one JSON file per item, moved between sub-folders as its state changes.
 *
 *   <root>/queued/<createdAt>-<seq>-<id>.json    waiting (possibly with nextAttemptAt)
 *   <root>/sending/<same name>                   claimed by the delivering window; a request may be in flight
 *   <root>/failed/<same name>                    needs the user (retry or discard)
 *   <root>/quarantine/…                          unreadable files, kept for inspection
 *   <root>/tmp/…                                 temp files of atomic writes (same volume, so rename is atomic)
 *
 * Every write is temp-file-then-rename and every state change is a rename, so a reader in another window never
 * sees half a file, and two windows racing for the same item cannot both win: `rename` of a path succeeds once.
 * The file name never changes, so an item keeps its place in the order when it comes back from `failed/`.
 */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CoreLogger } from '../dingtalk/transport';
import { exists, isNotFound, renameIfExists, unlinkIfExists, writeFileAtomic } from './atomicFile';
import { itemFileName, parseItemFileName } from './fileNames';
import { InvalidItemError, OutboxItem, parseItem, serializeItem } from './item';

/** The sub-folders that hold items. */
export type ItemFolder = 'queued' | 'sending' | 'failed';

/** Item folders in the order they are scanned. */
export const ITEM_FOLDERS: readonly ItemFolder[] = ['queued', 'sending', 'failed'];

/** An item as found on disk: its folder decides its state; `item.state` is what was last written into it. */
export interface StoredItem {
  readonly folder: ItemFolder;
  readonly name: string;
  readonly item: OutboxItem;
}

interface CacheEntry {
  ino: number;
  mtimeMs: number;
  size: number;
  item: OutboxItem;
}

/** File-level operations on one outbox folder. Safe to use from several windows at once. */
export class OutboxStore {
  /** Absolute paths of the sub-folders. */
  readonly dirs: Readonly<Record<ItemFolder | 'quarantine' | 'tmp', string>>;
  private readonly cache = new Map<string, CacheEntry>();

  constructor(readonly root: string, private readonly logger: CoreLogger) {
    this.dirs = {
      queued: path.join(root, 'queued'),
      sending: path.join(root, 'sending'),
      failed: path.join(root, 'failed'),
      quarantine: path.join(root, 'quarantine'),
      tmp: path.join(root, 'tmp'),
    };
  }

  /** Creates the folders (idempotent). */
  async ensureDirs(): Promise<void> {
    for (const dir of Object.values(this.dirs)) await fs.mkdir(dir, { recursive: true });
  }

  /** Path of an item file. */
  pathOf(folder: ItemFolder, name: string): string {
    return path.join(this.dirs[folder], name);
  }

  /** Writes a new item into `queued/` and returns where it is. */
  async create(item: OutboxItem): Promise<StoredItem> {
    const name = itemFileName(item);
    const write = () => writeFileAtomic(this.dirs.tmp, this.pathOf('queued', name), serializeItem(item));
    try {
      await write();
    } catch (err) {
      if (!isNotFound(err)) throw err;
      // The folder was deleted under us (the user cleared the extension's storage): recreate it.
      await this.ensureDirs();
      await write();
    }
    return { folder: 'queued', name, item };
  }

  /**
   * Reads every item of every folder, sorted by name (= queue order). Unreadable files are moved to
   * `quarantine/` with a warning.
   *
   * Other windows move items while we read, and reading three folders one after the other is not a snapshot:
   * an item moving sending/ → queued/ between the two reads would be seen in neither. So `queued/` is read
   * again at the end, and an item that was seen once but then in no folder is looked for by name before it is
   * considered gone (delivered or discarded).
   */
  async scan(): Promise<StoredItem[]> {
    const listed = new Map<string, ItemFolder>();
    const firstQueued = await this.names('queued');
    for (const name of firstQueued) listed.set(name, 'queued');
    for (const folder of ['sending', 'failed'] as const) for (const name of await this.names(folder)) listed.set(name, folder);
    const lastQueued = new Set(await this.names('queued'));
    for (const name of lastQueued) listed.set(name, 'queued'); // the latest observation wins
    for (const name of firstQueued) {
      if (listed.get(name) === 'queued' && !lastQueued.has(name)) {
        const now = await this.locate(name);
        if (now) listed.set(name, now);
        else listed.delete(name);
      }
    }

    const found: StoredItem[] = [];
    const seen = new Set<string>();
    for (const [name, folder] of listed) {
      let result = await this.readAt(folder, name);
      if (result === 'gone') {
        // Moved between listing and reading: read it where it is now.
        const now = await this.locate(name);
        result = now ? await this.readAt(now, name) : undefined;
      }
      if (result && result !== 'gone') {
        found.push(result);
        seen.add(this.pathOf(result.folder, name));
      }
    }
    for (const key of this.cache.keys()) if (!seen.has(key)) this.cache.delete(key);
    return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Reads one item file; undefined when it is gone, not an item file, or was quarantined. */
  async readStored(folder: ItemFolder, name: string): Promise<StoredItem | undefined> {
    const result = await this.readAt(folder, name);
    return result === 'gone' ? undefined : result;
  }

  /** Item file names in a folder (recreating the folder if it was deleted under us). */
  private async names(folder: ItemFolder): Promise<string[]> {
    try {
      return (await fs.readdir(this.dirs[folder])).filter((n) => n.endsWith('.json'));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.ensureDirs(); // later moves into it must not fail
      return [];
    }
  }

  /** The folder an item file is in now, checked twice (it may be moving); undefined when it is gone. */
  private async locate(name: string): Promise<ItemFolder | undefined> {
    for (let pass = 0; pass < 2; pass++) {
      for (const folder of ['sending', 'failed', 'queued'] as const) if (await exists(this.pathOf(folder, name))) return folder;
    }
    return undefined;
  }

  /** One item file: the item, 'gone' when it no longer exists there, undefined when it is not a valid item. */
  private async readAt(folder: ItemFolder, name: string): Promise<StoredItem | 'gone' | undefined> {
    const file = this.pathOf(folder, name);
    const parts = parseItemFileName(name);
    if (!parts) {
      await this.quarantine(folder, name, 'the file name is not <createdAt>-<seq>-<id>.json');
      return undefined;
    }
    try {
      const stat = await fs.stat(file);
      const cached = this.cache.get(file);
      // Rewrites are renames, so a changed item is a new inode; mtime and size catch in-place edits.
      if (cached && cached.ino === stat.ino && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return { folder, name, item: cached.item };
      const item = parseItem(await fs.readFile(file, 'utf8'));
      if (item.id !== parts.id) throw new InvalidItemError(`the id inside (${item.id}) does not match the file name`);
      this.cache.set(file, { ino: stat.ino, mtimeMs: stat.mtimeMs, size: stat.size, item });
      return { folder, name, item };
    } catch (err) {
      if (isNotFound(err)) return 'gone';
      if (err instanceof InvalidItemError) {
        await this.quarantine(folder, name, err.message);
        return undefined;
      }
      throw err;
    }
  }

  /** Moves an unreadable file aside so it no longer blocks or crashes anything. */
  async quarantine(folder: ItemFolder, name: string, reason: string): Promise<void> {
    const target = path.join(this.dirs.quarantine, `${folder}-${randomBytes(4).toString('hex')}-${name}`);
    try {
      if (await renameIfExists(this.pathOf(folder, name), target)) {
        this.logger.warn(`outbox: quarantined ${folder}/${name} (${reason}); moved to ${target}`);
      }
    } catch (err) {
      this.logger.error(`outbox: could not quarantine ${folder}/${name}: ${(err as Error).message}`);
    }
  }

  /**
   * Takes an item for delivery: `queued/` → `sending/`. Only one window can win for a given item; false when
   * the item is no longer queued (delivered by another window, discarded, retried elsewhere).
   */
  claim(name: string): Promise<boolean> {
    return renameIfExists(this.pathOf('queued', name), this.pathOf('sending', name));
  }

  /**
   * Rewrites an item in place, but only if it is still there: a window that lost the item (another window
   * recovered or discarded it) must not resurrect it. False when it was gone.
   */
  async rewrite(folder: ItemFolder, name: string, item: OutboxItem): Promise<boolean> {
    if (!(await exists(this.pathOf(folder, name)))) return false;
    await writeFileAtomic(this.dirs.tmp, this.pathOf(folder, name), serializeItem(item));
    return true;
  }

  /** Moves an item between folders (same name); false when it was gone. */
  move(from: ItemFolder, to: ItemFolder, name: string): Promise<boolean> {
    return renameIfExists(this.pathOf(from, name), this.pathOf(to, name));
  }

  /** Deletes an item file; false when it was already gone. */
  remove(folder: ItemFolder, name: string): Promise<boolean> {
    return unlinkIfExists(this.pathOf(folder, name));
  }

  /** Finds an item by id in the given folders by its file name (no parsing). */
  async findById(id: string, folders: readonly ItemFolder[] = ITEM_FOLDERS): Promise<{ folder: ItemFolder; name: string } | undefined> {
    for (const folder of folders) {
      let names: string[];
      try {
        names = await fs.readdir(this.dirs[folder]);
      } catch (err) {
        if (isNotFound(err)) continue;
        throw err;
      }
      const name = names.find((n) => parseItemFileName(n)?.id === id);
      if (name) return { folder, name };
    }
    return undefined;
  }

  /** Deletes temp files older than `maxAgeMs` (left by a crash mid-write). Uses file times, i.e. the real clock. */
  async cleanTemp(maxAgeMs: number): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dirs.tmp);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const limit = Date.now() - maxAgeMs;
    for (const name of names) {
      const file = path.join(this.dirs.tmp, name);
      try {
        if ((await fs.stat(file)).mtimeMs < limit) await unlinkIfExists(file);
      } catch (err) {
        if (!isNotFound(err)) this.logger.debug(`outbox: could not clean ${file}: ${(err as Error).message}`);
      }
    }
  }
}
