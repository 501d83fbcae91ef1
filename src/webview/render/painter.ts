import { drawnWidth } from '../../shared/board/bounds';
import { planBatches } from '../../shared/board/batching';
import { arrowHead, traceFreehand } from '../../shared/board/paths';
import { Shape, TextShape } from '../../shared/board/shapes';
import { CODE_PADDING, FONT_MONO, FONT_SANS, HIGHLIGHTER_ALPHA, resolveColor } from '../../shared/board/style';
import { baselineOffset, expandTabs, lineHeight, textLines } from '../../shared/board/text';

/** Colours the painter needs besides the shapes' own: the theme's ink and code-panel tint. */
export interface PaintTheme {
  readonly ink: string;
  readonly codeBackground: string;
}

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface PaintOptions {
  /** Board units below which freehand points are skipped (level of detail); 0 draws every point. */
  readonly minStep?: number;
  /** Current zoom, to simplify text too small to read. */
  readonly zoom?: number;
  /** Shapes not to draw (being moved or erased, drawn elsewhere). */
  readonly skip?: ReadonlySet<string>;
}

/**
 * Paints shapes in z-order, in as few draw calls as the picture allows: strokes of one kind, colour and width
 * share one path and one stroke() call (see planBatches; only strokes that do not overlap are reordered).
 */
export function paintShapes(ctx: Ctx, shapes: readonly Shape[], theme: PaintTheme, options: PaintOptions = {}): void {
  const minStep = options.minStep ?? 0;
  const skip = options.skip;
  const visible = skip?.size ? shapes.filter((s) => !skip.has(s.id)) : shapes;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const batch of planBatches(visible)) {
    const first = batch.shapes[0];
    if (first.type !== 'pen' && first.type !== 'highlighter') {
      paintShape(ctx, first, theme, options.zoom ?? 1);
      continue;
    }
    ctx.strokeStyle = resolveColor(first.color, theme.ink);
    ctx.lineWidth = drawnWidth(first);
    ctx.globalAlpha = first.type === 'highlighter' ? HIGHLIGHTER_ALPHA : 1;
    ctx.beginPath();
    for (const s of batch.shapes) traceFreehand((s as typeof first).points, ctx, minStep);
    ctx.stroke();
    ctx.globalAlpha = 1;
  }
}

/** Paints one shape that is not batched (lines, arrows, boxes, text). */
export function paintShape(ctx: Ctx, s: Shape, theme: PaintTheme, zoom = 1): void {
  const color = resolveColor(s.color, theme.ink);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  switch (s.type) {
    case 'pen':
    case 'highlighter':
      ctx.strokeStyle = color;
      ctx.lineWidth = drawnWidth(s);
      ctx.globalAlpha = s.type === 'highlighter' ? HIGHLIGHTER_ALPHA : 1;
      ctx.beginPath();
      traceFreehand(s.points, ctx);
      ctx.stroke();
      ctx.globalAlpha = 1;
      return;
    case 'line':
    case 'arrow':
      ctx.strokeStyle = color;
      ctx.lineWidth = s.width;
      ctx.beginPath();
      ctx.moveTo(s.x1, s.y1);
      ctx.lineTo(s.x2, s.y2);
      if (s.type === 'arrow') {
        const [lx, ly, rx, ry] = arrowHead(s.x1, s.y1, s.x2, s.y2, s.width);
        ctx.moveTo(lx, ly);
        ctx.lineTo(s.x2, s.y2);
        ctx.lineTo(rx, ry);
      }
      ctx.stroke();
      return;
    case 'rect':
      ctx.strokeStyle = color;
      ctx.lineWidth = s.width;
      ctx.strokeRect(s.x, s.y, s.w, s.h);
      return;
    case 'ellipse':
      ctx.strokeStyle = color;
      ctx.lineWidth = s.width;
      ctx.beginPath();
      ctx.ellipse(s.x + s.w / 2, s.y + s.h / 2, s.w / 2, s.h / 2, 0, 0, Math.PI * 2);
      ctx.stroke();
      return;
    case 'text':
      paintText(ctx, s, color, theme, zoom);
      return;
  }
}

function paintText(ctx: Ctx, s: TextShape, color: string, theme: PaintTheme, zoom: number): void {
  if (s.font === 'mono') {
    ctx.fillStyle = theme.codeBackground;
    ctx.beginPath();
    ctx.roundRect(s.x - CODE_PADDING, s.y - CODE_PADDING, s.w + 2 * CODE_PADDING, s.h + 2 * CODE_PADDING, 4);
    ctx.fill();
  }
  ctx.fillStyle = color;
  const lines = textLines(s.text);
  const lh = lineHeight(s.size);
  if (s.size * zoom < 3) {
    // Unreadably small: grey bars where the lines are, instead of shaping glyphs nobody can see.
    ctx.globalAlpha = 0.35;
    lines.forEach((line, i) => {
      if (line.trim()) ctx.fillRect(s.x, s.y + i * lh + lh * 0.25, s.w * Math.min(1, line.length / Math.max(1, longest(lines))), lh * 0.5);
    });
    ctx.globalAlpha = 1;
    return;
  }
  ctx.font = `${s.size}px ${s.font === 'mono' ? FONT_MONO : FONT_SANS}`;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  const base = baselineOffset(s.size);
  lines.forEach((line, i) => ctx.fillText(expandTabs(line), s.x, s.y + i * lh + base));
}

function longest(lines: readonly string[]): number {
  return lines.reduce((m, l) => Math.max(m, l.length), 0);
}

/** Measures a text block as the painter will draw it (the width of its longest line, its lines' height). */
export function measureText(ctx: Ctx, text: string, size: number, font: 'sans' | 'mono'): { w: number; h: number } {
  ctx.font = `${size}px ${font === 'mono' ? FONT_MONO : FONT_SANS}`;
  const lines = textLines(text);
  const w = lines.reduce((m, line) => Math.max(m, ctx.measureText(expandTabs(line)).width), 0);
  return { w: Math.ceil(w), h: lines.length * lineHeight(size) };
}
