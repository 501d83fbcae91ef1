import * as assert from 'assert';
import * as fc from 'fast-check';
import { BoardFileError, parseBoard, serializeBoard } from '../../../src/shared/board/serialize';
import { normalizeShape, translateShape } from '../../../src/shared/board/shapes';
import { sample, shapes } from './arbitraries';

describe('.dtboard serialisation', () => {
  const all = Object.values(sample);

  it('round-trips every shape type exactly', () => {
    assert.deepStrictEqual(parseBoard(serializeBoard(all)), all);
  });

  it('round-trips any board (property) and writes the same bytes again', () => {
    fc.assert(
      fc.property(shapes(15), (board) => {
        const text = serializeBoard(board);
        const parsed = parseBoard(text);
        assert.deepStrictEqual(parsed, board);
        assert.strictEqual(serializeBoard(parsed), text, 'stable: saving an opened board changes nothing');
      }),
      { numRuns: 300 },
    );
  });

  it('is diff-friendly: fixed key order, one shape per line, short relative paths', () => {
    const text = serializeBoard([sample.pen, sample.text]);
    assert.strictEqual(
      text,
      [
        '{',
        '  "format": "dtboard",',
        '  "version": 1,',
        '  "shapes": [',
        '    {"id":"pen1","type":"pen","color":"ink","width":4,"path":[0,0,10,0,10,0]},',
        '    {"id":"text1","type":"text","color":"ink","x":400,"y":0,"w":80,"h":26,"size":20,"font":"sans","text":"你好 world"}',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    // Moving a stroke changes one line, and on it only the first point.
    const moved = serializeBoard([translateShape(sample.pen, 5, 5), sample.text]).split('\n');
    const diff = text.split('\n').filter((line, i) => line !== moved[i]);
    assert.deepStrictEqual(diff, ['    {"id":"pen1","type":"pen","color":"ink","width":4,"path":[0,0,10,0,10,0]},']);
    assert.match(moved[4], /"path":\[5,5,10,0,10,0\]/);
    assert.strictEqual(serializeBoard([]), '{\n  "format": "dtboard",\n  "version": 1,\n  "shapes": []\n}\n');
  });

  it('keeps one line per shape even for multi-line text, and rounds to 0.1', () => {
    const s = normalizeShape({ ...sample.code, x: 1.23456, text: 'line 1\nline "2"\tend' });
    const text = serializeBoard([s]);
    assert.strictEqual(text.split('\n').length, 8);
    assert.match(text, /"x":1\.2,/);
    assert.deepStrictEqual(parseBoard(text), [s]);
  });

  it('says what is wrong with a bad file', () => {
    const problem = (text: string): string => {
      try {
        parseBoard(text);
        return 'ok';
      } catch (err) {
        assert.ok(err instanceof BoardFileError);
        return `${err.problem}${err.shapeIndex !== undefined ? `@${err.shapeIndex}` : ''}`;
      }
    };
    assert.strictEqual(problem('{'), 'notJson');
    assert.strictEqual(problem('[]'), 'notBoard');
    assert.strictEqual(problem('{"format":"excalidraw","version":1,"shapes":[]}'), 'notBoard');
    assert.strictEqual(problem('{"format":"dtboard","version":2,"shapes":[]}'), 'newerVersion');
    assert.strictEqual(problem('{"format":"dtboard","version":1,"shapes":[{"id":"a","type":"pen","color":"ink","width":2,"path":[1,2]},{"id":"b","type":"blob"}]}'), 'badShape@1');
    assert.strictEqual(problem('{"format":"dtboard","version":1,"shapes":[{"id":"a","type":"pen","color":"ink","width":2,"path":[1,2,3]}]}'), 'badShape@0');
    assert.strictEqual(problem('{"format":"dtboard","version":1,"shapes":[{"id":"a","type":"rect","color":"red","width":2,"x":0,"y":0,"w":1,"h":1}]}'), 'badShape@0');
    assert.strictEqual(problem('{"format":"dtboard","version":1,"shapes":[{"id":"a","type":"rect","color":"ink","width":2,"x":0,"y":0,"w":1,"h":1},{"id":"a","type":"rect","color":"ink","width":2,"x":0,"y":0,"w":1,"h":1}]}'), 'badShape@1');
  });

  it('reads a hand-edited file (other spacing, key order, extra fields) into the canonical form', () => {
    const text = '{ "shapes": [ { "text": "hi", "font": "sans", "size": 20, "h": 26, "w": 20, "y": 2, "x": 1, "color": "ink", "type": "text", "id": "t", "note": "extra" } ], "version": 1, "format": "dtboard" }';
    const [s] = parseBoard(text);
    assert.deepStrictEqual(Object.keys(s), ['id', 'type', 'color', 'x', 'y', 'w', 'h', 'size', 'font', 'text']);
  });
});
