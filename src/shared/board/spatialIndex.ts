import { Rect, rectsIntersect } from './geometry';

/**
 * A uniform-grid spatial hash of rectangles by id. Queries touch only the cells a rectangle covers, so finding
 * what is under the pointer or inside a tile costs the same on a board of 10 shapes or 10,000. A rectangle that
 * would span too many cells (a huge shape) is kept in a short "large" list that every query scans.
 */
export class SpatialIndex {
  private readonly cells = new Map<number, Set<string>>();
  private readonly rects = new Map<string, Rect>();
  private readonly large = new Set<string>();

  constructor(
    private readonly cellSize = 256,
    private readonly maxCellsPerItem = 256,
  ) {}

  get size(): number {
    return this.rects.size;
  }

  has(id: string): boolean {
    return this.rects.has(id);
  }

  insert(id: string, rect: Rect): void {
    if (this.rects.has(id)) this.remove(id);
    this.rects.set(id, rect);
    const span = this.span(rect);
    if ((span.x1 - span.x0 + 1) * (span.y1 - span.y0 + 1) > this.maxCellsPerItem) {
      this.large.add(id);
      return;
    }
    for (let cx = span.x0; cx <= span.x1; cx++) {
      for (let cy = span.y0; cy <= span.y1; cy++) {
        const key = cellKey(cx, cy);
        let cell = this.cells.get(key);
        if (!cell) this.cells.set(key, (cell = new Set()));
        cell.add(id);
      }
    }
  }

  remove(id: string): void {
    const rect = this.rects.get(id);
    if (!rect) return;
    this.rects.delete(id);
    if (this.large.delete(id)) return;
    const span = this.span(rect);
    for (let cx = span.x0; cx <= span.x1; cx++) {
      for (let cy = span.y0; cy <= span.y1; cy++) {
        const key = cellKey(cx, cy);
        const cell = this.cells.get(key);
        if (!cell) continue;
        cell.delete(id);
        if (cell.size === 0) this.cells.delete(key);
      }
    }
  }

  clear(): void {
    this.cells.clear();
    this.rects.clear();
    this.large.clear();
  }

  /** Ids whose rectangle intersects `rect` (each once, in no particular order). */
  query(rect: Rect): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const span = this.span(rect);
    const cellCount = (span.x1 - span.x0 + 1) * (span.y1 - span.y0 + 1);
    if (cellCount > this.cells.size) {
      // A query wider than the populated area: scanning every item is cheaper than visiting empty cells.
      for (const [id, r] of this.rects) if (rectsIntersect(r, rect)) out.push(id);
      return out;
    }
    for (let cx = span.x0; cx <= span.x1; cx++) {
      for (let cy = span.y0; cy <= span.y1; cy++) {
        const cell = this.cells.get(cellKey(cx, cy));
        if (!cell) continue;
        for (const id of cell) {
          if (seen.has(id)) continue;
          seen.add(id);
          if (rectsIntersect(this.rects.get(id) as Rect, rect)) out.push(id);
        }
      }
    }
    for (const id of this.large) if (rectsIntersect(this.rects.get(id) as Rect, rect)) out.push(id);
    return out;
  }

  private span(r: Rect): { x0: number; y0: number; x1: number; y1: number } {
    const s = this.cellSize;
    return { x0: Math.floor(r.x / s), y0: Math.floor(r.y / s), x1: Math.floor((r.x + r.w) / s), y1: Math.floor((r.y + r.h) / s) };
  }
}

/** Packs cell coordinates (each within ±2^20, i.e. ±268 million board units) into one number key. */
function cellKey(cx: number, cy: number): number {
  const B = 1 << 20;
  const x = Math.max(-B, Math.min(B - 1, cx)) + B;
  const y = Math.max(-B, Math.min(B - 1, cy)) + B;
  return x * 2 * B + y;
}
