import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InboxEntry } from '../../../src/core/stream/inboxEntry';
import { InboxChange, InboxStore, inboxKey } from '../../../src/core/stream/inboxStore';
import { next } from './helpers';

function entry(n: number, over: Partial<InboxEntry> = {}): InboxEntry {
  return {
    id: `msg${n}==`,
    conversationId: 'cidGroup==',
    conversationType: 'group',
    conversationTitle: '研发小组',
    senderNick: '张伟',
    createdAt: 1_700_000_000_000 + n * 1000,
    receivedAt: 1_700_000_000_000 + n * 1000 + 5,
    msgtype: 'text',
    text: `message ${n}`,
    attachments: [],
    ...over,
  };
}

/** The inbox folder as several windows share it. */
describe('stream: inbox store', () => {
  const dirs: string[] = [];
  const stores: InboxStore[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-inbox-'));
    dirs.push(d);
    return d;
  };
  const open = async (dir: string, maxEntries?: number) => {
    const s = new InboxStore({ dir, maxEntries });
    stores.push(s);
    await s.start();
    return s;
  };
  afterEach(() => {
    stores.splice(0).forEach((s) => s.dispose());
    dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  });

  it('lists newest first and reports only new entries as added', async () => {
    const s = await open(tmp());
    const changes: InboxChange[] = [];
    s.onDidChange((c) => changes.push(c));
    assert.equal(await s.add(entry(1)), true);
    assert.equal(await s.add(entry(3)), true);
    assert.equal(await s.add(entry(2)), true);
    assert.deepEqual(s.list().map((i) => i.id), ['msg3==', 'msg2==', 'msg1==']);
    assert.deepEqual(changes.flatMap((c) => c.added.map((a) => a.id)), ['msg1==', 'msg3==', 'msg2==']);
    assert.equal(s.unreadCount, 3);
  });

  it('stores a message once, whoever adds it and however often', async () => {
    const dir = tmp();
    const a = await open(dir);
    const b = await open(dir);
    const results = await Promise.all([a.add(entry(1)), b.add(entry(1)), a.add(entry(1)), b.add(entry(1))]);
    assert.equal(results.filter(Boolean).length, 1);
    await b.refresh();
    assert.equal(b.list().length, 1);
    assert.equal(fs.readdirSync(path.join(dir, 'messages')).length, 1);
  });

  it('shares read marks between windows, and a window learns of another\'s messages by watching the folder', async () => {
    const dir = tmp();
    const a = await open(dir);
    const b = await open(dir);
    const seenByB = next(b.onDidChange, (c) => c.added.length > 0);
    await a.add(entry(1));
    assert.deepEqual((await seenByB).added.map((i) => i.id), ['msg1==']);
    const readInA = next(a.onDidChange, () => a.get('msg1==')?.read === true);
    await b.markRead(['msg1==']);
    await readInA;
    assert.equal(a.unreadCount, 0);
  });

  it('keeps at most maxEntries, dropping the oldest (with its read mark) first, and survives a restart', async () => {
    const dir = tmp();
    const s = await open(dir, 3);
    await s.add(entry(1));
    await s.markRead(['msg1==']);
    for (const n of [2, 3, 4]) await s.add(entry(n));
    assert.deepEqual(s.list().map((i) => i.id), ['msg4==', 'msg3==', 'msg2==']);
    assert.ok(!fs.existsSync(path.join(dir, 'read', inboxKey('msg1=='))), 'the dropped entry\'s read mark is gone');
    s.dispose();
    const again = await open(dir, 3);
    assert.deepEqual(again.list().map((i) => [i.id, i.read]), [['msg4==', false], ['msg3==', false], ['msg2==', false]]);
  });

  it('writes nothing secret and ignores unreadable files', async () => {
    const dir = tmp();
    const s = await open(dir);
    await s.add(entry(1));
    fs.writeFileSync(path.join(dir, 'messages', 'garbage.json'), '{not json');
    await s.refresh();
    assert.equal(s.list().length, 1);
    const stored = fs.readFileSync(path.join(dir, 'messages', `${inboxKey('msg1==')}.json`), 'utf8');
    assert.doesNotMatch(stored, /session|webhook|http/i);
  });
});
