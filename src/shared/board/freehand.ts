/**
 * Pen input processing: a light streamline filter while drawing (hand jitter and mouse stair-steps vanish) and
 * Ramer–Douglas–Peucker simplification when the stroke ends (fewer points: smaller files and faster drawing,
 * with no visible change at the tolerance used).
 */

export class StrokeBuilder {
  private readonly pts: number[] = [];
  private lastRaw: [number, number] | undefined;

  /** `streamline` 0 = raw input, towards 1 = heavier smoothing (and more lag). */
  constructor(private readonly streamline = 0.4, private readonly minDistance = 0.5) {}

  get points(): readonly number[] {
    return this.pts;
  }

  add(x: number, y: number): void {
    this.lastRaw = [x, y];
    const n = this.pts.length;
    if (n === 0) {
      this.pts.push(x, y);
      return;
    }
    const lx = this.pts[n - 2];
    const ly = this.pts[n - 1];
    const sx = lx + (x - lx) * (1 - this.streamline);
    const sy = ly + (y - ly) * (1 - this.streamline);
    if (Math.hypot(sx - lx, sy - ly) < this.minDistance) return;
    this.pts.push(sx, sy);
  }

  /** The finished stroke: ends exactly where the pointer was released, simplified within `tolerance`. */
  finish(tolerance: number): number[] {
    const pts = [...this.pts];
    if (this.lastRaw && pts.length >= 2) {
      const [x, y] = this.lastRaw;
      if (pts[pts.length - 2] !== x || pts[pts.length - 1] !== y) pts.push(x, y);
    }
    return simplifyPoints(pts, tolerance);
  }
}

/** Ramer–Douglas–Peucker on flat [x, y, …] points; keeps the first and last point. */
export function simplifyPoints(points: readonly number[], tolerance: number): number[] {
  const n = points.length >> 1;
  if (n <= 2 || tolerance <= 0) return points.slice(0, n * 2);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: Array<[number, number]> = [[0, n - 1]];
  const tol2 = tolerance * tolerance;
  while (stack.length) {
    const [a, b] = stack.pop() as [number, number];
    const ax = points[2 * a];
    const ay = points[2 * a + 1];
    const dx = points[2 * b] - ax;
    const dy = points[2 * b + 1] - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD = tol2;
    for (let i = a + 1; i < b; i++) {
      const px = points[2 * i] - ax;
      const py = points[2 * i + 1] - ay;
      let d: number;
      if (len2 === 0) d = px * px + py * py;
      else {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        const ex = px - t * dx;
        const ey = py - t * dy;
        d = ex * ex + ey * ey;
      }
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(points[2 * i], points[2 * i + 1]);
  return out;
}
