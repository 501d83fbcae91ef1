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
    await writeFileAtomic(this.dirs.tmp, this.pathOf('queued', name), serializeItem(item));
    return { folder: 'queued', name, item };
  }

  /**
   * Reads every item of every folder, sorted by name (= queue order). Unreadable files are moved to
   * `quarantine/` with a warning; files that vanish while being read are skipped (another window moved them).
   */
  async scan(): Promise<StoredItem[]> {
    const found: StoredItem[] = [];
    const seen = new Set<string>();
    for (const folder of ITEM_FOLDERS) {
      let names: string[];
      try {
        names = await fs.readdir(this.dirs[folder]);
      } catch (err) {
        if (isNotFound(err)) continue;
        throw err;
      }
      for (const name of names) {
        const stored = await this.readStored(folder, name);
        if (stored) {
          found.push(stored);
          seen.add(this.pathOf(folder, name));
        }
      }
    }
    for (const key of this.cache.keys()) if (!seen.has(key)) this.cache.delete(key);
    return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : ITEM_FOLDERS.indexOf(a.folder) - ITEM_FOLDERS.indexOf(b.folder)));
  }

  /** Reads one item file; undefined when it is gone, not an item file, or was quarantined. */
  async readStored(folder: ItemFolder, name: string): Promise<StoredItem | undefined> {
    if (!name.endsWith('.json')) return undefined; // not ours (editor backups, .DS_Store…)
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
      if (isNotFound(err)) return undefined;
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
