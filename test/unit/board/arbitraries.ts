import * as fc from 'fast-check';
import { Shape, normalizeShape } from '../../../src/shared/board/shapes';

/** fast-check generators of valid board values, shared by the board and protocol tests. */

const coord = fc.double({ min: -5000, max: 5000, noNaN: true, noDefaultInfinity: true });
const extent = fc.double({ min: 0, max: 2000, noNaN: true, noDefaultInfinity: true });
const width = fc.constantFrom(1, 2, 4, 8, 12.5);
export const color = fc.oneof(fc.constant('ink'), fc.stringMatching(/^#[0-9a-f]{6}$/));
export const shapeId = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);

const base = fc.record({ id: shapeId, color });

export const freehand = fc
  .tuple(base, fc.constantFrom('pen' as const, 'highlighter' as const), width, fc.array(fc.tuple(coord, coord), { minLength: 1, maxLength: 30 }))
  .map(([b, type, w, pts]) => normalizeShape({ ...b, type, width: w, points: pts.flat() }));

export const segment = fc
  .tuple(base, fc.constantFrom('line' as const, 'arrow' as const), width, coord, coord, coord, coord)
  .map(([b, type, w, x1, y1, x2, y2]) => normalizeShape({ ...b, type, width: w, x1, y1, x2, y2 }));

export const box = fc
  .tuple(base, fc.constantFrom('rect' as const, 'ellipse' as const), width, coord, coord, extent, extent)
  .map(([b, type, w, x, y, ww, h]) => normalizeShape({ ...b, type, width: w, x, y, w: ww, h }));

export const text = fc
  .tuple(base, coord, coord, extent, extent, fc.double({ min: 4, max: 120, noNaN: true }), fc.constantFrom('sans' as const, 'mono' as const), fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }))
  .map(([b, x, y, w, h, size, font, t]) => normalizeShape({ ...b, type: 'text' as const, x, y, w, h, size, font, text: t }));

export const shape: fc.Arbitrary<Shape> = fc.oneof(freehand, segment, box, text);

/** Shapes with distinct ids. */
export const shapes = (maxLength = 12): fc.Arbitrary<Shape[]> => fc.uniqueArray(shape, { maxLength, selector: (s) => s.id });

/** A few concrete shapes for example-based tests. */
export const sample = {
  pen: normalizeShape({ id: 'pen1', type: 'pen', color: 'ink', width: 4, points: [0, 0, 10, 0, 20, 0] }),
  highlighter: normalizeShape({ id: 'hl1', type: 'highlighter', color: '#fab005', width: 4, points: [0, 50, 100, 50] }),
  line: normalizeShape({ id: 'line1', type: 'line', color: '#e03131', width: 2, x1: 0, y1: 100, x2: 100, y2: 200 }),
  arrow: normalizeShape({ id: 'arrow1', type: 'arrow', color: '#1c7ed6', width: 2, x1: 200, y1: 0, x2: 300, y2: 0 }),
  rect: normalizeShape({ id: 'rect1', type: 'rect', color: 'ink', width: 2, x: 100, y: 100, w: 50, h: 40 }),
  ellipse: normalizeShape({ id: 'ell1', type: 'ellipse', color: '#2f9e44', width: 2, x: 300, y: 300, w: 100, h: 50 }),
  text: normalizeShape({ id: 'text1', type: 'text', color: 'ink', x: 400, y: 0, w: 80, h: 26, size: 20, font: 'sans', text: '你好 world' }),
  code: normalizeShape({ id: 'code1', type: 'text', color: 'ink', x: 0, y: 400, w: 120, h: 36.4, size: 14, font: 'mono', text: 'a.ts:1-2\nconst x = 1;' }),
};
