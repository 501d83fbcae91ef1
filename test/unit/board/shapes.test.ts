import * as assert from 'assert';
import * as fc from 'fast-check';
import { normalizeShape, restyleShape, scaleShape, shapesEqual, translateShape } from '../../../src/shared/board/shapes';
import { sample, shape } from './arbitraries';

describe('shapes', () => {
  it('normalise to 0.1 precision and positive box sizes, idempotently', () => {
    const r = normalizeShape({ id: 'r', type: 'rect', color: 'ink', width: 2.04, x: 10.06, y: 0, w: -5.55, h: 3 });
    assert.deepStrictEqual(r, { id: 'r', type: 'rect', color: 'ink', width: 2, x: 4.5, y: 0, w: 5.6, h: 3 });
    fc.assert(fc.property(shape, (s) => assert.deepStrictEqual(normalizeShape(s), s)));
  });

  it('move by a delta and back again', () => {
    fc.assert(fc.property(shape, fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 }), (s, dx, dy) => {
      assert.ok(shapesEqual(translateShape(translateShape(s, dx, dy), -dx, -dy), s));
    }));
    assert.deepStrictEqual(translateShape(sample.pen, 1, 2).points, [1, 2, 11, 2, 21, 2]);
  });

  it('scale about an anchor, keeping stroke widths and text proportions', () => {
    const r = scaleShape(sample.rect, { x: 100, y: 100 }, 2, 3);
    assert.deepStrictEqual([r.x, r.y, r.w, r.h, r.width], [100, 100, 100, 120, 2]);
    const t = scaleShape(sample.text, { x: 400, y: 0 }, 2, 3);
    assert.deepStrictEqual([t.size, t.w, t.h], [40, 160, 52], 'text grows by the smaller factor');
  });

  it('restyle colour and width (text has no width) and compare structurally whatever the key order', () => {
    assert.deepStrictEqual(restyleShape(sample.pen, { color: '#e03131', width: 8 }), { ...sample.pen, color: '#e03131', width: 8 });
    assert.ok(!('width' in restyleShape(sample.text, { width: 8 })));
    const reordered = Object.fromEntries(Object.entries(sample.text).reverse()) as typeof sample.text;
    assert.ok(shapesEqual(reordered, sample.text));
    assert.ok(!shapesEqual(sample.text, { ...sample.text, text: 'other' }));
  });
});
