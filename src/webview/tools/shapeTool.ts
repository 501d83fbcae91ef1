import { addShapes } from '../../shared/board/edits';
import { Point } from '../../shared/board/geometry';
import { newShapeId } from '../../shared/board/ids';
import { Shape, normalizeShape } from '../../shared/board/shapes';
import { paintShape } from '../render/painter';
import { Tool, ToolHost } from './tool';

type Kind = 'line' | 'arrow' | 'rect' | 'ellipse';

/** Lines, arrows, rectangles and ellipses: drag from corner to corner. Shift makes squares, circles and 45° lines. */
export class ShapeTool implements Tool {
  readonly cursor = 'crosshair';
  private start: Point | undefined;
  private end: Point | undefined;
  private constrain = false;
  private style: { color: string; width: number } | undefined;

  constructor(
    private readonly host: ToolHost,
    private readonly kind: Kind,
  ) {}

  down(p: Point, e: PointerEvent): void {
    this.start = p;
    this.end = p;
    this.constrain = e.shiftKey;
    this.style = this.host.style();
  }

  move(p: Point, e: PointerEvent): void {
    if (!this.start) return;
    this.end = p;
    this.constrain = e.shiftKey;
    this.host.renderer.requestFrame();
  }

  up(p: Point, e: PointerEvent): void {
    if (!this.start) return;
    this.end = p;
    this.constrain = e.shiftKey;
    const shape = this.shape();
    this.start = undefined;
    // A click without a drag draws nothing (less than two screen pixels).
    if (shape && this.extent(shape) >= 2 * this.host.pixel()) this.host.session.commit([addShapes(this.host.session.doc, [shape])]);
    this.host.renderer.requestFrame();
  }

  cancel(): void {
    this.start = undefined;
    this.host.renderer.requestFrame();
  }

  overlay(ctx: CanvasRenderingContext2D): void {
    const shape = this.start && this.shape();
    if (shape) paintShape(ctx, shape, this.host.theme());
  }

  private extent(s: Shape): number {
    if (s.type === 'line' || s.type === 'arrow') return Math.hypot(s.x2 - s.x1, s.y2 - s.y1);
    if (s.type === 'rect' || s.type === 'ellipse') return Math.max(s.w, s.h);
    return 0;
  }

  private shape(): Shape | undefined {
    if (!this.start || !this.end || !this.style) return undefined;
    const a = this.start;
    let { x, y } = this.end;
    const base = { id: newShapeId(), color: this.style.color, width: this.style.width };
    if (this.kind === 'line' || this.kind === 'arrow') {
      if (this.constrain) {
        const angle = Math.round(Math.atan2(y - a.y, x - a.x) / (Math.PI / 4)) * (Math.PI / 4);
        const len = Math.hypot(x - a.x, y - a.y);
        x = a.x + len * Math.cos(angle);
        y = a.y + len * Math.sin(angle);
      }
      return normalizeShape({ ...base, type: this.kind, x1: a.x, y1: a.y, x2: x, y2: y });
    }
    let w = x - a.x;
    let h = y - a.y;
    if (this.constrain) {
      const side = Math.max(Math.abs(w), Math.abs(h));
      w = Math.sign(w || 1) * side;
      h = Math.sign(h || 1) * side;
    }
    return normalizeShape({ ...base, type: this.kind, x: a.x, y: a.y, w, h });
  }
}
