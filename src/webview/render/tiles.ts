import { Rect, rectsIntersect } from '../../shared/board/geometry';

/** Tile size in CSS pixels. Small enough that one tile fits a frame's budget even on a dense, zoomed-out board. */
export const TILE = 256;

type AnyCanvas = HTMLCanvasElement | OffscreenCanvas;
export type TileContext = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface Tile {
  readonly zoom: number;
  readonly tx: number;
  readonly ty: number;
  readonly canvas: AnyCanvas;
  /** The board area the tile shows. */
  readonly area: Rect;
  /** Content under it changed: still drawable (stale) until repainted. */
  dirty: boolean;
  lastUsed: number;
}

function newCanvas(size: number): AnyCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(size, size);
  const c = document.createElement('canvas');
  c.width = size;
  c.height = size;
  return c;
}

/**
 * Cached bitmaps of the committed shapes, per zoom level and tile. Panning only blits tiles; a change repaints
 * just the tiles under it. Least-recently-used tiles are recycled once the cache reaches its memory budget.
 */
export class TileCache {
  private readonly tiles = new Map<string, Tile>();
  private readonly spare: AnyCanvas[] = [];
  private clock = 0;
  private deviceSize = TILE;

  constructor(private readonly maxBytes = 96 * 1024 * 1024) {}

  /** Tile bitmaps are TILE × pixelRatio device pixels; changing the ratio drops every tile. */
  setPixelRatio(ratio: number): void {
    const size = Math.max(1, Math.round(TILE * ratio));
    if (size === this.deviceSize) return;
    this.deviceSize = size;
    this.clear();
    this.spare.length = 0;
  }

  get tileDeviceSize(): number {
    return this.deviceSize;
  }

  get count(): number {
    return this.tiles.size;
  }

  static key(zoom: number, tx: number, ty: number): string {
    return `${zoom}:${tx}:${ty}`;
  }

  static area(zoom: number, tx: number, ty: number): Rect {
    const s = TILE / zoom;
    return { x: tx * s, y: ty * s, w: s, h: s };
  }

  get(zoom: number, tx: number, ty: number): Tile | undefined {
    const tile = this.tiles.get(TileCache.key(zoom, tx, ty));
    if (tile) tile.lastUsed = ++this.clock;
    return tile;
  }

  /** Paints (or repaints) a tile; `paint` draws in board coordinates, the transform is set up for it. */
  paint(zoom: number, tx: number, ty: number, paint: (ctx: TileContext, area: Rect) => void): Tile {
    const key = TileCache.key(zoom, tx, ty);
    let tile = this.tiles.get(key);
    if (!tile) {
      this.evict();
      const canvas = this.spare.pop() ?? newCanvas(this.deviceSize);
      tile = { zoom, tx, ty, canvas, area: TileCache.area(zoom, tx, ty), dirty: false, lastUsed: 0 };
      this.tiles.set(key, tile);
    }
    const ctx = tile.canvas.getContext('2d') as TileContext;
    const scale = (this.deviceSize / TILE) * zoom;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.deviceSize, this.deviceSize);
    ctx.setTransform(scale, 0, 0, scale, -tile.area.x * scale, -tile.area.y * scale);
    paint(ctx, tile.area);
    tile.dirty = false;
    tile.lastUsed = ++this.clock;
    return tile;
  }

  /** Marks every tile (at any zoom) that overlaps `area` for repainting. */
  invalidate(area: Rect): void {
    for (const tile of this.tiles.values()) if (!tile.dirty && rectsIntersect(tile.area, area)) tile.dirty = true;
  }

  clear(): void {
    for (const tile of this.tiles.values()) this.spare.push(tile.canvas);
    this.tiles.clear();
  }

  private evict(): void {
    const max = Math.max(16, Math.floor(this.maxBytes / (this.deviceSize * this.deviceSize * 4)));
    if (this.tiles.size < max) return;
    let oldest: Tile | undefined;
    for (const t of this.tiles.values()) if (!oldest || t.lastUsed < oldest.lastUsed) oldest = t;
    if (!oldest) return;
    this.tiles.delete(TileCache.key(oldest.zoom, oldest.tx, oldest.ty));
    this.spare.push(oldest.canvas);
  }
}
