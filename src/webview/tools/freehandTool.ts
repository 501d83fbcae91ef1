import { addShapes } from '../../shared/board/edits';
import { Point } from '../../shared/board/geometry';
import { StrokeBuilder } from '../../shared/board/freehand';
import { newShapeId } from '../../shared/board/ids';
import { FreehandShape, normalizeShape } from '../../shared/board/shapes';
import { paintShape } from '../render/painter';
import { Tool, ToolHost } from './tool';

/** Pen and highlighter: smoothed while drawing, simplified when the stroke ends. */
export class FreehandTool implements Tool {
  readonly cursor = 'crosshair';
  private builder: StrokeBuilder | undefined;
  private style: { color: string; width: number } | undefined;

  constructor(
    private readonly host: ToolHost,
    private readonly kind: 'pen' | 'highlighter',
  ) {}

  down(p: Point): void {
    this.builder = new StrokeBuilder(this.kind === 'pen' ? 0.4 : 0.2, 0.5 * this.host.pixel());
    this.style = this.host.style();
    this.builder.add(p.x, p.y);
    this.host.renderer.requestFrame();
  }

  move(p: Point): void {
    if (!this.builder) return;
    this.builder.add(p.x, p.y);
    this.host.renderer.requestFrame();
  }

  up(p: Point): void {
    if (!this.builder || !this.style) return;
    this.builder.add(p.x, p.y);
    // Simplify within a third of a screen pixel: invisible, and a far smaller file.
    const points = this.builder.finish(0.35 * this.host.pixel());
    const shape = this.current(points);
    this.builder = undefined;
    if (shape) this.host.session.commit([addShapes(this.host.session.doc, [shape])]);
    this.host.renderer.requestFrame();
  }

  cancel(): void {
    this.builder = undefined;
    this.host.renderer.requestFrame();
  }

  overlay(ctx: CanvasRenderingContext2D): void {
    const shape = this.builder && this.current(this.builder.points);
    if (shape) paintShape(ctx, shape, this.host.theme());
  }

  private current(points: readonly number[]): FreehandShape | undefined {
    if (!this.style || points.length < 2) return undefined;
    return normalizeShape({ id: newShapeId(), type: this.kind, color: this.style.color, width: this.style.width, points: [...points] });
  }
}
