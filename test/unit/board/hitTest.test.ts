import * as assert from 'assert';
import { BoardDocument } from '../../../src/shared/board/document';
import { hitShape, segmentHitsShape, shapeAt, shapesAlong, shapesInside } from '../../../src/shared/board/hitTest';
import { sample } from './arbitraries';

describe('hit-testing', () => {
  const { pen, highlighter, line, arrow, rect, ellipse, text, code } = sample;

  it('hits strokes within half their width plus the tolerance, and misses beyond', () => {
    assert.ok(hitShape(pen, { x: 15, y: 2 }, 0), 'inside the 4-unit pen');
    assert.ok(!hitShape(pen, { x: 15, y: 3 }, 0));
    assert.ok(hitShape(pen, { x: 15, y: 3 }, 1.5));
    assert.ok(hitShape(highlighter, { x: 50, y: 57 }, 0), 'the highlighter is drawn 4× wider');
    assert.ok(hitShape(line, { x: 50, y: 150 }, 0));
    assert.ok(!hitShape(line, { x: 50, y: 160 }, 2));
    assert.ok(hitShape(arrow, { x: 290, y: 4 }, 1), 'the arrowhead counts');
  });

  it('hits unfilled boxes and ellipses on their outline only', () => {
    assert.ok(hitShape(rect, { x: 100, y: 120 }, 1));
    assert.ok(hitShape(rect, { x: 125, y: 140 }, 1));
    assert.ok(!hitShape(rect, { x: 125, y: 120 }, 1), 'the middle of an unfilled rectangle is empty');
    assert.ok(hitShape(ellipse, { x: 400, y: 325 }, 1));
    assert.ok(hitShape(ellipse, { x: 350, y: 300 }, 1));
    assert.ok(!hitShape(ellipse, { x: 350, y: 325 }, 1));
  });

  it('hits text blocks anywhere inside, code blocks including their panel', () => {
    assert.ok(hitShape(text, { x: 440, y: 13 }, 0));
    assert.ok(!hitShape(text, { x: 490, y: 13 }, 0));
    assert.ok(hitShape(code, { x: -4, y: 396 }, 0), 'the code panel pads the text');
  });

  it('finds the topmost shape under the pointer', () => {
    const under = { ...rect, id: 'under' };
    const doc = new BoardDocument([under, rect, pen]);
    assert.strictEqual(shapeAt(doc, { x: 100, y: 120 }, 1)?.id, 'rect1');
    assert.strictEqual(shapeAt(doc, { x: 125, y: 120 }, 1), undefined);
  });

  it('selects with a marquee only what lies entirely inside it', () => {
    const doc = new BoardDocument([pen, rect, line]);
    assert.deepStrictEqual(shapesInside(doc, { x: -10, y: -10, w: 40, h: 20 }).map((s) => s.id), ['pen1']);
    assert.deepStrictEqual(shapesInside(doc, { x: 95, y: 95, w: 60, h: 50 }).map((s) => s.id), ['rect1']);
    assert.deepStrictEqual(shapesInside(doc, { x: -10, y: -10, w: 200, h: 250 }).map((s) => s.id), ['pen1', 'rect1', 'line1']);
  });

  it('erases what an eraser stroke crosses, even between its sample points', () => {
    assert.ok(segmentHitsShape(line, { x: 0, y: 200 }, { x: 100, y: 100 }, 1), 'crossing the line');
    assert.ok(!segmentHitsShape(line, { x: 60, y: 100 }, { x: 100, y: 100 }, 1));
    assert.ok(segmentHitsShape(text, { x: 380, y: 10 }, { x: 500, y: 10 }, 1), 'through a text block');
    const doc = new BoardDocument([pen, rect, line, text]);
    assert.deepStrictEqual(shapesAlong(doc, { x: 5, y: -20 }, { x: 5, y: 20 }, 2).map((s) => s.id), ['pen1']);
  });
});
