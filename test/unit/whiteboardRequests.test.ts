import * as assert from 'assert';
import type { RenderResult } from '../../src/shared/protocol';
import { ExpectedReply, PendingRequests, WebviewReply, replyMismatch } from '../../src/host/whiteboardRequests';

const PNG: RenderResult = { ok: true, format: 'png', data: new Uint8Array([137, 80, 78, 71]), width: 4, height: 3, pixelRatio: 2, shapes: 3, selectionOnly: false };
const SVG: RenderResult = { ok: true, format: 'svg', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', width: 4, height: 3, shapes: 3, selectionOnly: false };
const EMPTY: RenderResult = { ok: false, reason: 'empty' };

class TimedOut extends Error {}
class Mismatched extends Error {}

function table(): { requests: PendingRequests; logs: string[] } {
  const logs: string[] = [];
  const requests = new PendingRequests({ timedOut: () => new TimedOut('timed out'), mismatched: () => new Mismatched('mismatched') }, (level, m) => logs.push(`${level}: ${m}`));
  return { requests, logs };
}

type Outcome<T> = { resolved: T } | { rejected: unknown } | 'pending';

/** Records how a promise settles, from now on (so a rejection is never unhandled). */
function track<T>(p: Promise<T>): { outcome: Outcome<T> } {
  const t: { outcome: Outcome<T> } = { outcome: 'pending' };
  p.then(
    (resolved) => (t.outcome = { resolved }),
    (rejected: unknown) => (t.outcome = { rejected }),
  );
  return t;
}

/** Lets settled promises run their callbacks. */
const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

function rejectedWith(o: Outcome<unknown>, kind: new (...args: never[]) => Error): boolean {
  return o !== 'pending' && 'rejected' in o && o.rejected instanceof kind;
}

describe('whiteboard requests: a reply settles only the request that expects its kind', () => {
  const rendered = (requestId: number, result: RenderResult): WebviewReply => ({ type: 'rendered', requestId, result });
  const done = (requestId: number): WebviewReply => ({ type: 'done', requestId });

  it('replyMismatch accepts the expected reply and names what was expected and what came', () => {
    const png: ExpectedReply = { type: 'rendered', format: 'png' };
    const svg: ExpectedReply = { type: 'rendered', format: 'svg' };
    assert.strictEqual(replyMismatch({ type: 'done' }, done(1)), undefined);
    assert.strictEqual(replyMismatch(png, rendered(1, PNG)), undefined);
    assert.strictEqual(replyMismatch(svg, rendered(1, SVG)), undefined);
    // A failed rendering carries no format: it answers a render request of either format.
    assert.strictEqual(replyMismatch(png, rendered(1, EMPTY)), undefined);
    assert.strictEqual(replyMismatch(svg, rendered(1, { ok: false, reason: 'failed', detail: 'no canvas' })), undefined);
    assert.strictEqual(replyMismatch(png, done(1)), "expected a png rendering, got 'done'");
    assert.strictEqual(replyMismatch(png, rendered(1, SVG)), 'expected a png rendering, got a svg rendering');
    assert.strictEqual(replyMismatch(svg, rendered(1, PNG)), 'expected a svg rendering, got a png rendering');
    assert.strictEqual(replyMismatch({ type: 'done' }, rendered(1, PNG)), "expected 'done', got a png rendering");
    assert.strictEqual(replyMismatch({ type: 'done' }, rendered(1, EMPTY)), "expected 'done', got a failed rendering (empty)");
  });

  it('resolves a render request with its result and a done request with nothing', async () => {
    const { requests } = table();
    const render = requests.open({ type: 'rendered', format: 'png' }, 10_000);
    const clear = requests.open({ type: 'done' }, 10_000);
    assert.notStrictEqual(render.id, clear.id);
    const r = track(render.reply);
    const c = track(clear.reply);
    requests.answer(rendered(render.id, PNG));
    requests.answer(done(clear.id));
    await flush();
    assert.deepStrictEqual(r.outcome, { resolved: PNG });
    assert.deepStrictEqual(c.outcome, { resolved: undefined });
    assert.strictEqual(requests.size, 0);
  });

  it("rejects a render request answered with 'done' (it used to resolve with undefined)", async () => {
    const { requests, logs } = table();
    const render = requests.open({ type: 'rendered', format: 'png' }, 10_000);
    const r = track(render.reply);
    requests.answer(done(render.id));
    await flush();
    assert.ok(rejectedWith(r.outcome, Mismatched), `settled as ${JSON.stringify(r.outcome)}`);
    assert.deepStrictEqual(logs, [`warn: request ${render.id}: expected a png rendering, got 'done'; failing the request`]);
    assert.strictEqual(requests.size, 0, 'the request is settled, not left to time out');
  });

  it('rejects a PNG request answered with an SVG, and an SVG request answered with a PNG', async () => {
    const { requests, logs } = table();
    const png = requests.open({ type: 'rendered', format: 'png' }, 10_000);
    const svg = requests.open({ type: 'rendered', format: 'svg' }, 10_000);
    const p = track(png.reply);
    const v = track(svg.reply);
    requests.answer(rendered(png.id, SVG));
    requests.answer(rendered(svg.id, PNG));
    await flush();
    assert.ok(rejectedWith(p.outcome, Mismatched), `the png request settled as ${JSON.stringify(p.outcome)}`);
    assert.ok(rejectedWith(v.outcome, Mismatched), `the svg request settled as ${JSON.stringify(v.outcome)}`);
    assert.deepStrictEqual(logs, [
      `warn: request ${png.id}: expected a png rendering, got a svg rendering; failing the request`,
      `warn: request ${svg.id}: expected a svg rendering, got a png rendering; failing the request`,
    ]);
  });

  it('rejects a done request answered with a rendering', async () => {
    const { requests } = table();
    const clear = requests.open({ type: 'done' }, 10_000);
    const c = track(clear.reply);
    requests.answer(rendered(clear.id, EMPTY));
    await flush();
    assert.ok(rejectedWith(c.outcome, Mismatched), `settled as ${JSON.stringify(c.outcome)}`);
  });

  it('leaves other requests alone and ignores replies to requests that are not pending', async () => {
    const { requests, logs } = table();
    const render = requests.open({ type: 'rendered', format: 'svg' }, 10_000);
    const r = track(render.reply);
    requests.answer(done(render.id + 1));
    await flush();
    assert.strictEqual(r.outcome, 'pending');
    assert.deepStrictEqual(logs, [`debug: ignored 'done' for request ${render.id + 1}, which is not pending`]);
    requests.answer(rendered(render.id, SVG));
    await flush();
    assert.deepStrictEqual(r.outcome, { resolved: SVG });
    // A second answer to the same id finds nothing.
    requests.answer(rendered(render.id, PNG));
    await flush();
    assert.deepStrictEqual(r.outcome, { resolved: SVG });
  });

  it('times out, and fails one or all requests with the given error', async () => {
    const { requests, logs } = table();
    const slow = requests.open({ type: 'done' }, 5);
    const s = track(slow.reply);
    await new Promise((r) => setTimeout(r, 30));
    assert.ok(rejectedWith(s.outcome, TimedOut), `settled as ${JSON.stringify(s.outcome)}`);
    assert.deepStrictEqual(logs, [`warn: request ${slow.id} (waiting for 'done') got no answer within 5 ms`]);
    requests.answer(done(slow.id)); // a late answer is ignored
    assert.strictEqual(requests.size, 0);

    const a = requests.open({ type: 'done' }, 10_000);
    const b = requests.open({ type: 'rendered', format: 'png' }, 10_000);
    const c = requests.open({ type: 'rendered', format: 'svg' }, 10_000);
    const [ta, tb, tc] = [track(a.reply), track(b.reply), track(c.reply)];
    const posting = new Error('post failed');
    requests.fail(a.id, posting);
    await flush();
    assert.deepStrictEqual(ta.outcome, { rejected: posting });
    assert.strictEqual(tb.outcome, 'pending');
    requests.failAll(() => new Error('closed'));
    await flush();
    for (const t of [tb, tc]) assert.ok(t.outcome !== 'pending' && 'rejected' in t.outcome && (t.outcome.rejected as Error).message === 'closed');
    assert.strictEqual(requests.size, 0);
  });
});
