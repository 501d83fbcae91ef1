import * as assert from 'assert';
import * as fc from 'fast-check';
import { BoardDocument } from '../../../src/shared/board/document';
import { addShapes, clearBoard, removeShapes, updateShapes } from '../../../src/shared/board/edits';
import { History } from '../../../src/shared/board/history';
import { Transaction, invertTransaction } from '../../../src/shared/board/operations';
import { restyleShape, scaleShape, translateShape } from '../../../src/shared/board/shapes';
import { sample, shapes } from './arbitraries';

/** Commits a transaction, then checks undo restores the state before and redo the state after. */
function roundTrip(doc: BoardDocument, history: History, tx: Transaction): void {
  const before = [...doc.all()];
  history.commit(tx);
  const after = [...doc.all()];
  assert.ok(history.undo());
  assert.deepStrictEqual(doc.all(), before, 'undo restores the previous board');
  assert.ok(history.redo());
  assert.deepStrictEqual(doc.all(), after, 'redo restores the change');
}

describe('board history (undo/redo)', () => {
  const { pen, rect, text, line, arrow, ellipse, highlighter, code } = sample;
  let doc: BoardDocument;
  let history: History;
  beforeEach(() => {
    doc = new BoardDocument([pen, rect, text]);
    history = new History(doc);
  });

  it('undoes and redoes adding shapes', () => roundTrip(doc, history, [addShapes(doc, [line, arrow, ellipse, highlighter, code])]));
  it('undoes and redoes removing shapes from the middle', () => roundTrip(doc, history, [removeShapes(doc, ['rect1'])!]));
  it('undoes and redoes removing several non-adjacent shapes', () => roundTrip(doc, history, [removeShapes(doc, ['text1', 'pen1'])!]));
  it('undoes and redoes a move', () => roundTrip(doc, history, [updateShapes(doc, [translateShape(rect, 10, -5), translateShape(pen, 10, -5)])!]));
  it('undoes and redoes a resize', () => roundTrip(doc, history, [updateShapes(doc, [scaleShape(rect, { x: 100, y: 100 }, 2, 1.5), scaleShape(text, { x: 0, y: 0 }, 2, 2)])!]));
  it('undoes and redoes a colour or width change', () => roundTrip(doc, history, [updateShapes(doc, [restyleShape(pen, { color: '#e03131', width: 8 })])!]));
  it('undoes and redoes editing a text', () => roundTrip(doc, history, [updateShapes(doc, [{ ...text, text: '改过的 text' }])!]));
  it('undoes and redoes clearing the board', () => roundTrip(doc, history, [clearBoard(doc)!]));
  it('undoes and redoes a transaction of several operations as one step', () =>
    roundTrip(doc, history, [addShapes(doc, [line]), removeShapes(doc, ['pen1'])!, updateShapes(doc, [translateShape(rect, 1, 1)])!]));

  it('walks back and forth through many steps, and a new change drops what could be redone', () => {
    const states = [[...doc.all()]];
    history.commit([addShapes(doc, [line])]);
    states.push([...doc.all()]);
    history.commit([removeShapes(doc, ['rect1'])!]);
    states.push([...doc.all()]);
    history.undo();
    history.undo();
    assert.deepStrictEqual(doc.all(), states[0]);
    assert.strictEqual(history.canUndo, false);
    assert.strictEqual(history.undo(), undefined);
    history.redo();
    assert.deepStrictEqual(doc.all(), states[1]);
    history.commit([addShapes(doc, [arrow])]);
    assert.strictEqual(history.canRedo, false, 'the undone removal cannot come back after a new change');
    assert.strictEqual(history.redo(), undefined);
  });

  it('returns the inverse it applied, which is what the host replays', () => {
    const tx = [removeShapes(doc, ['rect1'])!];
    history.commit(tx);
    assert.deepStrictEqual(history.undo(), invertTransaction(tx));
    assert.deepStrictEqual(history.redo(), tx);
  });

  it('keeps its stacks intact when the document refuses a step', () => {
    history.commit([addShapes(doc, [line])]);
    doc.apply([removeShapes(doc, ['line1'])!]); // changed behind the history's back
    assert.throws(() => history.undo());
    assert.strictEqual(history.canUndo, true, 'the step is still there to retry');
  });

  it('forgets the oldest steps beyond its limit', () => {
    const small = new History(doc, 2);
    for (const s of [line, arrow, ellipse]) small.commit([addShapes(doc, [s])]);
    assert.ok(small.undo() && small.undo());
    assert.strictEqual(small.undo(), undefined);
    assert.deepStrictEqual(doc.all().map((s) => s.id), ['pen1', 'rect1', 'text1', 'line1']);
  });

  it('undo of any sequence of adds and removes returns to the start (property)', () => {
    fc.assert(
      fc.property(shapes(10), fc.array(fc.nat(), { maxLength: 10 }), (extra, picks) => {
        const d = new BoardDocument([pen, rect, text]);
        const h = new History(d);
        const start = [...d.all()];
        const pool = extra.filter((s) => !d.has(s.id));
        for (const [i, p] of picks.entries()) {
          if (i % 2 === 0 && pool.length) h.commit([addShapes(d, [pool.shift()!])]);
          else if (d.size) h.commit([removeShapes(d, [d.all()[p % d.size].id])!]);
        }
        const end = [...d.all()];
        while (h.undo());
        assert.deepStrictEqual(d.all(), start);
        while (h.redo());
        assert.deepStrictEqual(d.all(), end);
      }),
      { numRuns: 200 },
    );
  });
});
