import * as assert from 'assert';
import { addShapes, removeShapes } from '../../../src/shared/board/edits';
import { BoardDocument } from '../../../src/shared/board/document';
import { parseBoard, serializeBoard } from '../../../src/shared/board/serialize';
import { BOARD_KEY_PREFIX, BoardMemento, INDEX_KEY, LEGACY_KEY, WhiteboardStore, textHash } from '../../../src/host/whiteboardStore';
import { sample } from './arbitraries';

class FakeMemento implements BoardMemento {
  readonly data = new Map<string, unknown>();
  writes = 0;
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.writes++;
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

const names = (n: number): string => `Board ${n}`;

describe('whiteboard store (workspace storage)', () => {
  it('starts with one board and keeps boards across restarts (a new store on the same storage)', async () => {
    const m = new FakeMemento();
    const a = new WhiteboardStore(m, names);
    assert.strictEqual(a.boards().length, 1);
    const id = a.active().id;
    assert.strictEqual(a.applyOps(id, 1, [addShapes(a.entry(id).doc, [sample.pen, sample.text])]), 'applied');
    const second = a.create('Design 设计');
    a.applyOps(second.id, 1, [addShapes(a.entry(second.id).doc, [sample.rect])]);
    await a.flush();
    const b = new WhiteboardStore(m, names);
    assert.deepStrictEqual(b.boards().map((x) => x.name), ['Board 1', 'Design 设计']);
    assert.strictEqual(b.active().id, second.id);
    assert.deepStrictEqual(b.entry(id).doc.all(), [sample.pen, sample.text]);
    assert.deepStrictEqual(parseBoard(m.get<string>(BOARD_KEY_PREFIX + second.id)!), [sample.rect], 'stored as .dtboard text');
  });

  it('saves debounced: a burst of changes is one write per board', async () => {
    const m = new FakeMemento();
    const s = new WhiteboardStore(m, names, undefined, 20);
    const id = s.active().id;
    let rev = 0;
    for (const shape of [sample.pen, sample.rect, sample.line, sample.arrow]) s.applyOps(id, ++rev, [addShapes(s.entry(id).doc, [shape])]);
    const before = m.writes;
    await new Promise((r) => setTimeout(r, 60));
    assert.strictEqual(m.writes - before, 2, 'the index and the one board');
  });

  it('replays only the next revision and reports conflicts instead of guessing', () => {
    const s = new WhiteboardStore(new FakeMemento(), names);
    const id = s.active().id;
    const doc = s.entry(id).doc;
    assert.strictEqual(s.applyOps(id, 2, [addShapes(doc, [sample.pen])]), 'outOfOrder');
    assert.strictEqual(s.applyOps(id, 1, [removeShapes(new BoardDocument([sample.pen]), ['pen1'])!]), 'conflict');
    assert.strictEqual(s.applyOps('nope', 1, [addShapes(doc, [sample.pen])]), 'unknownBoard');
    assert.strictEqual(s.applyOps(id, 1, [addShapes(doc, [sample.pen])]), 'applied');
    s.replace(id, [sample.rect], 7);
    assert.deepStrictEqual(s.snapshot(id), { id, name: 'Board 1', rev: 7, shapes: [sample.rect] });
  });

  it('renames, deletes (never leaving zero boards) and names new boards uniquely', () => {
    const s = new WhiteboardStore(new FakeMemento(), names);
    const first = s.active();
    s.create(undefined);
    assert.deepStrictEqual(s.boards().map((b) => b.name), ['Board 1', 'Board 2']);
    s.rename(first.id, '  Sprint\u0007 plan ');
    assert.strictEqual(s.get(first.id)?.name, 'Sprint  plan');
    s.rename(first.id, '   ');
    assert.strictEqual(s.get(first.id)?.name, 'Sprint  plan', 'an empty name is ignored');
    s.remove(s.active().id);
    const last = s.remove(first.id);
    assert.strictEqual(s.boards().length, 1);
    assert.strictEqual(last.name, 'Board 1');
    assert.strictEqual(last.id !== first.id, true);
  });

  it('tells whether a linked board differs from its file, and opening does not count as a change', () => {
    const s = new WhiteboardStore(new FakeMemento(), names);
    const text = serializeBoard([sample.pen]);
    const board = s.create('from file', parseBoard(text), { file: 'file:///w/a.dtboard', savedHash: textHash(text) });
    assert.strictEqual(s.differsFromFile(board.id), false);
    s.applyOps(board.id, 1, [addShapes(s.entry(board.id).doc, [sample.rect])]);
    assert.strictEqual(s.differsFromFile(board.id), true);
    s.link(board.id, 'file:///w/a.dtboard', s.serialize(board.id));
    assert.strictEqual(s.differsFromFile(board.id), false);
  });

  it('brings the first version\'s single board along and ignores damaged storage', () => {
    const m = new FakeMemento();
    m.data.set(LEGACY_KEY, { strokes: [{ color: '#1f6feb', width: 3, points: [[1, 2], [3, 4.56]] }, { color: 'red', width: 3, points: [[0, 0]] }, { width: -1, points: [] }] });
    const s = new WhiteboardStore(m, names);
    const shapes = s.entry(s.active().id).doc.all();
    assert.strictEqual(shapes.length, 2);
    assert.deepStrictEqual(shapes.map((x) => [x.type, x.color]), [['pen', '#1f6feb'], ['pen', 'ink']]);
    const damaged = new FakeMemento();
    damaged.data.set(INDEX_KEY, { boards: [{ id: 'ok', name: 'Fine' }, { id: 'bad id!', name: 'x' }, 7] });
    damaged.data.set(`${BOARD_KEY_PREFIX}ok`, '{ not json');
    const logs: string[] = [];
    const d = new WhiteboardStore(damaged, names, (msg) => logs.push(msg));
    assert.deepStrictEqual(d.boards().map((b) => b.id), ['ok']);
    assert.strictEqual(d.entry('ok').doc.size, 0);
    assert.strictEqual(logs.length, 1);
  });
});
