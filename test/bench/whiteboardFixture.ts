import { StrokeBuilder } from '../../src/shared/board/freehand';
import { Shape, normalizeShape } from '../../src/shared/board/shapes';

/**
 * Deterministic boards for the whiteboard benchmarks: scribbled pen strokes (like hand sketches: 12–40 pointer
 * samples, a few tens of pixels across, passed through the pen's own smoothing and simplification as drawn
 * strokes are), spread over an area, with some boxes, arrows and text among them.
 */
export function scribbleBoard(count: number, width: number, height: number, seed = 1): Shape[] {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const colors = ['ink', '#e03131', '#1c7ed6', '#2f9e44', '#f08c00'];
  const shapes: Shape[] = [];
  for (let i = 0; i < count; i++) {
    const id = `s${i.toString(36)}`;
    const color = colors[Math.floor(rnd() * colors.length)];
    // Kept 100 units inside the edges so the content spans about width × height.
    const x = 100 + rnd() * (width - 200);
    const y = 100 + rnd() * (height - 200);
    const kind = rnd();
    if (kind < 0.9) {
      const n = 12 + Math.floor(rnd() * 28);
      const points: number[] = [];
      let px = x;
      let py = y;
      let angle = rnd() * Math.PI * 2;
      const pen = new StrokeBuilder(0.4, 0.5);
      for (let k = 0; k < n; k++) {
        angle += (rnd() - 0.5) * 0.9;
        px += Math.cos(angle) * 4;
        py += Math.sin(angle) * 4;
        pen.add(Math.round(px), Math.round(py)); // pointer positions are whole pixels
      }
      points.push(...pen.finish(0.35));
      shapes.push(normalizeShape({ id, type: rnd() < 0.05 ? 'highlighter' : 'pen', color, width: [2, 4, 8][Math.floor(rnd() * 3)], points }));
    } else if (kind < 0.95) {
      shapes.push(normalizeShape({ id, type: rnd() < 0.5 ? 'rect' : 'ellipse', color, width: 2, x, y, w: 30 + rnd() * 90, h: 20 + rnd() * 70 }));
    } else if (kind < 0.98) {
      shapes.push(normalizeShape({ id, type: 'arrow', color, width: 2, x1: x, y1: y, x2: x + 40 + rnd() * 60, y2: y + (rnd() - 0.5) * 60 }));
    } else {
      const text = rnd() < 0.5 ? '登录流程 login()' : 'TODO: 重试 retry';
      shapes.push(normalizeShape({ id, type: 'text', color, x, y, w: text.length * 9, h: 20.8, size: 16, font: 'sans', text }));
    }
  }
  return shapes;
}
