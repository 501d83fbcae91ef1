import * as assert from 'assert';
import * as fc from 'fast-check';
import { batchKey, planBatches } from '../../../src/shared/board/batching';
import { shapeBounds } from '../../../src/shared/board/bounds';
import { rectsIntersect } from '../../../src/shared/board/geometry';
import { Shape, normalizeShape } from '../../../src/shared/board/shapes';
import { shapes } from './arbitraries';

const stroke = (id: string, color: string, x: number): Shape => normalizeShape({ id, type: 'pen', color, width: 4, points: [x, 0, x + 10, 0] });

describe('draw batching', () => {
  it('keeps the z-order of every overlapping pair of different styles, and every shape once (property)', () => {
    fc.assert(
      fc.property(shapes(25), (board) => {
        const batches = planBatches(board);
        const order = new Map<string, number>();
        let n = 0;
        batches.forEach((b) => b.shapes.forEach((s) => order.set(s.id, n++)));
        assert.strictEqual(n, board.length);
        for (const b of batches) if (b.shapes.length > 1) assert.ok(b.shapes.every((s) => batchKey(s) === b.key && batchKey(s) !== undefined));
        for (let i = 0; i < board.length; i++) {
          for (let j = i + 1; j < board.length; j++) {
            const [a, c] = [board[i], board[j]];
            if (batchKey(a) !== undefined && batchKey(a) === batchKey(c)) continue;
            if (!rectsIntersect(shapeBounds(a), shapeBounds(c))) continue;
            assert.ok(order.get(a.id)! < order.get(c.id)!, `${a.id} must stay under ${c.id}`);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('merges strokes of one style that other styles do not come between', () => {
    const board = [stroke('a', 'ink', 0), stroke('b', '#e03131', 100), stroke('c', 'ink', 200), stroke('d', '#e03131', 300)];
    assert.deepStrictEqual(planBatches(board).map((b) => b.shapes.map((s) => s.id)), [['a', 'c'], ['b', 'd']]);
  });

  it('starts a new batch when a stroke must go over one of another style', () => {
    const board = [stroke('a', 'ink', 0), stroke('b', '#e03131', 5), stroke('c', 'ink', 5)];
    assert.deepStrictEqual(planBatches(board).map((b) => b.shapes.map((s) => s.id)), [['a'], ['b'], ['c']]);
  });
});
