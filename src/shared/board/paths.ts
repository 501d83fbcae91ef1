import { arrowHeadLength } from './style';

/**
 * Path geometry shared by the canvas painter, the SVG export and hit-testing, so what is drawn, exported and
 * clicked is the same curve.
 */

/** The subset of CanvasRenderingContext2D / Path2D the board draws with; the SVG writer implements it too. */
export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void;
}

/**
 * Traces a freehand stroke smoothed by quadratic curves through the midpoints of its segments (the raw points
 * are the control points). `minStep` skips points closer than that to the last one kept: level of detail for
 * zoomed-out views, where sub-pixel wiggles cost time and show nothing.
 */
export function traceFreehand(points: readonly number[], sink: PathSink, minStep = 0): void {
  const n = points.length >> 1;
  if (n === 0) return;
  let px = points[0];
  let py = points[1];
  sink.moveTo(px, py);
  if (n === 1) {
    sink.lineTo(px + 0.01, py); // a dot: round caps make it visible
    return;
  }
  if (n === 2) {
    sink.lineTo(points[2], points[3]);
    return;
  }
  const step2 = minStep * minStep;
  for (let i = 1; i < n - 1; i++) {
    const x = points[2 * i];
    const y = points[2 * i + 1];
    if (step2 > 0 && (x - px) * (x - px) + (y - py) * (y - py) < step2) continue;
    const nx = points[2 * i + 2];
    const ny = points[2 * i + 3];
    sink.quadraticCurveTo(x, y, (x + nx) / 2, (y + ny) / 2);
    px = x;
    py = y;
  }
  sink.lineTo(points[2 * n - 2], points[2 * n - 1]);
}

/** The two barb ends of an arrowhead at (x2, y2) pointing away from (x1, y1). */
export function arrowHead(x1: number, y1: number, x2: number, y2: number, width: number): [number, number, number, number] {
  const len = arrowHeadLength(width);
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const spread = Math.PI / 7;
  return [
    x2 - len * Math.cos(angle - spread),
    y2 - len * Math.sin(angle - spread),
    x2 - len * Math.cos(angle + spread),
    y2 - len * Math.sin(angle + spread),
  ];
}

/** An ellipse as a closed polygon (flat points), for hit-testing. */
export function ellipsePolygon(x: number, y: number, w: number, h: number, segments = 36): number[] {
  const cx = x + w / 2;
  const cy = y + h / 2;
  const out: number[] = [];
  for (let i = 0; i <= segments; i++) {
    const a = (i / segments) * Math.PI * 2;
    out.push(cx + (w / 2) * Math.cos(a), cy + (h / 2) * Math.sin(a));
  }
  return out;
}
