import { BoardDocument } from './document';
import { Op } from './operations';
import { Shape, shapesEqual } from './shapes';

/** Builders of the operations user actions make, from the document's current state. */

/** New shapes on top of everything. */
export function addShapes(doc: BoardDocument, shapes: readonly Shape[]): Op {
  return { op: 'add', items: shapes.map((shape, i) => ({ index: doc.size + i, shape })) };
}

/** Removes the shapes with these ids (unknown ids are ignored). */
export function removeShapes(doc: BoardDocument, ids: Iterable<string>): Op | undefined {
  const items = [...new Set(ids)]
    .map((id) => ({ index: doc.indexOf(id), shape: doc.get(id) }))
    .filter((i): i is { index: number; shape: Shape } => i.index >= 0 && i.shape !== undefined)
    .sort((a, b) => a.index - b.index);
  return items.length ? { op: 'remove', items } : undefined;
}

/** Replaces shapes by id with new versions; unchanged or unknown ones are left out. */
export function updateShapes(doc: BoardDocument, next: readonly Shape[]): Op | undefined {
  const before: Shape[] = [];
  const after: Shape[] = [];
  for (const s of next) {
    const current = doc.get(s.id);
    if (!current || shapesEqual(current, s)) continue;
    before.push(current);
    after.push(s);
  }
  return before.length ? { op: 'update', before, after } : undefined;
}

/** Removes everything (undoable like any other removal). */
export function clearBoard(doc: BoardDocument): Op | undefined {
  return doc.size ? { op: 'remove', items: doc.all().map((shape, index) => ({ index, shape })) } : undefined;
}
