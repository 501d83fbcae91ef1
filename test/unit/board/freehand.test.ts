import * as assert from 'assert';
import * as fc from 'fast-check';
import { StrokeBuilder, simplifyPoints } from '../../../src/shared/board/freehand';
import { distanceToSegment } from '../../../src/shared/board/geometry';
import { traceFreehand } from '../../../src/shared/board/paths';

describe('freehand input', () => {
  it('simplifies within the tolerance and keeps both ends (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -300, max: 300 }), fc.integer({ min: -300, max: 300 })), { minLength: 2, maxLength: 80 }), fc.double({ min: 0.1, max: 5, noNaN: true }), (pts, tol) => {
        const flat = pts.flat();
        const out = simplifyPoints(flat, tol);
        assert.deepStrictEqual(out.slice(0, 2), flat.slice(0, 2));
        assert.deepStrictEqual(out.slice(-2), flat.slice(-2));
        assert.ok(out.length <= flat.length);
        // Every dropped point lies within the tolerance of the simplified polyline.
        for (let i = 0; i < flat.length; i += 2) {
          let best = Infinity;
          for (let k = 0; k + 3 < out.length; k += 2) best = Math.min(best, distanceToSegment({ x: flat[i], y: flat[i + 1] }, out[k], out[k + 1], out[k + 2], out[k + 3]));
          if (out.length === 2) best = Math.hypot(flat[i] - out[0], flat[i + 1] - out[1]);
          assert.ok(best <= tol + 1e-9, `point ${i / 2} is ${best} away`);
        }
      }),
    );
  });

  it('turns a straight drag into two points', () => {
    const b = new StrokeBuilder();
    for (let x = 0; x <= 100; x += 2) b.add(x, 10);
    assert.deepStrictEqual(b.finish(0.5), [0, 10, 100, 10]);
  });

  it('smooths jitter and ends exactly where the pointer was released', () => {
    const b = new StrokeBuilder(0.5);
    for (let i = 0; i <= 20; i++) b.add(i * 5, i % 2 ? 3 : -3);
    const out = b.finish(0.1);
    assert.deepStrictEqual(out.slice(-2), [100, -3]);
    const ys = out.filter((_, i) => i % 2 === 1).slice(1, -1);
    assert.ok(Math.max(...ys.map(Math.abs)) < 3, 'the zig-zag is damped');
  });

  it('traces a smooth path through the midpoints, skipping points below the level of detail', () => {
    const calls: string[] = [];
    const sink = { moveTo: () => calls.push('M'), lineTo: () => calls.push('L'), quadraticCurveTo: () => calls.push('Q') };
    traceFreehand([0, 0, 10, 0, 20, 5, 30, 0], sink);
    assert.deepStrictEqual(calls, ['M', 'Q', 'Q', 'L']);
    calls.length = 0;
    traceFreehand([0, 0, 0.1, 0, 0.2, 0, 30, 0], sink, 1);
    assert.deepStrictEqual(calls, ['M', 'L'], 'sub-step points are dropped');
    calls.length = 0;
    traceFreehand([5, 5], sink);
    assert.deepStrictEqual(calls, ['M', 'L'], 'a single point is a dot');
  });
});
