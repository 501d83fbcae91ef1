import * as assert from 'assert';
import { BoardConflictError, BoardDocument } from '../../../src/shared/board/document';
import { addShapes, clearBoard, removeShapes, updateShapes } from '../../../src/shared/board/edits';
import { translateShape } from '../../../src/shared/board/shapes';
import { sample } from './arbitraries';

describe('board document', () => {
  const { pen, rect, text, line } = sample;

  it('adds on top, finds by id and keeps z-order', () => {
    const doc = new BoardDocument();
    doc.apply([addShapes(doc, [pen, rect])]);
    doc.apply([addShapes(doc, [text])]);
    assert.deepStrictEqual(doc.all().map((s) => s.id), ['pen1', 'rect1', 'text1']);
    assert.strictEqual(doc.get('rect1'), rect);
    assert.strictEqual(doc.indexOf('text1'), 2);
    assert.strictEqual(doc.indexOf('nope'), -1);
  });

  it('removes shapes wherever they are, and updates in place', () => {
    const doc = new BoardDocument([pen, rect, text, line]);
    doc.apply([removeShapes(doc, ['text1', 'pen1'])!]);
    assert.deepStrictEqual(doc.all().map((s) => s.id), ['rect1', 'line1']);
    const moved = translateShape(rect, 5, 5);
    doc.apply([updateShapes(doc, [moved])!]);
    assert.deepStrictEqual(doc.get('rect1'), moved);
    assert.strictEqual(doc.indexOf('rect1'), 0, 'an update keeps the z-position');
  });

  it('answers area queries bottom first, and keeps the index current through changes', () => {
    const doc = new BoardDocument([rect, pen, line]);
    assert.deepStrictEqual(doc.query({ x: 90, y: 90, w: 20, h: 20 }).map((s) => s.id), ['rect1', 'line1']);
    doc.apply([updateShapes(doc, [translateShape(rect, 1000, 0)])!]);
    assert.deepStrictEqual(doc.query({ x: 90, y: 90, w: 20, h: 20 }).map((s) => s.id), ['line1']);
    assert.deepStrictEqual(doc.query({ x: 1090, y: 90, w: 20, h: 20 }).map((s) => s.id), ['rect1']);
    doc.apply([removeShapes(doc, ['line1'])!]);
    assert.deepStrictEqual(doc.query({ x: 90, y: 90, w: 20, h: 20 }), []);
  });

  it('refuses operations that do not fit and leaves the document as it was (atomic transactions)', () => {
    const doc = new BoardDocument([pen, rect]);
    const before = doc.all();
    const stale = { op: 'update' as const, before: [translateShape(rect, 1, 1)], after: [rect] };
    assert.throws(() => doc.apply([addShapes(doc, [text]), stale]), BoardConflictError);
    assert.deepStrictEqual(doc.all(), before, 'the add was rolled back');
    assert.throws(() => doc.apply([addShapes(doc, [pen])]), /already exists/);
    assert.throws(() => doc.apply([{ op: 'remove', items: [{ index: 0, shape: rect }] }]), /not at 0/);
    assert.throws(() => doc.apply([{ op: 'add', items: [{ index: 5, shape: text }] }]), /bad position/);
    assert.throws(() => new BoardDocument([pen, pen]), /duplicate/);
    assert.deepStrictEqual(doc.all(), before);
  });

  it('reports what changed so renderers repaint only there', () => {
    const doc = new BoardDocument([pen]);
    const seen: Array<{ ids: readonly string[]; areas: number }> = [];
    doc.onChange((c) => seen.push({ ids: c.ids, areas: c.areas.length }));
    doc.apply([updateShapes(doc, [translateShape(pen, 100, 0)])!]);
    assert.deepStrictEqual(seen, [{ ids: ['pen1'], areas: 2 }], 'old and new bounds');
    doc.apply([clearBoard(doc)!]);
    assert.strictEqual(doc.size, 0);
    assert.strictEqual(clearBoard(doc), undefined, 'clearing an empty board is no operation');
  });
});
