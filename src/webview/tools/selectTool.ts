import { contentBounds } from '../../shared/board/bounds';
import { updateShapes } from '../../shared/board/edits';
import { Point, Rect, rectContainsPoint, rectFromPoints } from '../../shared/board/geometry';
import { shapeAt, shapesInside } from '../../shared/board/hitTest';
import { Shape, scaleShape, translateShape } from '../../shared/board/shapes';
import { paintShapes } from '../render/painter';
import { Tool, ToolHost } from './tool';

type Mode =
  | { readonly kind: 'idle' }
  | { readonly kind: 'move'; readonly start: Point; readonly originals: Shape[]; moved: Shape[]; dragging: boolean }
  | { readonly kind: 'resize'; readonly anchor: Point; readonly corner: Point; readonly originals: Shape[]; scaled: Shape[] }
  | { readonly kind: 'marquee'; readonly start: Point; end: Point; readonly base: ReadonlySet<string> };

/** Handle size and reach in screen pixels. */
const HANDLE = 8;
const DRAG_THRESHOLD = 3;

function corners(b: Rect): Point[] {
  return [
    { x: b.x, y: b.y },
    { x: b.x + b.w, y: b.y },
    { x: b.x + b.w, y: b.y + b.h },
    { x: b.x, y: b.y + b.h },
  ];
}

/** Select (click, shift-click, marquee), move (drag), resize (corner handles), nudge (arrow keys). */
export class SelectTool implements Tool {
  readonly cursor = 'default';
  private mode: Mode = { kind: 'idle' };

  constructor(private readonly host: ToolHost) {}

  down(p: Point, e: PointerEvent): void {
    const px = this.host.pixel();
    const { selection, session } = this.host;
    const bounds = selection.bounds();
    const handle = bounds ? this.handleAt(bounds, p) : -1;
    if (bounds && handle >= 0) {
      const cs = corners(bounds);
      this.mode = { kind: 'resize', anchor: cs[(handle + 2) % 4], corner: cs[handle], originals: selection.shapes(), scaled: [] };
      return;
    }
    const hit = shapeAt(session.doc, p, 4 * px);
    if (hit) {
      if (e.shiftKey) {
        selection.toggle(hit.id);
        if (!selection.has(hit.id)) return;
      } else if (!selection.has(hit.id)) selection.set([hit.id]);
      this.mode = { kind: 'move', start: p, originals: selection.shapes(), moved: [], dragging: false };
      return;
    }
    if (bounds && rectContainsPoint(bounds, p) && !e.shiftKey) {
      this.mode = { kind: 'move', start: p, originals: selection.shapes(), moved: [], dragging: false };
      return;
    }
    if (!e.shiftKey) selection.clear();
    this.mode = { kind: 'marquee', start: p, end: p, base: new Set(selection.current) };
  }

  move(p: Point, e: PointerEvent): void {
    const m = this.mode;
    const px = this.host.pixel();
    if (m.kind === 'move') {
      if (!m.dragging && Math.hypot(p.x - m.start.x, p.y - m.start.y) < DRAG_THRESHOLD * px) return;
      if (!m.dragging) {
        m.dragging = true;
        this.host.renderer.setHidden(m.originals.map((s) => s.id));
      }
      m.moved = m.originals.map((s) => translateShape(s, p.x - m.start.x, p.y - m.start.y));
    } else if (m.kind === 'resize') {
      let sx = Math.max(0.02, (p.x - m.anchor.x) / (m.corner.x - m.anchor.x || 1));
      let sy = Math.max(0.02, (p.y - m.anchor.y) / (m.corner.y - m.anchor.y || 1));
      if (e.shiftKey || (m.originals.length === 1 && m.originals[0].type === 'text')) sx = sy = Math.max(sx, sy);
      if (m.scaled.length === 0) this.host.renderer.setHidden(m.originals.map((s) => s.id));
      m.scaled = m.originals.map((s) => scaleShape(s, m.anchor, sx, sy));
    } else if (m.kind === 'marquee') {
      m.end = p;
    }
    this.host.renderer.requestFrame();
  }

  up(p: Point, e: PointerEvent): void {
    this.move(p, e);
    const m = this.mode;
    this.mode = { kind: 'idle' };
    const { session, selection, renderer } = this.host;
    if (m.kind === 'move' && m.dragging) {
      renderer.setHidden([]);
      const op = updateShapes(session.doc, m.moved);
      if (op) session.commit([op]);
    } else if (m.kind === 'resize' && m.scaled.length) {
      renderer.setHidden([]);
      const op = updateShapes(session.doc, m.scaled);
      if (op) session.commit([op]);
    } else if (m.kind === 'marquee') {
      const inside = shapesInside(session.doc, rectFromPoints(m.start, m.end)).map((s) => s.id);
      selection.set([...m.base, ...inside]);
    }
    renderer.requestFrame();
  }

  cancel(): void {
    if (this.mode.kind === 'move' || this.mode.kind === 'resize') this.host.renderer.setHidden([]);
    this.mode = { kind: 'idle' };
    this.host.renderer.requestFrame();
  }

  /** Moves the selection by (dx, dy) board units as one undoable step. */
  nudge(dx: number, dy: number): void {
    const op = updateShapes(this.host.session.doc, this.host.selection.shapes().map((s) => translateShape(s, dx, dy)));
    if (op) this.host.session.commit([op]);
  }

  hoverCursor(p: Point): string | undefined {
    const bounds = this.host.selection.bounds();
    const handle = bounds ? this.handleAt(bounds, p) : -1;
    if (handle >= 0) return handle % 2 === 0 ? 'nwse-resize' : 'nesw-resize';
    if (shapeAt(this.host.session.doc, p, 4 * this.host.pixel()) || (bounds && rectContainsPoint(bounds, p))) return 'move';
    return undefined;
  }

  overlay(ctx: CanvasRenderingContext2D): void {
    const m = this.mode;
    const theme = this.host.theme();
    const px = this.host.pixel();
    const live = m.kind === 'move' && m.dragging ? m.moved : m.kind === 'resize' && m.scaled.length ? m.scaled : undefined;
    if (live) paintShapes(ctx, live, theme);
    ctx.strokeStyle = theme.selection;
    ctx.lineWidth = px;
    if (m.kind === 'marquee') {
      const r = rectFromPoints(m.start, m.end);
      ctx.setLineDash([4 * px, 3 * px]);
      ctx.strokeRect(r.x, r.y, r.w, r.h);
      ctx.setLineDash([]);
    }
    const bounds = live ? contentBounds(live) : this.host.selection.bounds();
    if (!bounds) return;
    ctx.setLineDash([5 * px, 3 * px]);
    ctx.strokeRect(bounds.x, bounds.y, bounds.w, bounds.h);
    ctx.setLineDash([]);
    ctx.fillStyle = theme.background;
    for (const c of corners(bounds)) {
      ctx.fillRect(c.x - (HANDLE / 2) * px, c.y - (HANDLE / 2) * px, HANDLE * px, HANDLE * px);
      ctx.strokeRect(c.x - (HANDLE / 2) * px, c.y - (HANDLE / 2) * px, HANDLE * px, HANDLE * px);
    }
  }

  private handleAt(bounds: Rect, p: Point): number {
    const reach = HANDLE * this.host.pixel();
    return corners(bounds).findIndex((c) => Math.abs(c.x - p.x) <= reach && Math.abs(c.y - p.y) <= reach);
  }
}
