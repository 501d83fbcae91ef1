import * as assert from 'assert';
import * as fc from 'fast-check';
import { LIMITS, parseHostMessage, parseWebviewMessage } from '../../src/shared/protocol';

const point = fc.tuple(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }));
const stroke = fc.record({
  color: fc.constantFrom('#fff', '#1f6feb', '#00000080'),
  width: fc.double({ min: 0.5, max: 50, noNaN: true }),
  points: fc.array(point, { maxLength: 20 }),
});

describe('webview protocol', () => {
  it('accepts every well-formed message in both directions', () => {
    fc.assert(
      fc.property(fc.array(stroke, { maxLength: 10 }), (strokes) => {
        const board = { strokes };
        assert.deepStrictEqual(parseWebviewMessage({ type: 'boardChanged', board }), { type: 'boardChanged', board });
        const init = { type: 'init', strings: { title: 't', clear: 'c', empty: 'e' }, board };
        assert.deepStrictEqual(parseHostMessage(init), init);
      }),
    );
    assert.deepStrictEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  });

  it('never throws and rejects anything malformed', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true }), (v) => {
        const a = parseWebviewMessage(v);
        const b = parseHostMessage(v);
        // Random values are virtually never valid; when they are, they must have a known type.
        if (a) assert.ok(['ready', 'boardChanged', 'log'].includes(a.type));
        if (b) assert.ok(['init', 'clear'].includes(b.type));
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects corrupted fields of otherwise valid messages', () => {
    const bad: unknown[] = [
      { type: 'boardChanged', board: { strokes: [{ color: 'red; background:url(x)', width: 1, points: [] }] } },
      { type: 'boardChanged', board: { strokes: [{ color: '#fff', width: Infinity, points: [] }] } },
      { type: 'boardChanged', board: { strokes: [{ color: '#fff', width: 1, points: [[1, NaN]] }] } },
      { type: 'boardChanged', board: { strokes: [{ color: '#fff', width: 1, points: [[1, 2, 3]] }] } },
      { type: 'boardChanged', board: { strokes: 'lots' } },
      { type: 'log', level: 'fatal', message: 'x' },
      { type: 'log', level: 'info', message: 42 },
      { type: 'unknown' },
      { type: ['ready'] },
      null,
      'ready',
    ];
    for (const v of bad) assert.strictEqual(parseWebviewMessage(v), undefined, JSON.stringify(v));
    assert.strictEqual(parseHostMessage({ type: 'init', strings: { title: 1, clear: 'c', empty: 'e' }, board: { strokes: [] } }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'init', strings: { title: 'x'.repeat(LIMITS.maxStringLength + 1), clear: 'c', empty: 'e' }, board: { strokes: [] } }), undefined);
  });

  it('truncates oversized log messages instead of forwarding them whole', () => {
    const msg = parseWebviewMessage({ type: 'log', level: 'info', message: 'x'.repeat(LIMITS.maxLogLength * 3) });
    assert.ok(msg && msg.type === 'log' && msg.message.length === LIMITS.maxLogLength);
  });
});
