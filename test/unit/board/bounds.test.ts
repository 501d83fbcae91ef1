import * as assert from 'assert';
import * as fc from 'fast-check';
import { contentBounds, exportFrame, shapeBounds } from '../../../src/shared/board/bounds';
import { rectContains } from '../../../src/shared/board/geometry';
import { sample, shapes } from './arbitraries';

describe('bounds', () => {
  it('include each shape\'s stroke, arrowhead and code panel', () => {
    assert.deepStrictEqual(shapeBounds(sample.pen), { x: -2, y: -2, w: 24, h: 4 });
    assert.deepStrictEqual(shapeBounds(sample.highlighter), { x: -8, y: 42, w: 116, h: 16 });
    assert.deepStrictEqual(shapeBounds(sample.rect), { x: 99, y: 99, w: 52, h: 42 });
    assert.deepStrictEqual(shapeBounds(sample.text), { x: 400, y: 0, w: 80, h: 26 });
    assert.deepStrictEqual(shapeBounds(sample.code), { x: -8, y: 392, w: 136, h: 52.4 });
    const arrow = shapeBounds(sample.arrow);
    assert.ok(arrow.h >= 10, 'the arrowhead sticks out of the shaft');
  });

  it('of a board contain every shape, and are undefined for an empty board', () => {
    assert.strictEqual(contentBounds([]), undefined);
    fc.assert(
      fc.property(shapes(8), (board) => {
        const all = contentBounds(board);
        if (!board.length) return assert.strictEqual(all, undefined);
        for (const s of board) assert.ok(all && rectContains({ x: all.x - 1e-6, y: all.y - 1e-6, w: all.w + 2e-6, h: all.h + 2e-6 }, shapeBounds(s)));
      }),
    );
  });

  it('give whole-unit export frames with the margin around the content', () => {
    assert.deepStrictEqual(exportFrame({ x: 10.5, y: -3.2, w: 100.1, h: 50 }, 24), { x: -14, y: -28, w: 149, h: 99 });
    fc.assert(
      fc.property(fc.double({ min: -1e5, max: 1e5, noNaN: true }), fc.double({ min: -1e5, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), (x, y, w, h) => {
        const f = exportFrame({ x, y, w, h }, 24);
        assert.ok(Number.isInteger(f.x) && Number.isInteger(f.y) && Number.isInteger(f.w) && Number.isInteger(f.h));
        assert.ok(f.x <= x - 24 && f.y <= y - 24 && f.x + f.w >= x + w + 24 && f.y + f.h >= y + h + 24);
        assert.ok(f.w <= w + 48 + 2 && f.h <= h + 48 + 2);
      }),
    );
  });
});
