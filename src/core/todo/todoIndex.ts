/**
 * The TODOs of the workspace, by file. Updated per file (an edit, a save, a file event) and in bulk (a scan);
 * listeners hear which files changed, and only when their TODOs really did (typing in code elsewhere in the
 * file does not count).
 */

import type { TodoItem } from './todoFinder';

export type IndexListener = (changedKeys: readonly string[]) => void;

function sameItems(a: readonly TodoItem[], b: readonly TodoItem[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.line !== y.line || x.column !== y.column || x.rest !== y.rest || x.tag !== y.tag || x.comment.kind !== y.comment.kind) return false;
  }
  return true;
}

export class TodoIndex {
  private readonly files = new Map<string, readonly TodoItem[]>();
  private readonly listeners = new Set<IndexListener>();
  private count = 0;

  /** Number of TODOs. */
  get size(): number {
    return this.count;
  }

  get(key: string): readonly TodoItem[] {
    return this.files.get(key) ?? [];
  }

  keys(): IterableIterator<string> {
    return this.files.keys();
  }

  entries(): IterableIterator<[string, readonly TodoItem[]]> {
    return this.files.entries();
  }

  /** Sets one file's TODOs; returns whether anything changed (and tells listeners if so). */
  set(key: string, items: readonly TodoItem[]): boolean {
    const changed = this.put(key, items);
    if (changed) this.emit([key]);
    return changed;
  }

  delete(key: string): boolean {
    return this.set(key, []);
  }

  /** Removes every file under a folder key (a deleted folder). */
  deleteUnder(prefix: string): void {
    const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
    const changed = [...this.files.keys()].filter((k) => k.startsWith(base) && this.put(k, []));
    if (changed.length) this.emit(changed);
  }

  /** Moves a file's (or a folder's) TODOs to a new key. */
  rename(from: string, to: string): void {
    const changed: string[] = [];
    const base = `${from}/`;
    for (const [key, items] of [...this.files]) {
      if (key !== from && !key.startsWith(base)) continue;
      const target = to + key.slice(from.length);
      this.put(key, []);
      this.put(target, items);
      changed.push(key, target);
    }
    if (changed.length) this.emit(changed);
  }

  /**
   * Replaces everything under `scope` (a folder key prefix) with a scan's result; files outside the scope and
   * `keep` (files whose contents come from an open editor) are left alone.
   */
  replaceScope(scope: string, files: ReadonlyMap<string, readonly TodoItem[]>, keep: (key: string) => boolean = () => false): void {
    const base = scope.endsWith('/') ? scope : `${scope}/`;
    const changed: string[] = [];
    for (const key of [...this.files.keys()]) {
      if (key.startsWith(base) && !files.has(key) && !keep(key) && this.put(key, [])) changed.push(key);
    }
    for (const [key, items] of files) if (!keep(key) && this.put(key, items)) changed.push(key);
    if (changed.length) this.emit(changed);
  }

  onDidChange(listener: IndexListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private put(key: string, items: readonly TodoItem[]): boolean {
    const old = this.files.get(key) ?? [];
    if (sameItems(old, items)) return false;
    this.count += items.length - old.length;
    if (items.length === 0) this.files.delete(key);
    else this.files.set(key, items);
    return true;
  }

  private emit(keys: readonly string[]): void {
    for (const listener of [...this.listeners]) listener(keys);
  }
}
