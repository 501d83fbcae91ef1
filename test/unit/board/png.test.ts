import * as assert from 'assert';
import { pngSize } from '../../../src/shared/board/png';
import { decodePng } from '../../e2e/whiteboardPng';
import { encodeTestPng } from './pngFixture';

describe('PNG reading', () => {
  it('reads the size from the IHDR chunk and refuses what is not a PNG', () => {
    const png = encodeTestPng(3, 2, () => [255, 0, 0, 255]);
    assert.deepStrictEqual(pngSize(png), { width: 3, height: 2 });
    assert.strictEqual(pngSize(new Uint8Array(10)), undefined);
    assert.strictEqual(pngSize(new TextEncoder().encode('<svg>not a png at all, but long enough</svg>')), undefined);
  });

  it('decodes 8-bit RGBA with every filter type (the test decoder used on pushed images)', () => {
    const pixel = (x: number, y: number): number[] => [x * 40, y * 60, (x + y) * 20, 255 - x];
    for (const filter of [0, 1, 2, 3, 4]) {
      const img = decodePng(Buffer.from(encodeTestPng(5, 4, pixel, filter)));
      assert.strictEqual(img.width, 5);
      assert.strictEqual(img.height, 4);
      for (let y = 0; y < 4; y++) for (let x = 0; x < 5; x++) assert.deepStrictEqual(img.pixel(x, y), pixel(x, y), `filter ${filter} at ${x},${y}`);
    }
  });
});
