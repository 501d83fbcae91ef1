import { BoardConflictError, BoardDocument } from '../shared/board/document';
import { newShapeId } from '../shared/board/ids';
import { Transaction } from '../shared/board/operations';
import { parseBoard, serializeBoard } from '../shared/board/serialize';
import { Shape, normalizeShape } from '../shared/board/shapes';
import { isShapeId } from '../shared/board/validate';
import type { BoardSnapshot } from '../shared/protocol';

/** The part of vscode.Memento the store uses (so it runs in plain unit tests too). */
export interface BoardMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** A named board. `file` links it to a .dtboard file; `savedHash` fingerprints what that file last held. */
export interface BoardMeta {
  readonly id: string;
  readonly name: string;
  readonly file?: string;
  readonly savedHash?: string;
}

interface BoardIndex {
  readonly version: 1;
  readonly active: string;
  readonly boards: readonly BoardMeta[];
}

export type ApplyResult = 'applied' | 'outOfOrder' | 'conflict' | 'unknownBoard';

export const INDEX_KEY = 'dingtalk.whiteboard.boards';
export const BOARD_KEY_PREFIX = 'dingtalk.whiteboard.board.';
/** Where the first version kept its single board ({ strokes: [{ color, width, points: [[x, y], …] }] }). */
export const LEGACY_KEY = 'dingtalk.whiteboard.board';
const MAX_NAME = 100;

/** A short, stable fingerprint of a file's text (FNV-1a), to tell whether a board still matches its file. */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${(h >>> 0).toString(16)}:${text.length}`;
}

/**
 * The boards of a workspace, kept in workspace storage: an index (names, the active board, linked files) and
 * each board as .dtboard text under its own key, written debounced. The host replays the webview's
 * transactions on its copy of each document, checking revisions so a missed message is noticed.
 */
export class WhiteboardStore {
  private index: BoardIndex;
  private readonly loaded = new Map<string, { doc: BoardDocument; rev: number }>();
  private readonly unsaved = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly saveListeners = new Set<(id: string, rev: number) => void>();

  constructor(
    private readonly memento: BoardMemento,
    private readonly defaultName: (n: number) => string,
    private readonly log: (message: string) => void = () => undefined,
    private readonly saveDelayMs = 400,
  ) {
    this.index = this.readIndex();
  }

  boards(): readonly BoardMeta[] {
    return this.index.boards;
  }

  active(): BoardMeta {
    return this.get(this.index.active) ?? this.index.boards[0];
  }

  get(id: string): BoardMeta | undefined {
    return this.index.boards.find((b) => b.id === id);
  }

  /** The board's document (read from storage on first use) and how many transactions it has had since. */
  entry(id: string): { doc: BoardDocument; rev: number } {
    let e = this.loaded.get(id);
    if (!e) {
      e = { doc: new BoardDocument(this.readShapes(id)), rev: 0 };
      this.loaded.set(id, e);
    }
    return e;
  }

  snapshot(id: string): BoardSnapshot {
    const meta = this.get(id);
    const e = this.entry(id);
    return { id, name: meta?.name ?? '', rev: e.rev, shapes: e.doc.all() };
  }

  /** Replays a transaction from the webview; `rev` must be exactly the next revision. */
  applyOps(id: string, rev: number, tx: Transaction): ApplyResult {
    if (!this.get(id)) return 'unknownBoard';
    const e = this.entry(id);
    if (rev !== e.rev + 1) return 'outOfOrder';
    try {
      e.doc.apply(tx);
    } catch (err) {
      if (err instanceof BoardConflictError) return 'conflict';
      throw err;
    }
    e.rev = rev;
    this.changed(id);
    return 'applied';
  }

  /** Replaces a board's shapes (a snapshot from the webview, or a file's content). */
  replace(id: string, shapes: readonly Shape[], rev?: number): void {
    if (!this.get(id)) return;
    const e = this.entry(id);
    e.doc.reset(shapes);
    e.rev = rev ?? e.rev + 1;
    this.changed(id);
  }

  create(name: string | undefined, shapes: readonly Shape[] = [], link?: { file: string; savedHash: string }): BoardMeta {
    let id = newShapeId();
    while (this.get(id)) id = newShapeId();
    const meta: BoardMeta = { id, name: this.cleanName(name) || this.nextDefaultName(), ...(link ?? {}) };
    this.loaded.set(id, { doc: new BoardDocument(shapes), rev: 0 });
    this.index = { ...this.index, active: id, boards: [...this.index.boards, meta] };
    this.changed(id);
    return meta;
  }

  setActive(id: string): void {
    if (!this.get(id) || this.index.active === id) return;
    this.index = { ...this.index, active: id };
    this.changed();
  }

  rename(id: string, name: string): void {
    const clean = this.cleanName(name);
    if (!clean) return;
    this.updateMeta(id, (m) => ({ ...m, name: clean }));
  }

  /** Links a board to a file whose content is now `text`. */
  link(id: string, file: string, text: string): void {
    this.updateMeta(id, (m) => ({ ...m, file, savedHash: textHash(text) }));
  }

  /** Deletes a board; the last one is replaced by a fresh, empty board. Returns the board now active. */
  remove(id: string): BoardMeta {
    const boards = this.index.boards.filter((b) => b.id !== id);
    this.loaded.delete(id);
    this.unsaved.delete(id);
    void this.memento.update(BOARD_KEY_PREFIX + id, undefined);
    if (boards.length === 0) {
      this.index = { ...this.index, boards: [] };
      return this.create(undefined);
    }
    this.index = { ...this.index, boards, active: this.index.active === id ? boards[0].id : this.index.active };
    this.changed();
    return this.active();
  }

  /** The board as .dtboard text. */
  serialize(id: string): string {
    return serializeBoard(this.entry(id).doc.all());
  }

  /** Whether a file-linked board has changes its file does not have. */
  differsFromFile(id: string): boolean {
    const meta = this.get(id);
    return Boolean(meta?.file && meta.savedHash !== textHash(this.serialize(id)));
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Called after a board is written, with the revision written. */
  onDidSave(listener: (id: string, rev: number) => void): { dispose(): void } {
    this.saveListeners.add(listener);
    return { dispose: () => this.saveListeners.delete(listener) };
  }

  /** Writes every pending change now. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const ids = [...this.unsaved];
    this.unsaved.clear();
    await this.memento.update(INDEX_KEY, this.index);
    for (const id of ids) {
      if (!this.get(id)) continue;
      const rev = this.entry(id).rev;
      await this.memento.update(BOARD_KEY_PREFIX + id, this.serialize(id));
      for (const l of this.saveListeners) l(id, rev);
    }
  }

  dispose(): Promise<void> {
    return this.flush();
  }

  private changed(id?: string): void {
    if (id) this.unsaved.add(id);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush().catch((err: Error) => this.log(`could not save the whiteboard: ${err.message}`)), this.saveDelayMs);
    for (const l of this.listeners) l();
  }

  private updateMeta(id: string, f: (m: BoardMeta) => BoardMeta): void {
    if (!this.get(id)) return;
    this.index = { ...this.index, boards: this.index.boards.map((b) => (b.id === id ? f(b) : b)) };
    this.changed();
  }

  private cleanName(name: string | undefined): string {
    return (name ?? '').replace(/\p{Cc}/gu, ' ').trim().slice(0, MAX_NAME);
  }

  private nextDefaultName(): string {
    for (let n = this.index.boards.length + 1; ; n++) {
      const name = this.defaultName(n);
      if (!this.index.boards.some((b) => b.name === name)) return name;
    }
  }

  private readShapes(id: string): Shape[] {
    const text = this.memento.get<unknown>(BOARD_KEY_PREFIX + id);
    if (typeof text !== 'string') return [];
    try {
      return parseBoard(text);
    } catch (err) {
      this.log(`board ${id} in workspace storage is unreadable (${(err as Error).message}); starting it empty`);
      return [];
    }
  }

  /** Reads the index defensively; creates the first board (from the legacy single board, if any). */
  private readIndex(): BoardIndex {
    const raw = this.memento.get<unknown>(INDEX_KEY);
    const boards: BoardMeta[] = [];
    if (typeof raw === 'object' && raw !== null && Array.isArray((raw as { boards?: unknown }).boards)) {
      for (const b of (raw as { boards: unknown[] }).boards) {
        if (typeof b !== 'object' || b === null) continue;
        const r = b as Record<string, unknown>;
        if (!isShapeId(r.id) || typeof r.name !== 'string' || boards.some((x) => x.id === r.id)) continue;
        boards.push({
          id: r.id,
          name: r.name.slice(0, MAX_NAME),
          ...(typeof r.file === 'string' ? { file: r.file } : {}),
          ...(typeof r.savedHash === 'string' ? { savedHash: r.savedHash } : {}),
        });
      }
    }
    if (boards.length) {
      const active = (raw as { active?: unknown }).active;
      return { version: 1, active: boards.some((b) => b.id === active) ? (active as string) : boards[0].id, boards };
    }
    this.index = { version: 1, active: '', boards: [] };
    // The legacy key is left in place: once the index is saved it is never read again.
    this.create(undefined, legacyShapes(this.memento.get<unknown>(LEGACY_KEY)));
    return this.index;
  }
}

/** Pen strokes from the first version's storage, so an upgrade keeps what was drawn. */
export function legacyShapes(raw: unknown): Shape[] {
  const strokes = typeof raw === 'object' && raw !== null ? (raw as { strokes?: unknown }).strokes : undefined;
  if (!Array.isArray(strokes)) return [];
  const out: Shape[] = [];
  for (const s of strokes.slice(0, 50_000)) {
    if (typeof s !== 'object' || s === null) continue;
    const { color, width, points } = s as Record<string, unknown>;
    if (!Array.isArray(points) || points.length === 0 || typeof width !== 'number' || !(width > 0 && width <= 100)) continue;
    const flat = points.flatMap((p) => (Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n)) ? [p[0] as number, p[1] as number] : []));
    if (flat.length < 2 || flat.length > 20_000) continue;
    out.push(normalizeShape({ id: newShapeId(), type: 'pen', color: typeof color === 'string' && /^#[0-9a-fA-F]{6}$/.test(color) ? color : 'ink', width, points: flat }));
  }
  return out;
}
