import { Rect, inflateRect, unionRect } from './geometry';
import { Shape, geometricBox } from './shapes';
import { CODE_PADDING, HIGHLIGHTER_WIDTH_FACTOR, arrowHeadLength } from './style';

/** The width a stroke is drawn with (the highlighter is a broad marker). */
export function drawnWidth(s: Shape): number {
  if (s.type === 'text') return 0;
  return s.type === 'highlighter' ? s.width * HIGHLIGHTER_WIDTH_FACTOR : s.width;
}

/** Everything a shape paints, including its stroke, arrowhead or code panel. */
export function shapeBounds(s: Shape): Rect {
  const box = geometricBox(s);
  switch (s.type) {
    case 'arrow':
      return inflateRect(box, Math.max(drawnWidth(s) / 2, arrowHeadLength(s.width) * 0.6 + s.width / 2));
    case 'text':
      return s.font === 'mono' ? inflateRect(box, CODE_PADDING) : box;
    default:
      return inflateRect(box, drawnWidth(s) / 2);
  }
}

/** The bounds of all the shapes, or undefined when there are none. */
export function contentBounds(shapes: Iterable<Shape>): Rect | undefined {
  let r: Rect | undefined;
  for (const s of shapes) r = unionRect(r, shapeBounds(s));
  return r;
}

/**
 * The board rectangle an export shows: the content plus a margin, snapped outwards to whole board units so the
 * image is exactly `w × pixelRatio` by `h × pixelRatio` pixels.
 */
export function exportFrame(content: Rect, margin: number): Rect {
  const x = Math.floor(content.x - margin);
  const y = Math.floor(content.y - margin);
  return { x, y, w: Math.ceil(content.x + content.w + margin) - x, h: Math.ceil(content.y + content.h + margin) - y };
}
