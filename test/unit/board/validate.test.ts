import * as assert from 'assert';
import * as fc from 'fast-check';
import { BOARD_LIMITS, parseOp, parseShape, parseTransaction } from '../../../src/shared/board/validate';
import { sample, shape } from './arbitraries';

describe('shape and operation validation', () => {
  it('accepts every valid shape unchanged', () => {
    fc.assert(fc.property(shape, (s) => assert.deepStrictEqual(parseShape(JSON.parse(JSON.stringify(s))), s)));
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }), (v) => {
        parseShape(v);
        parseOp(v);
        parseTransaction(v);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects any single corrupted field of a valid shape', () => {
    const coord = [NaN, Infinity, -Infinity, 1e9, '1', null, {}, []];
    const invalid: Record<string, unknown[]> = {
      id: ['', 'a b', 'x'.repeat(41), 0, null, {}, '../x'],
      type: ['blob', 'Pen', 0, null],
      color: ['red', '#fff', '#12345g', 'ink ', 0, null, ''],
      width: [0, -1, NaN, Infinity, BOARD_LIMITS.maxStrokeWidth + 1, '2', null],
      x: coord, y: coord, x1: coord, y1: coord, x2: coord, y2: coord,
      w: [-1, ...coord], h: [-1, ...coord],
      size: [0, -1, BOARD_LIMITS.maxFontSize + 1, NaN, '1'],
      font: ['serif', 0, null],
      text: ['', 0, null, 'x'.repeat(BOARD_LIMITS.maxTextLength + 1)],
      points: [[], [1], [1, 2, 3], [1, NaN], [1e9, 0], 'x', null, [[1, 2]]],
    };
    for (const s of Object.values(sample)) {
      for (const key of Object.keys(s)) {
        for (const value of invalid[key]) assert.strictEqual(parseShape({ ...s, [key]: value }), undefined, `${s.type}.${key} = ${JSON.stringify(value)} was accepted`);
        const without: Record<string, unknown> = { ...s };
        delete without[key];
        assert.strictEqual(parseShape(without), undefined, `${s.type} without ${key} was accepted`);
      }
    }
  });

  it('drops unknown fields and refuses oversized content', () => {
    const parsed = parseShape({ ...sample.rect, onclick: 'alert(1)', __proto__: { polluted: true } });
    assert.deepStrictEqual(parsed, sample.rect);
    assert.strictEqual(parseShape({ ...sample.pen, points: new Array(BOARD_LIMITS.maxPointNumbers + 2).fill(1) }), undefined);
    assert.strictEqual(parseShape({ ...sample.text, text: 'x'.repeat(BOARD_LIMITS.maxTextLength + 1) }), undefined);
    assert.strictEqual(parseShape({ ...sample.pen, points: [1, 2, 3] }), undefined);
  });

  it('checks operations: ascending positions, distinct ids, paired updates', () => {
    const { pen, rect } = sample;
    assert.ok(parseOp({ op: 'add', items: [{ index: 0, shape: pen }, { index: 1, shape: rect }] }));
    assert.strictEqual(parseOp({ op: 'add', items: [{ index: 1, shape: pen }, { index: 0, shape: rect }] }), undefined);
    assert.strictEqual(parseOp({ op: 'add', items: [{ index: 0, shape: pen }, { index: 1, shape: pen }] }), undefined);
    assert.strictEqual(parseOp({ op: 'add', items: [] }), undefined);
    assert.strictEqual(parseOp({ op: 'update', before: [pen], after: [rect] }), undefined);
    assert.strictEqual(parseOp({ op: 'update', before: [pen], after: [] }), undefined);
    assert.strictEqual(parseOp({ op: 'move', items: [] }), undefined);
    assert.strictEqual(parseTransaction([]), undefined);
    assert.strictEqual(parseTransaction(new Array(BOARD_LIMITS.maxOpsPerTransaction + 1).fill({ op: 'remove', items: [{ index: 0, shape: pen }] })), undefined);
  });
});
