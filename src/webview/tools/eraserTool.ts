import { removeShapes } from '../../shared/board/edits';
import { Point } from '../../shared/board/geometry';
import { shapesAlong } from '../../shared/board/hitTest';
import { Tool, ToolHost } from './tool';

/** Radius of the eraser in screen pixels. */
const RADIUS = 8;

/** Erases whole shapes the pointer passes over; they disappear at once and are removed as one undoable step. */
export class EraserTool implements Tool {
  readonly cursor = 'cell';
  private last: Point | undefined;
  private readonly erased = new Set<string>();
  private at: Point | undefined;

  constructor(private readonly host: ToolHost) {}

  down(p: Point): void {
    this.last = p;
    this.erased.clear();
    this.sweep(p, p);
  }

  hover(p: Point): void {
    this.at = p;
    this.host.renderer.requestFrame();
  }

  move(p: Point): void {
    this.at = p;
    if (!this.last) return;
    this.sweep(this.last, p);
    this.last = p;
  }

  up(p: Point): void {
    if (!this.last) return;
    this.sweep(this.last, p);
    this.last = undefined;
    const op = removeShapes(this.host.session.doc, this.erased);
    this.host.renderer.setHidden([]);
    if (op) this.host.session.commit([op]);
    this.erased.clear();
  }

  cancel(): void {
    this.last = undefined;
    this.erased.clear();
    this.host.renderer.setHidden([]);
  }

  overlay(ctx: CanvasRenderingContext2D): void {
    if (!this.at) return;
    const px = this.host.pixel();
    ctx.strokeStyle = this.host.theme().selection;
    ctx.lineWidth = px;
    ctx.beginPath();
    ctx.arc(this.at.x, this.at.y, RADIUS * px, 0, Math.PI * 2);
    ctx.stroke();
  }

  private sweep(a: Point, b: Point): void {
    const before = this.erased.size;
    for (const s of shapesAlong(this.host.session.doc, a, b, RADIUS * this.host.pixel())) this.erased.add(s.id);
    if (this.erased.size !== before) this.host.renderer.setHidden(this.erased);
    else this.host.renderer.requestFrame();
  }
}
