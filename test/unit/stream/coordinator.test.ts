import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../../src/core/outbox/atomicFile';
import { gatewayUrlFor } from '../../../src/core/stream/gateway';
import { InboxStore } from '../../../src/core/stream/inboxStore';
import type { RobotMessage } from '../../../src/core/stream/robotMessage';
import { LinkStatus, StreamCoordinator } from '../../../src/core/stream/streamCoordinator';
import { StreamClient } from '../../../src/core/stream/streamClient';
import type { Sandbox } from '../../sandbox/server';
import { next, streamSandbox, until, VirtualTime } from './helpers';

/** Several VS Code windows = several coordinators (and inbox stores) on one global storage folder. */
describe('stream: one connection for all windows', function () {
  this.timeout(15_000);
  let sb: Sandbox;
  let root: string;
  let time: VirtualTime;
  const windows: Array<{ coordinator: StreamCoordinator; inbox: InboxStore; sessions: RobotMessage[] }> = [];

  before(async () => {
    sb = await streamSandbox();
  });
  after(() => sb.close());
  beforeEach(() => {
    sb.reset();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-stream-'));
    time = new VirtualTime(Date.now());
  });
  afterEach(async () => {
    for (const w of windows.splice(0)) {
      await w.coordinator.dispose();
      w.inbox.dispose();
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function openWindow(ownerId: string) {
    const inbox = new InboxStore({ dir: path.join(root, 'inbox'), sleep: time.sleep });
    await inbox.start();
    const sessions: RobotMessage[] = [];
    const coordinator = new StreamCoordinator({
      dir: path.join(root, 'stream'),
      inbox,
      ownerId,
      clock: time,
      sleep: time.sleep,
      onSessionWebhook: async (m) => void sessions.push(m),
      createClient: (onRobotMessage) =>
        new StreamClient({
          gatewayUrl: () => gatewayUrlFor(sb.baseUrl),
          credentials: async () => ({ clientId: sb.demo.app.appKey, clientSecret: sb.demo.app.appSecret }),
          onRobotMessage,
          clock: time,
          sleep: time.sleep,
          random: () => 0.5,
          keepAliveMs: 0,
        }),
    });
    const w = { coordinator, inbox, sessions };
    windows.push(w);
    return w;
  }

  const status = async (c: StreamCoordinator, predicate: (s: LinkStatus) => boolean) => {
    if (!predicate(c.status)) await next(c.onDidChangeStatus, predicate);
  };
  const mention = (n: number) =>
    sb.stream.post({ openConversationId: sb.demo.groups[n % 2].openConversationId, from: 'alice.chen', text: `@${sb.demo.app.robotName} note ${n}` }).deliveries[0];

  it('one window connects, the others learn every message from the shared inbox, and the connection moves when it closes', async () => {
    const a = await openWindow('window-A');
    const b = await openWindow('window-B');
    a.coordinator.setWanted(true);
    await status(a.coordinator, (s) => s.state === 'connected');
    b.coordinator.setWanted(true);
    await status(b.coordinator, (s) => s.state === 'elsewhere' && s.remoteState === 'connected');
    assert.equal(sb.stream.hub.open().length, 1, 'only one connection for both windows');

    const first = Array.from({ length: 10 }, (_, i) => mention(i));
    await Promise.all(first.map((d) => sb.stream.hub.whenAcked(d)));
    await until(() => b.inbox.list().length === 10, 'window B sees all ten');
    assert.equal(a.sessions.length, 10, 'the holder kept each session webhook');
    assert.equal(b.sessions.length, 0);

    await a.coordinator.dispose();
    a.inbox.dispose();
    windows.splice(windows.indexOf(a), 1);
    // No time passes: B is woken by the lease file disappearing.
    await status(b.coordinator, (s) => s.state === 'connected');
    assert.equal(sb.stream.hub.open().length, 1);
    const later = Array.from({ length: 5 }, (_, i) => mention(10 + i));
    await Promise.all(later.map((d) => sb.stream.hub.whenAcked(d)));
    await until(() => b.inbox.list().length === 15, 'all fifteen');
    assert.deepEqual(new Set(b.inbox.list().map((i) => i.text)).size, 15);
  });

  it('takes over from a window that died holding the lease once the lease expires', async () => {
    const dir = path.join(root, 'stream');
    fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
    await writeFileAtomic(path.join(dir, 'tmp'), path.join(dir, 'lease.json'), JSON.stringify({ owner: 'crashed', expiresAt: time.now() + 30_000, renewedAt: time.now(), pid: 1, hostname: 'x' }));
    const b = await openWindow('window-B');
    b.coordinator.setWanted(true);
    await status(b.coordinator, (s) => s.state === 'connecting'); // nobody reports a connection
    await until(() => time.nextTimerAt() !== undefined, 'B waiting');
    assert.equal(sb.stream.hub.open().length, 0);
    time.advance(30_000);
    await status(b.coordinator, (s) => s.state === 'connected');
    assert.equal(b.coordinator.holdsConnection, true);
  });

  it('turning the stream off closes the connection and frees the lease for another window', async () => {
    const a = await openWindow('window-A');
    a.coordinator.setWanted(true);
    await status(a.coordinator, (s) => s.state === 'connected');
    const [conn] = sb.stream.hub.open();
    a.coordinator.setWanted(false);
    await status(a.coordinator, (s) => s.state === 'off');
    await until(() => conn.closedAt !== undefined, 'the connection closed');
    assert.equal(conn.closedBy, 'client');
    assert.ok(!fs.existsSync(path.join(root, 'stream', 'lease.json')));
  });
});
