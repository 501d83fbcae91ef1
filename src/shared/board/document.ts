import { shapeBounds } from './bounds';
import { Rect } from './geometry';
import { Op, PlacedShape, Transaction, invertOp } from './operations';
import { Shape, shapesEqual } from './shapes';
import { SpatialIndex } from './spatialIndex';

/** An operation that does not fit the document (unknown id, wrong position, stale "before"). */
export class BoardConflictError extends Error {}

/** What a change touched: the ids, and the areas to repaint (old and new bounds). */
export interface BoardChange {
  readonly ids: readonly string[];
  readonly areas: readonly Rect[];
}

/**
 * A board: shapes in z-order (first = bottom) with lookup by id, a spatial index for area queries (built on
 * first use, then kept up to date), and transactional application of operations. It has no history of its
 * own (see {@link History}) and no DOM.
 */
export class BoardDocument {
  private shapes: Shape[] = [];
  private readonly byId = new Map<string, Shape>();
  private order: Map<string, number> | undefined;
  private index: SpatialIndex | undefined;
  private readonly listeners = new Set<(change: BoardChange) => void>();

  constructor(shapes: readonly Shape[] = []) {
    this.reset(shapes);
  }

  get size(): number {
    return this.shapes.length;
  }

  all(): readonly Shape[] {
    return this.shapes;
  }

  get(id: string): Shape | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The z-position of a shape, or -1. */
  indexOf(id: string): number {
    if (!this.order) {
      this.order = new Map();
      this.shapes.forEach((s, i) => this.order!.set(s.id, i));
    }
    return this.order.get(id) ?? -1;
  }

  /** Shapes whose painted bounds intersect `rect`, bottom first. */
  query(rect: Rect): Shape[] {
    const found = this.spatialIndex().query(rect);
    found.sort((a, b) => this.indexOf(a) - this.indexOf(b));
    return found.map((id) => this.byId.get(id) as Shape);
  }

  /** Replaces every shape (loading a board); listeners hear one change covering everything. */
  reset(shapes: readonly Shape[]): void {
    const ids = new Set<string>();
    for (const s of shapes) {
      if (ids.has(s.id)) throw new BoardConflictError(`duplicate shape id ${s.id}`);
      ids.add(s.id);
    }
    const before = this.shapes;
    this.shapes = [...shapes];
    this.byId.clear();
    for (const s of this.shapes) this.byId.set(s.id, s);
    this.order = undefined;
    this.index = undefined;
    if (before.length || shapes.length) this.emit({ ids: [...before.map((s) => s.id), ...ids], areas: [...before, ...shapes].map(shapeBounds) });
  }

  /** Applies a transaction atomically: if any operation conflicts, the ones already applied are rolled back. */
  apply(tx: Transaction): BoardChange {
    const done: Op[] = [];
    const ids: string[] = [];
    const areas: Rect[] = [];
    try {
      for (const op of tx) {
        this.applyOp(op, ids, areas);
        done.push(op);
      }
    } catch (err) {
      for (const op of done.reverse()) this.applyOp(invertOp(op), [], []);
      throw err;
    }
    const change = { ids, areas };
    if (tx.length) this.emit(change);
    return change;
  }

  onChange(listener: (change: BoardChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: BoardChange): void {
    for (const l of this.listeners) l(change);
  }

  private applyOp(op: Op, ids: string[], areas: Rect[]): void {
    switch (op.op) {
      case 'add':
        return this.insert(op.items, ids, areas);
      case 'remove':
        return this.delete(op.items, ids, areas);
      case 'update':
        return this.replace(op.before, op.after, ids, areas);
    }
  }

  private insert(items: readonly PlacedShape[], ids: string[], areas: Rect[]): void {
    const seen = new Set<string>();
    let last = -1;
    for (const { index, shape } of items) {
      if (this.byId.has(shape.id) || seen.has(shape.id)) throw new BoardConflictError(`add: shape ${shape.id} already exists`);
      if (!Number.isInteger(index) || index <= last || index > this.shapes.length + seen.size) throw new BoardConflictError(`add: bad position ${index}`);
      seen.add(shape.id);
      last = index;
    }
    for (const { index, shape } of items) {
      this.shapes.splice(index, 0, shape);
      this.byId.set(shape.id, shape);
      this.index?.insert(shape.id, shapeBounds(shape));
      ids.push(shape.id);
      areas.push(shapeBounds(shape));
    }
    this.order = undefined;
  }

  private delete(items: readonly PlacedShape[], ids: string[], areas: Rect[]): void {
    let last = -1;
    for (const { index, shape } of items) {
      if (!Number.isInteger(index) || index <= last) throw new BoardConflictError(`remove: bad position ${index}`);
      const current = this.shapes[index];
      if (!current || current.id !== shape.id) throw new BoardConflictError(`remove: shape ${shape.id} is not at ${index}`);
      if (!shapesEqual(current, shape)) throw new BoardConflictError(`remove: shape ${shape.id} differs from what the operation removes`);
      last = index;
    }
    for (let i = items.length - 1; i >= 0; i--) {
      const { index, shape } = items[i];
      this.shapes.splice(index, 1);
      this.byId.delete(shape.id);
      this.index?.remove(shape.id);
      ids.push(shape.id);
      areas.push(shapeBounds(shape));
    }
    this.order = undefined;
  }

  private replace(before: readonly Shape[], after: readonly Shape[], ids: string[], areas: Rect[]): void {
    if (before.length !== after.length) throw new BoardConflictError('update: before and after differ in length');
    const seen = new Set<string>();
    for (let i = 0; i < before.length; i++) {
      const current = this.byId.get(before[i].id);
      if (after[i].id !== before[i].id || seen.has(before[i].id)) throw new BoardConflictError(`update: ids do not pair up at ${i}`);
      if (!current) throw new BoardConflictError(`update: shape ${before[i].id} does not exist`);
      if (!shapesEqual(current, before[i])) throw new BoardConflictError(`update: shape ${before[i].id} has changed since`);
      seen.add(before[i].id);
    }
    for (let i = 0; i < after.length; i++) {
      const next = after[i];
      const position = this.indexOf(next.id);
      this.shapes[position] = next;
      this.byId.set(next.id, next);
      this.index?.insert(next.id, shapeBounds(next));
      ids.push(next.id);
      areas.push(shapeBounds(before[i]), shapeBounds(next));
    }
  }

  private spatialIndex(): SpatialIndex {
    if (!this.index) {
      this.index = new SpatialIndex();
      for (const s of this.shapes) this.index.insert(s.id, shapeBounds(s));
    }
    return this.index;
  }
}
