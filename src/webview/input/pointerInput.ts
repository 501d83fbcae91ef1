import { Point } from '../../shared/board/geometry';
import { Viewport, panBy, toBoard, zoomAt } from '../../shared/board/viewport';
import type { Renderer } from '../render/renderer';
import type { Tool } from '../tools/tool';

export interface PointerInputHost {
  readonly canvas: HTMLCanvasElement;
  readonly renderer: Renderer;
  /** The current tool. */
  tool(): Tool;
  /** Whether a left-button drag pans instead of drawing (the hand tool, or the space bar held). */
  panning(): boolean;
  spaceHeld(): boolean;
  /** Called before a gesture starts (the app focuses the canvas and ends text editing). */
  willStart(): void;
}

type Gesture =
  | { readonly kind: 'none' }
  | { readonly kind: 'tool'; readonly pointerId: number }
  | { readonly kind: 'pan'; readonly pointerId: number; last: Point }
  | { readonly kind: 'pinch'; readonly startDistance: number; readonly startMid: Point; readonly startView: Viewport };

/**
 * Pointer and wheel input on the canvas: one pointer drives the current tool; the middle button, the hand tool
 * or space + drag pans; two touch pointers pinch-zoom; the wheel scrolls and Ctrl+wheel (which is also how
 * browsers report a trackpad pinch) zooms around the pointer. Tools get board coordinates, including the
 * coalesced samples between frames, so fast strokes keep their shape.
 */
export class PointerInput {
  private readonly pointers = new Map<number, Point>();
  private gesture: Gesture = { kind: 'none' };

  constructor(private readonly host: PointerInputHost) {
    const c = host.canvas;
    c.addEventListener('pointerdown', (e) => this.down(e));
    c.addEventListener('pointermove', (e) => this.move(e));
    c.addEventListener('pointerup', (e) => this.up(e));
    c.addEventListener('pointercancel', (e) => this.up(e, true));
    c.addEventListener('lostpointercapture', (e) => this.pointers.delete(e.pointerId));
    c.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
  }

  /** Whether a gesture is in progress. */
  get busy(): boolean {
    return this.gesture.kind !== 'none';
  }

  private screenPoint(e: { clientX: number; clientY: number }): Point {
    const r = this.host.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private boardPoint(e: { clientX: number; clientY: number }): Point {
    return toBoard(this.host.renderer.view, this.screenPoint(e));
  }

  private down(e: PointerEvent): void {
    const { canvas, renderer } = this.host;
    this.host.willStart();
    this.pointers.set(e.pointerId, this.screenPoint(e));
    canvas.setPointerCapture(e.pointerId);
    if (this.pointers.size === 2) {
      // A second finger: whatever the first one started becomes a pinch.
      this.host.tool().cancel();
      const [a, b] = [...this.pointers.values()];
      this.gesture = { kind: 'pinch', startDistance: Math.max(1, Math.hypot(a.x - b.x, a.y - b.y)), startMid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, startView: renderer.view };
      return;
    }
    if (this.gesture.kind !== 'none') return;
    if (e.button === 1 || (e.button === 0 && this.host.panning())) {
      this.gesture = { kind: 'pan', pointerId: e.pointerId, last: this.screenPoint(e) };
      canvas.style.cursor = 'grabbing';
      e.preventDefault();
      return;
    }
    if (e.button !== 0) return;
    this.gesture = { kind: 'tool', pointerId: e.pointerId };
    this.host.tool().down(this.boardPoint(e), e);
  }

  private move(e: PointerEvent): void {
    const { canvas, renderer } = this.host;
    if (this.pointers.has(e.pointerId)) this.pointers.set(e.pointerId, this.screenPoint(e));
    const g = this.gesture;
    if (g.kind === 'pinch') {
      const pts = [...this.pointers.values()];
      if (pts.length < 2) return;
      const [a, b] = pts;
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      const zoomed = zoomAt(g.startView, g.startMid, Math.hypot(a.x - b.x, a.y - b.y) / g.startDistance);
      renderer.setViewport(panBy(zoomed, mid.x - g.startMid.x, mid.y - g.startMid.y));
    } else if (g.kind === 'pan' && g.pointerId === e.pointerId) {
      const p = this.screenPoint(e);
      renderer.setViewport(panBy(renderer.view, p.x - g.last.x, p.y - g.last.y));
      g.last = p;
    } else if (g.kind === 'tool' && g.pointerId === e.pointerId) {
      const tool = this.host.tool();
      const samples = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
      for (const sample of samples.length ? samples : [e]) tool.move(this.boardPoint(sample), e);
    } else if (g.kind === 'none') {
      const p = this.boardPoint(e);
      const tool = this.host.tool();
      tool.hover?.(p);
      canvas.style.cursor = this.host.spaceHeld() ? 'grab' : (tool.hoverCursor?.(p) ?? tool.cursor);
    }
  }

  private up(e: PointerEvent, cancelled = false): void {
    this.pointers.delete(e.pointerId);
    const g = this.gesture;
    if (g.kind === 'pinch') {
      if (this.pointers.size === 0) this.gesture = { kind: 'none' };
      return;
    }
    if (g.kind === 'pan' && g.pointerId === e.pointerId) {
      this.gesture = { kind: 'none' };
      this.host.canvas.style.cursor = this.host.spaceHeld() ? 'grab' : this.host.tool().cursor;
    } else if (g.kind === 'tool' && g.pointerId === e.pointerId) {
      this.gesture = { kind: 'none' };
      if (cancelled) this.host.tool().cancel();
      else this.host.tool().up(this.boardPoint(e), e);
    }
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const { renderer } = this.host;
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? renderer.size.height : 1;
    if (e.ctrlKey || e.metaKey) {
      const factor = Math.exp(Math.max(-0.5, Math.min(0.5, -e.deltaY * unit * 0.002)));
      renderer.setViewport(zoomAt(renderer.view, this.screenPoint(e), factor));
      return;
    }
    let dx = e.deltaX * unit;
    let dy = e.deltaY * unit;
    if (e.shiftKey && dx === 0) [dx, dy] = [dy, 0];
    renderer.setViewport(panBy(renderer.view, -dx, -dy));
  }
}
