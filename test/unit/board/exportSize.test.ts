import * as assert from 'assert';
import * as fc from 'fast-check';
import { EXPORT_MAX_PIXELS, EXPORT_MAX_SIDE, safePixelRatio } from '../../../src/shared/board/exportSize';

describe('export size', () => {
  it('keeps 2× for ordinary boards', () => {
    assert.strictEqual(safePixelRatio(2048, 1548, 2), 2);
  });

  it('lowers the ratio just enough for huge boards, never past the canvas limits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400_000 }), fc.integer({ min: 1, max: 400_000 }), (w, h) => {
        const r = safePixelRatio(w, h, 2);
        assert.ok(r > 0 && r <= 2);
        assert.ok(Math.round(w * r) <= EXPORT_MAX_SIDE && Math.round(h * r) <= EXPORT_MAX_SIDE);
        assert.ok(Math.round(w * r) * Math.round(h * r) <= EXPORT_MAX_PIXELS * 1.001);
        if (r < 2) assert.ok(Math.max(w * r, h * r) >= EXPORT_MAX_SIDE - 1 || w * h * r * r >= EXPORT_MAX_PIXELS * 0.999, 'no lower than needed');
      }),
    );
  });
});
