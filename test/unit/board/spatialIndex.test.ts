import * as assert from 'assert';
import * as fc from 'fast-check';
import { rectsIntersect } from '../../../src/shared/board/geometry';
import { SpatialIndex } from '../../../src/shared/board/spatialIndex';

const rect = fc.record({
  x: fc.double({ min: -3000, max: 3000, noNaN: true }),
  y: fc.double({ min: -3000, max: 3000, noNaN: true }),
  w: fc.double({ min: 0, max: 800, noNaN: true }),
  h: fc.double({ min: 0, max: 800, noNaN: true }),
});
const huge = fc.record({ x: fc.constant(-1e6), y: fc.constant(-1e6), w: fc.constant(2e6), h: fc.constant(2e6) });

describe('spatial index', () => {
  it('finds exactly what a full scan finds, through inserts, moves and removals (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 20, arbitrary: rect }, { weight: 1, arbitrary: huge }), { maxLength: 60 }), fc.array(rect, { maxLength: 10 }), fc.array(fc.nat(), { maxLength: 20 }), (items, queries, churn) => {
        const index = new SpatialIndex(64);
        const truth = new Map<string, (typeof items)[number]>();
        items.forEach((r, i) => {
          index.insert(`s${i}`, r);
          truth.set(`s${i}`, r);
        });
        for (const [k, n] of churn.entries()) {
          const id = `s${n % Math.max(1, items.length)}`;
          if (!truth.has(id)) continue;
          if (k % 2) {
            index.remove(id);
            truth.delete(id);
          } else {
            const moved = { ...truth.get(id)!, x: truth.get(id)!.x + 500 };
            index.insert(id, moved);
            truth.set(id, moved);
          }
        }
        assert.strictEqual(index.size, truth.size);
        for (const q of queries) {
          const expected = [...truth].filter(([, r]) => rectsIntersect(r, q)).map(([id]) => id).sort();
          assert.deepStrictEqual(index.query(q).sort(), expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('answers a wide query without visiting empty cells', () => {
    const index = new SpatialIndex(256);
    index.insert('a', { x: 0, y: 0, w: 10, h: 10 });
    const started = Date.now();
    assert.deepStrictEqual(index.query({ x: -5e6, y: -5e6, w: 1e7, h: 1e7 }), ['a']);
    assert.ok(Date.now() - started < 50);
  });
});
