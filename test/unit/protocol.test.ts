import * as assert from 'assert';
import * as fc from 'fast-check';
import { LIMITS, WEBVIEW_STRING_KEYS, parseHostMessage, parseWebviewMessage } from '../../src/shared/protocol';
import { sample, shape, shapeId, shapes } from './board/arbitraries';
import { encodeTestPng } from './board/pngFixture';

const strings = Object.fromEntries(WEBVIEW_STRING_KEYS.map((k) => [k, `${k} 文字`]));
const png = encodeTestPng(4, 3, () => [224, 49, 49, 255]);
const rev = fc.nat({ max: 1_000_000 });
const requestId = fc.nat({ max: LIMITS.maxRequestId });

const op = fc.oneof(
  fc.uniqueArray(shape, { minLength: 1, maxLength: 5, selector: (s) => s.id }).map((items) => ({ op: 'add', items: items.map((s, index) => ({ index, shape: s })) })),
  fc.uniqueArray(shape, { minLength: 1, maxLength: 5, selector: (s) => s.id }).map((items) => ({ op: 'remove', items: items.map((s, i) => ({ index: i * 2, shape: s })) })),
  fc.uniqueArray(shape, { minLength: 1, maxLength: 5, selector: (s) => s.id }).map((before) => ({ op: 'update', before, after: before.map((s) => ({ ...s, color: '#e03131' })) })),
);

/** Every well-formed webview → host message. */
const webviewMessage = fc.oneof(
  fc.constant({ type: 'ready' }),
  fc.record({ type: fc.constant('ops'), boardId: shapeId, rev, tx: fc.array(op, { minLength: 1, maxLength: 4 }) }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('snapshot'), boardId: shapeId, rev, shapes: shapes(8) }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('done'), requestId }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('rendered'), requestId, result: fc.constant({ ok: true, format: 'png', data: png, width: 4, height: 3, pixelRatio: 2, shapes: 3, selectionOnly: false }) }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('rendered'), requestId, result: fc.constant({ ok: true, format: 'svg', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', width: 10, height: 10, shapes: 1, selectionOnly: true }) }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('rendered'), requestId, result: fc.constantFrom({ ok: false, reason: 'empty' }, { ok: false, reason: 'failed', detail: 'no canvas' }) }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('command'), command: fc.constantFrom('send', 'switchBoard') }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('log'), level: fc.constantFrom('info', 'warn', 'error'), message: fc.string({ maxLength: 100 }) }, { noNullPrototype: true }),
);

/** Every well-formed host → webview message. */
const snapshot = fc.record({ id: shapeId, name: fc.string({ maxLength: 50 }), rev, shapes: shapes(8) }, { noNullPrototype: true });
const hostMessage = fc.oneof(
  fc.record({ type: fc.constant('init'), strings: fc.constant(strings), board: snapshot }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('loadBoard'), board: snapshot }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('requestSnapshot'), boardId: shapeId }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('render'), requestId, format: fc.constantFrom('png', 'svg'), pixelRatio: fc.constantFrom(1, 2, 3), margin: fc.nat({ max: 100 }) }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('addText'), requestId, text: fc.string({ minLength: 1, maxLength: 50 }), font: fc.constantFrom('sans', 'mono') }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('clear'), requestId }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('saved'), boardId: shapeId, rev }, { noNullPrototype: true }),
);

/** Replaces the value at a random path inside a message. */
function corrupt(value: unknown, path: number[], replacement: unknown): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array || path.length === 0) return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[path[0] % keys.length];
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...(value as Record<string, unknown>) };
  copy[key] = corrupt(copy[key], path.slice(1), replacement);
  return copy;
}

describe('webview protocol', () => {
  it('accepts every well-formed message in both directions, as equal values', () => {
    fc.assert(fc.property(webviewMessage, (m) => assert.deepStrictEqual(parseWebviewMessage(m), m)), { numRuns: 300 });
    fc.assert(fc.property(hostMessage, (m) => assert.deepStrictEqual(parseHostMessage(m), m)), { numRuns: 300 });
  });

  it('never throws, and anything it accepts is one of the known messages (property)', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }), (v) => {
        const a = parseWebviewMessage(v);
        const b = parseHostMessage(v);
        if (a) assert.ok(['ready', 'ops', 'snapshot', 'done', 'rendered', 'command', 'log'].includes(a.type));
        if (b) assert.ok(['init', 'loadBoard', 'requestSnapshot', 'render', 'addText', 'clear', 'saved'].includes(b.type));
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on corrupted valid messages, and what survives a corruption is still a valid message (property)', () => {
    const junk = fc.oneof(fc.anything({ maxDepth: 2 }), fc.constantFrom(NaN, Infinity, -1, 1e12, '', '#zzz', null, [], {}, 'x'.repeat(600)));
    fc.assert(
      fc.property(webviewMessage, fc.array(fc.nat(), { maxLength: 6 }), junk, (m, path, replacement) => {
        const parsed = parseWebviewMessage(corrupt(m, path, replacement));
        if (parsed) assert.deepStrictEqual(parseWebviewMessage(parsed), parsed, 'accepted values are fixed points of the parser');
      }),
      { numRuns: 1500 },
    );
    fc.assert(
      fc.property(hostMessage, fc.array(fc.nat(), { maxLength: 6 }), junk, (m, path, replacement) => {
        const parsed = parseHostMessage(corrupt(m, path, replacement));
        if (parsed) assert.deepStrictEqual(parseHostMessage(parsed), parsed);
      }),
      { numRuns: 1500 },
    );
  });

  it('rejects malformed fields of otherwise valid messages', () => {
    const tx = [{ op: 'add', items: [{ index: 0, shape: sample.pen }] }];
    const bad: unknown[] = [
      { type: 'ops', boardId: 'b', rev: -1, tx },
      { type: 'ops', boardId: 'b', rev: 1.5, tx },
      { type: 'ops', boardId: '../b', rev: 1, tx },
      { type: 'ops', boardId: 'b', rev: 1, tx: [] },
      { type: 'ops', boardId: 'b', rev: 1, tx: [{ op: 'add', items: [{ index: 0, shape: { ...sample.pen, color: 'red; background:url(x)' } }] }] },
      { type: 'ops', boardId: 'b', rev: 1, tx: [{ op: 'add', items: [{ index: 0, shape: { ...sample.pen, points: [1, NaN] } }] }] },
      { type: 'snapshot', boardId: 'b', rev: 1, shapes: [sample.pen, sample.pen] },
      { type: 'rendered', requestId: 1, result: { ok: true, format: 'png', data: png, width: 5, height: 3, pixelRatio: 2, shapes: 1, selectionOnly: false } },
      { type: 'rendered', requestId: 1, result: { ok: true, format: 'png', data: new Uint8Array(40), width: 4, height: 3, pixelRatio: 2, shapes: 1, selectionOnly: false } },
      { type: 'rendered', requestId: 1, result: { ok: true, format: 'png', data: Array.from(png), width: 4, height: 3, pixelRatio: 2, shapes: 1, selectionOnly: false } },
      { type: 'rendered', requestId: 1, result: { ok: true, format: 'png', data: png, width: 4, height: 3, pixelRatio: 99, shapes: 1, selectionOnly: false } },
      { type: 'rendered', requestId: 1, result: { ok: true, format: 'svg', svg: '<script>', width: 4, height: 3, shapes: 1, selectionOnly: false } },
      { type: 'rendered', requestId: 1, result: { ok: false, reason: 'bored' } },
      { type: 'command', command: 'workbench.action.terminal.new' },
      { type: 'log', level: 'fatal', message: 'x' },
      { type: 'log', level: 'info', message: 42 },
      { type: 'boardChanged', board: { strokes: [] } },
      { type: ['ready'] },
      null,
      'ready',
    ];
    for (const v of bad) assert.strictEqual(parseWebviewMessage(v), undefined, JSON.stringify(v));
    const board = { id: 'b', name: 'n', rev: 0, shapes: [] };
    assert.strictEqual(parseHostMessage({ type: 'init', strings: { ...strings, undo: 1 }, board }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'init', strings: { ...strings, undo: 'x'.repeat(LIMITS.maxStringLength + 1) }, board }), undefined);
    const { toolbar: _omitted, ...missing } = strings;
    assert.strictEqual(parseHostMessage({ type: 'init', strings: missing, board }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'render', requestId: 1, format: 'gif', pixelRatio: 2, margin: 1 }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'render', requestId: 1, format: 'png', pixelRatio: 0, margin: 1 }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'addText', requestId: 1, text: '', font: 'mono' }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'loadBoard', board: { ...board, name: 'x'.repeat(LIMITS.maxBoardName + 1) } }), undefined);
  });

  it('takes PNG bytes as an ArrayBuffer too, and drops fields nobody asked for', () => {
    const msg = parseWebviewMessage({ type: 'rendered', requestId: 3, extra: 1, result: { ok: true, format: 'png', data: png.buffer, width: 4, height: 3, pixelRatio: 2, shapes: 1, selectionOnly: false, extra: 'x' } });
    assert.ok(msg && msg.type === 'rendered' && msg.result.ok && msg.result.format === 'png');
    assert.deepStrictEqual(Object.keys(msg), ['type', 'requestId', 'result']);
    assert.ok(!('extra' in msg.result));
    assert.strictEqual(msg.result.data.byteLength, png.byteLength);
  });

  it('truncates oversized log messages instead of forwarding them whole', () => {
    const msg = parseWebviewMessage({ type: 'log', level: 'info', message: 'x'.repeat(LIMITS.maxLogLength * 3) });
    assert.ok(msg && msg.type === 'log' && msg.message.length === LIMITS.maxLogLength);
  });
});
