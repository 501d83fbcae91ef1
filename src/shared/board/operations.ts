import { Shape } from './shapes';

/**
 * Operations on a board. Each carries everything needed to undo it (removed shapes and their z-positions, the
 * "before" of an update), so inverting is pure and the same operations travel to the host, which replays them
 * on its own copy of the document.
 */

/** A shape at a z-position (0 = bottom). */
export interface PlacedShape {
  readonly index: number;
  readonly shape: Shape;
}

export type Op =
  /** Inserts shapes; items in ascending index order, each index being the shape's final position. */
  | { readonly op: 'add'; readonly items: readonly PlacedShape[] }
  /** Removes shapes; items in ascending index order, as they stood before the removal. */
  | { readonly op: 'remove'; readonly items: readonly PlacedShape[] }
  /** Replaces shapes by id: `after[i]` replaces `before[i]` (same id). */
  | { readonly op: 'update'; readonly before: readonly Shape[]; readonly after: readonly Shape[] };

/** One user action: applied, undone and redone as a whole. */
export type Transaction = readonly Op[];

export function invertOp(op: Op): Op {
  switch (op.op) {
    case 'add':
      return { op: 'remove', items: op.items };
    case 'remove':
      return { op: 'add', items: op.items };
    case 'update':
      return { op: 'update', before: op.after, after: op.before };
  }
}

export function invertTransaction(tx: Transaction): Transaction {
  return [...tx].reverse().map(invertOp);
}

/** What a transaction touches: the ids it adds, removes or changes. */
export function transactionIds(tx: Transaction): string[] {
  const ids = new Set<string>();
  for (const op of tx) {
    if (op.op === 'update') op.after.forEach((s) => ids.add(s.id));
    else op.items.forEach((i) => ids.add(i.shape.id));
  }
  return [...ids];
}
