import { drawnWidth, shapeBounds } from './bounds';
import { BoardDocument } from './document';
import { Point, Rect, distanceToSegment, inflateRect, rectContains, rectContainsPoint, segmentDistance } from './geometry';
import { arrowHead, ellipsePolygon } from './paths';
import { Shape } from './shapes';

/** The outline of a shape as polylines (flat points): what the pen actually drew. */
function outlines(s: Shape): number[][] {
  switch (s.type) {
    case 'pen':
    case 'highlighter':
      return [s.points as number[]];
    case 'line':
      return [[s.x1, s.y1, s.x2, s.y2]];
    case 'arrow': {
      const [lx, ly, rx, ry] = arrowHead(s.x1, s.y1, s.x2, s.y2, s.width);
      return [[s.x1, s.y1, s.x2, s.y2], [lx, ly, s.x2, s.y2, rx, ry]];
    }
    case 'rect':
      return [[s.x, s.y, s.x + s.w, s.y, s.x + s.w, s.y + s.h, s.x, s.y + s.h, s.x, s.y]];
    case 'ellipse':
      return [ellipsePolygon(s.x, s.y, s.w, s.h)];
    case 'text':
      return [];
  }
}

/**
 * Whether a point hits a shape: within `tolerance` of its drawn stroke, or inside a text block. Unfilled
 * rectangles and ellipses are hit on their outline only, so shapes inside them stay reachable.
 */
export function hitShape(s: Shape, p: Point, tolerance: number): boolean {
  if (!rectContainsPoint(inflateRect(shapeBounds(s), tolerance), p)) return false;
  if (s.type === 'text') return true;
  const reach = drawnWidth(s) / 2 + tolerance;
  for (const line of outlines(s)) {
    if (line.length === 2 && Math.hypot(p.x - line[0], p.y - line[1]) <= reach) return true;
    for (let i = 0; i + 3 < line.length; i += 2) if (distanceToSegment(p, line[i], line[i + 1], line[i + 2], line[i + 3]) <= reach) return true;
  }
  return false;
}

/** Whether the segment a–b (an eraser's move) passes within `radius` of a shape's stroke or through a text block. */
export function segmentHitsShape(s: Shape, a: Point, b: Point, radius: number): boolean {
  const box: Rect = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(b.x - a.x), h: Math.abs(b.y - a.y) };
  const bounds = shapeBounds(s);
  if (!(box.x <= bounds.x + bounds.w + radius && bounds.x <= box.x + box.w + radius && box.y <= bounds.y + bounds.h + radius && bounds.y <= box.y + box.h + radius)) return false;
  if (s.type === 'text') {
    const r = inflateRect(bounds, radius);
    if (rectContainsPoint(r, a) || rectContainsPoint(r, b)) return true;
    const edges = [r.x, r.y, r.x + r.w, r.y, r.x + r.w, r.y + r.h, r.x, r.y + r.h, r.x, r.y];
    for (let i = 0; i + 3 < edges.length; i += 2) if (segmentDistance(a.x, a.y, b.x, b.y, edges[i], edges[i + 1], edges[i + 2], edges[i + 3]) === 0) return true;
    return false;
  }
  const reach = drawnWidth(s) / 2 + radius;
  for (const line of outlines(s)) {
    if (line.length === 2 && distanceToSegment({ x: line[0], y: line[1] }, a.x, a.y, b.x, b.y) <= reach) return true;
    for (let i = 0; i + 3 < line.length; i += 2) {
      if (segmentDistance(a.x, a.y, b.x, b.y, line[i], line[i + 1], line[i + 2], line[i + 3]) <= reach) return true;
    }
  }
  return false;
}

/** The topmost shape under a point, if any. */
export function shapeAt(doc: BoardDocument, p: Point, tolerance: number): Shape | undefined {
  const candidates = doc.query({ x: p.x - tolerance, y: p.y - tolerance, w: 2 * tolerance, h: 2 * tolerance });
  for (let i = candidates.length - 1; i >= 0; i--) if (hitShape(candidates[i], p, tolerance)) return candidates[i];
  return undefined;
}

/** Shapes lying entirely inside `rect` (a selection marquee), bottom first. */
export function shapesInside(doc: BoardDocument, rect: Rect): Shape[] {
  return doc.query(rect).filter((s) => rectContains(rect, shapeBounds(s)));
}

/** Shapes an eraser moving from a to b touches. */
export function shapesAlong(doc: BoardDocument, a: Point, b: Point, radius: number): Shape[] {
  const box = inflateRect({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(b.x - a.x), h: Math.abs(b.y - a.y) }, radius);
  return doc.query(box).filter((s) => segmentHitsShape(s, a, b, radius));
}
