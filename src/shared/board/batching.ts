import { shapeBounds } from './bounds';
import { Rect, rectsIntersect } from './geometry';
import { Shape } from './shapes';

/** Shapes drawn together: freehand strokes of one kind, colour and width, or a single other shape. */
export interface Batch {
  readonly key: string;
  readonly shapes: Shape[];
}

const CELL = 128;
/** A shape covering more cells than this is checked by its bounds instead of being spread over the grid. */
const MAX_CELLS = 4096;

/** Strokes that can share one path (and one stroke() call). Other shapes are drawn on their own. */
export function batchKey(s: Shape): string | undefined {
  return s.type === 'pen' || s.type === 'highlighter' ? `${s.type}|${s.color}|${s.width}` : undefined;
}

/**
 * Groups shapes into as few draw batches as the picture allows. A stroke joins the last batch of its style
 * unless a shape of another style that it overlaps has been placed after that batch; so every pair of
 * overlapping shapes of different styles keeps its z-order, and only strokes that do not touch are reordered —
 * which nobody can see. On sketches with several colours and widths this turns thousands of stroke() calls
 * into tens, most of the cost of drawing a big board.
 */
export function planBatches(shapes: readonly Shape[]): Batch[] {
  const batches: Batch[] = [];
  const lastOfKey = new Map<string, number>();
  // For each grid cell: the highest batch index per style that has a shape in it.
  const cells = new Map<number, Map<string, number>>();
  const huge: Array<{ key: string; index: number; bounds: Rect }> = [];
  let unique = 0;
  for (const s of shapes) {
    const b = shapeBounds(s);
    const x0 = Math.floor(b.x / CELL);
    const y0 = Math.floor(b.y / CELL);
    const x1 = Math.floor((b.x + b.w) / CELL);
    const y1 = Math.floor((b.y + b.h) / CELL);
    const key = batchKey(s) ?? `#${unique++}`;
    const isHuge = (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS;
    const candidate = lastOfKey.get(key);
    let target: number | undefined;
    if (candidate !== undefined) {
      let barrier = -1;
      for (const h of huge) if (h.key !== key && h.index > barrier && rectsIntersect(h.bounds, b)) barrier = h.index;
      if (isHuge) barrier = Infinity; // too big to check cheaply: it simply starts a batch of its own
      for (let cx = x0; cx <= x1 && barrier < candidate; cx++) {
        for (let cy = y0; cy <= y1; cy++) {
          const cell = cells.get(cx * 1_000_003 + cy);
          if (!cell) continue;
          for (const [k, index] of cell) if (k !== key && index > barrier) barrier = index;
        }
      }
      if (barrier < candidate) target = candidate;
    }
    if (target === undefined) {
      target = batches.length;
      batches.push({ key, shapes: [] });
      lastOfKey.set(key, target);
    }
    batches[target].shapes.push(s);
    if (isHuge) {
      huge.push({ key, index: target, bounds: b });
      continue;
    }
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const id = cx * 1_000_003 + cy;
        let cell = cells.get(id);
        if (!cell) cells.set(id, (cell = new Map()));
        if ((cell.get(key) ?? -1) < target) cell.set(key, target);
      }
    }
  }
  return batches;
}
