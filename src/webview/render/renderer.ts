import { BoardDocument } from '../../shared/board/document';
import { shapeBounds } from '../../shared/board/bounds';
import { HOME, Viewport } from '../../shared/board/viewport';
import { paintShapes } from './painter';
import { ScreenTheme } from './theme';
import { TILE, Tile, TileCache } from './tiles';

/** Something drawn above the shapes each frame (tool previews, the selection); the context is in board units. */
export type OverlayPainter = (ctx: CanvasRenderingContext2D, viewport: Viewport) => void;

/** Tile painting allowed per frame before the rest waits for the next one. */
const TILE_BUDGET_MS = 5;
/** A zoom counts as finished when it has not changed for this long; tiles at in-between zooms are never painted. */
const ZOOM_SETTLE_MS = 140;

/**
 * Retained-mode renderer of a board onto the visible canvas. Committed shapes live in cached tiles (see
 * {@link TileCache}) found through the document's spatial index; a frame blits the visible tiles and draws the
 * overlays. While a zoom is in progress the last complete frame is shown scaled (a "backdrop") and tiles are
 * painted once the zoom settles, within a per-frame budget, nearest the centre first.
 */
export class Renderer {
  private readonly ctx: CanvasRenderingContext2D;
  private readonly cache = new TileCache();
  private viewport: Viewport = HOME;
  private lastFrameViewport: Viewport | undefined;
  private lastFrameComplete = false;
  private backdrop: { canvas: HTMLCanvasElement; viewport: Viewport } | undefined;
  private backdropCanvas: HTMLCanvasElement | undefined;
  private lastZoomChange = 0;
  private frameHandle: number | undefined;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private hidden = new Set<string>();
  private cssWidth = 1;
  private cssHeight = 1;
  private dpr = 1;
  private readonly overlays: OverlayPainter[] = [];
  private readonly viewportListeners: Array<(v: Viewport) => void> = [];
  /** When set, each frame's duration (ms, drawing flushed) is appended: the benchmark's probe. */
  frameTimes: number[] | undefined;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly doc: BoardDocument,
    private theme: ScreenTheme,
  ) {
    this.ctx = canvas.getContext('2d', { alpha: true }) as CanvasRenderingContext2D;
    doc.onChange((change) => {
      for (const area of change.areas) this.cache.invalidate(area);
      this.backdrop = undefined;
      this.requestFrame();
    });
  }

  get view(): Viewport {
    return this.viewport;
  }

  get size(): { width: number; height: number } {
    return { width: this.cssWidth, height: this.cssHeight };
  }

  get cachedTiles(): number {
    return this.cache.count;
  }

  addOverlay(paint: OverlayPainter): void {
    this.overlays.push(paint);
  }

  onViewportChange(listener: (v: Viewport) => void): void {
    this.viewportListeners.push(listener);
  }

  setViewport(v: Viewport): void {
    if (v.x === this.viewport.x && v.y === this.viewport.y && v.zoom === this.viewport.zoom) return;
    if (v.zoom !== this.viewport.zoom) this.lastZoomChange = performance.now();
    this.viewport = v;
    for (const l of this.viewportListeners) l(v);
    this.requestFrame();
  }

  setTheme(theme: ScreenTheme): void {
    this.theme = theme;
    this.cache.clear();
    this.backdrop = undefined;
    this.requestFrame();
  }

  /** Shapes to leave out of the tiles (the overlay draws them while they move); repaints what changes. */
  setHidden(ids: Iterable<string>): void {
    const next = new Set(ids);
    for (const id of new Set([...next, ...this.hidden])) {
      if (next.has(id) === this.hidden.has(id)) continue;
      const s = this.doc.get(id);
      if (s) this.cache.invalidate(shapeBounds(s));
    }
    this.hidden = next;
    this.backdrop = undefined;
    this.requestFrame();
  }

  resize(cssWidth: number, cssHeight: number, dpr: number): void {
    this.cssWidth = Math.max(1, cssWidth);
    this.cssHeight = Math.max(1, cssHeight);
    this.dpr = dpr;
    this.canvas.width = Math.max(1, Math.round(this.cssWidth * dpr));
    this.canvas.height = Math.max(1, Math.round(this.cssHeight * dpr));
    this.cache.setPixelRatio(dpr);
    this.backdrop = undefined;
    this.lastFrameComplete = false;
    this.renderNow();
  }

  /** Drops every cached tile (a new board was loaded). */
  reset(): void {
    this.cache.clear();
    this.backdrop = undefined;
    this.lastFrameComplete = false;
    this.requestFrame();
  }

  requestFrame(): void {
    if (this.frameHandle !== undefined) return;
    this.frameHandle = requestAnimationFrame(() => {
      this.frameHandle = undefined;
      this.renderNow();
    });
  }

  /** Draws a frame now. */
  renderNow(): void {
    const started = performance.now();
    const complete = this.frame(started);
    if (this.frameTimes) {
      this.ctx.getImageData(0, 0, 1, 1); // flush the canvas's deferred drawing so the time is honest
      this.frameTimes.push(performance.now() - started);
    }
    if (!complete) {
      const wait = ZOOM_SETTLE_MS - (performance.now() - this.lastZoomChange);
      if (wait > 0) {
        if (this.settleTimer) clearTimeout(this.settleTimer);
        this.settleTimer = setTimeout(() => this.requestFrame(), wait);
      } else this.requestFrame();
    }
  }

  /** One frame; returns whether every visible tile was up to date. */
  private frame(started: number): boolean {
    const v = this.viewport;
    const ctx = this.ctx;
    const dpr = this.dpr;
    const previous = this.lastFrameViewport;
    if (previous && previous.zoom !== v.zoom && this.lastFrameComplete) this.captureBackdrop(previous);
    this.lastFrameViewport = v;

    const ox = v.x * v.zoom;
    const oy = v.y * v.zoom;
    const tx0 = Math.floor(ox / TILE);
    const ty0 = Math.floor(oy / TILE);
    const tx1 = Math.floor((ox + this.cssWidth) / TILE);
    const ty1 = Math.floor((oy + this.cssHeight) / TILE);
    const centreX = (tx0 + tx1) / 2;
    const centreY = (ty0 + ty1) / 2;
    const settled = started - this.lastZoomChange >= ZOOM_SETTLE_MS;

    const ready: Tile[] = [];
    const todo: Array<{ tx: number; ty: number; stale?: Tile }> = [];
    for (let tx = tx0; tx <= tx1; tx++) {
      for (let ty = ty0; ty <= ty1; ty++) {
        const tile = this.cache.get(v.zoom, tx, ty);
        if (tile && !tile.dirty) ready.push(tile);
        else todo.push({ tx, ty, stale: tile });
      }
    }
    // Stale tiles (content changed) first, then the missing ones nearest the centre.
    todo.sort((a, b) => Number(!!b.stale) - Number(!!a.stale) || Math.hypot(a.tx - centreX, a.ty - centreY) - Math.hypot(b.tx - centreX, b.ty - centreY));

    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const useBackdrop = this.backdrop !== undefined && todo.some((t) => !t.stale);
    if (useBackdrop) this.drawBackdrop(v);

    let pending = 0;
    const minStep = 0.6 / v.zoom;
    for (const item of todo) {
      const mayPaint = (settled || !this.backdrop) && performance.now() - started < TILE_BUDGET_MS;
      if (mayPaint) {
        ready.push(
          this.cache.paint(v.zoom, item.tx, item.ty, (tctx, area) =>
            paintShapes(tctx, this.doc.query(area), this.theme, { minStep, zoom: v.zoom, skip: this.hidden }),
          ),
        );
      } else {
        pending++;
        if (item.stale) ready.push(item.stale);
      }
    }

    const size = TILE * dpr;
    for (const tile of ready) {
      const dx = Math.round((tile.tx * TILE - ox) * dpr);
      const dy = Math.round((tile.ty * TILE - oy) * dpr);
      if (useBackdrop) ctx.clearRect(dx, dy, Math.ceil(size), Math.ceil(size));
      ctx.drawImage(tile.canvas, dx, dy, size, size);
    }

    const scale = v.zoom * dpr;
    for (const paint of this.overlays) {
      ctx.setTransform(scale, 0, 0, scale, -v.x * scale, -v.y * scale);
      ctx.save();
      paint(ctx, v);
      ctx.restore();
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.lastFrameComplete = pending === 0;
    return pending === 0;
  }

  /** Keeps the previous complete frame to show, scaled, while tiles for a new zoom are not painted yet. */
  private captureBackdrop(previous: Viewport): void {
    const canvas = (this.backdropCanvas ??= document.createElement('canvas'));
    if (canvas.width !== this.canvas.width || canvas.height !== this.canvas.height) {
      canvas.width = this.canvas.width;
      canvas.height = this.canvas.height;
    }
    const bctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    bctx.clearRect(0, 0, canvas.width, canvas.height);
    bctx.drawImage(this.canvas, 0, 0);
    this.backdrop = { canvas, viewport: previous };
  }

  private drawBackdrop(v: Viewport): void {
    const b = this.backdrop;
    if (!b) return;
    const k = v.zoom / b.viewport.zoom;
    const dx = (b.viewport.x - v.x) * v.zoom * this.dpr;
    const dy = (b.viewport.y - v.y) * v.zoom * this.dpr;
    this.ctx.drawImage(b.canvas, dx, dy, b.canvas.width * k, b.canvas.height * k);
  }
}
