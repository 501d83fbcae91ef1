import * as assert from 'assert';
import * as fc from 'fast-check';
import { MAX_ZOOM, MIN_ZOOM, fitRect, panBy, toBoard, toScreen, visibleRect, zoomAt } from '../../../src/shared/board/viewport';

describe('viewport', () => {
  it('zooms around the pointer: the board point under it stays put (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.double({ min: 0.1, max: 4, noNaN: true }), fc.double({ min: 0, max: 800, noNaN: true }), fc.double({ min: 0.5, max: 2, noNaN: true }), (x, zoom, sx, factor) => {
        const v = { x, y: -x, zoom };
        const p = { x: sx, y: 300 };
        const before = toBoard(v, p);
        const after = toBoard(zoomAt(v, p, factor), p);
        assert.ok(Math.abs(before.x - after.x) < 1e-6 && Math.abs(before.y - after.y) < 1e-6);
      }),
    );
  });

  it('clamps zoom, pans in screen pixels and converts both ways', () => {
    assert.strictEqual(zoomAt({ x: 0, y: 0, zoom: 1 }, { x: 0, y: 0 }, 1000).zoom, MAX_ZOOM);
    assert.strictEqual(zoomAt({ x: 0, y: 0, zoom: 1 }, { x: 0, y: 0 }, 1e-6).zoom, MIN_ZOOM);
    const v = panBy({ x: 0, y: 0, zoom: 2 }, 100, -50);
    assert.deepStrictEqual(v, { x: -50, y: 25, zoom: 2 });
    assert.deepStrictEqual(toScreen(v, toBoard(v, { x: 12, y: 34 })), { x: 12, y: 34 });
  });

  it('fits a rectangle centred, with padding, never zooming in past 100%', () => {
    const v = fitRect({ x: 0, y: 0, w: 1000, h: 500 }, 548, 600, 24);
    assert.strictEqual(v.zoom, 0.5);
    const shown = visibleRect(v, 548, 600);
    assert.ok(shown.x <= 0 && shown.x + shown.w >= 1000 && shown.y <= 0 && shown.y + shown.h >= 500);
    assert.strictEqual(fitRect({ x: 0, y: 0, w: 10, h: 10 }, 500, 500).zoom, 1);
  });
});
