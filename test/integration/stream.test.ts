import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Event } from '../../src/core/outbox/events';
import { gatewayUrlFor } from '../../src/core/stream/gateway';
import { toInboxEntry } from '../../src/core/stream/inboxEntry';
import { InboxStore } from '../../src/core/stream/inboxStore';
import { StreamClient } from '../../src/core/stream/streamClient';
import type { Sandbox } from '../sandbox/server';
import { activateExtension, withTimeout } from './helpers';
import { clearDestinations, releaseSandbox, useSandbox, workspaceRoot } from './sandboxFixture';

/** Posts as a person through the endpoint the sandbox page's text box uses. */
async function post(sandbox: Sandbox, body: { openConversationId: string; from: string; text: string }): Promise<{ deliveries: Array<{ msgId: string; status: string; connectionId: string | null }> }> {
  const res = await fetch(`${sandbox.baseUrl}/__sandbox/chat/post`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.strictEqual(res.status, 200, await res.clone().text());
  return (await res.json()) as { deliveries: Array<{ msgId: string; status: string; connectionId: string | null }> };
}

/** Every file under `dir`. */
function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Resolves once `condition` holds, re-checking whenever `event` fires (no polling, no sleeps). */
async function when(event: Event<unknown> | vscode.Event<unknown>, condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  if (condition()) return;
  let sub: { dispose(): unknown } | undefined;
  try {
    await withTimeout(
      new Promise<void>((resolve) => {
        sub = event(() => {
          if (condition()) resolve();
        });
      }),
      ms,
      what,
    );
  } finally {
    sub?.dispose();
  }
}

/** Receiving messages (Stream Mode) in the real extension host against the sandbox's gateway and WebSocket. */
describe('Stream Mode: mentions inbox against the DingTalk sandbox', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  const run = Date.now().toString(36);

  before(async () => {
    sandbox = await useSandbox();
    const api = await activateExtension();
    await clearDestinations();
    const app = sandbox.demo.app;
    await api.destinations.saveApp({ appKey: app.appKey, robotCode: app.robotCode, robotName: app.robotName }, app.appSecret);
  });
  after(async () => {
    await vscode.commands.executeCommand('dingtalk.toggleStream', { enabled: false });
    await clearDestinations();
    await releaseSandbox(sandbox);
  });

  const group = () => sandbox.demo.groups[0];
  const mention = (text: string, g = group()) => post(sandbox, { openConversationId: g.openConversationId, from: 'zhangwei', text: `@${sandbox.demo.app.robotName} ${text}` });
  const connections = () => sandbox.stream.hub.open(sandbox.demo.app.appKey);

  it('Add Destination → "@-mention the robot": the first group mention creates the destination with its title and id', async () => {
    const api = await activateExtension();
    assert.strictEqual(api.settings.streamEnabled, false, 'the stream is off: the pick opens it by itself');
    const adding = vscode.commands.executeCommand('dingtalk.addDestination', { byMention: { name: `picked-${run}` } });
    await withTimeout(sandbox.stream.hub.whenConnected(sandbox.demo.app.appKey), 20_000, 'the extension to open the stream');
    const g = sandbox.demo.groups[1];
    await mention('this group please', g);
    const destination = (await withTimeout(Promise.resolve(adding), 20_000, 'the destination')) as { name: string };
    assert.ok(destination, 'a destination was returned');
    assert.deepStrictEqual(api.destinations.get(`picked-${run}`), { kind: 'appGroup', name: `picked-${run}`, openConversationId: g.openConversationId, groupTitle: g.title });
    // The pick held the stream open only while it waited.
    await when(api.stream.service.onDidChangeStatus, () => api.stream.service.status.state === 'off', 'the stream to close again');
    assert.ok(sandbox.stream.hub.connections().every((c) => c.closedAt !== undefined || c.appKey !== sandbox.demo.app.appKey));
    assert.strictEqual(api.stream.service.inbox.list()[0].read, true, 'the picking mention is not left unread');
  });

  it('a later mention appears in the inbox, newest first, with its unread count on the view and in the status bar', async () => {
    const api = await activateExtension();
    const { service, view, statusBar } = api.stream;
    assert.strictEqual(await vscode.commands.executeCommand('dingtalk.toggleStream', { enabled: true }), true);
    await when(service.onDidChangeStatus, () => service.status.state === 'connected', 'connected');
    assert.strictEqual(statusBar.text, '$(radio-tower)');
    assert.deepStrictEqual(connections()[0].subscriptions, [{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }], 'robot messages only, no events');
    const before = view.badge;
    await mention(`please look at src/hello.ts:2-3 (${run})`);
    await when(service.inbox.onDidChange, () => service.inbox.list()[0]?.text.includes(run) ?? false, 'the mention in the inbox');
    const item = service.inbox.list()[0];
    assert.strictEqual(item.text, `please look at src/hello.ts:2-3 (${run})`, 'the @-mention is cut and the leading space trimmed');
    assert.strictEqual(item.senderNick, '张伟');
    assert.strictEqual(item.conversationTitle, group().title);
    assert.strictEqual(item.read, false);
    assert.strictEqual(view.badge, before + 1);
    assert.strictEqual(statusBar.text, `$(radio-tower) ${before + 1}`);

    // The tree lists it with its code location as a child, which opens in the editor.
    const [node] = view.getChildren();
    assert.strictEqual(node.item.id, item.id);
    const [link] = view.getChildren(node);
    const linkItem = view.getTreeItem(link);
    assert.strictEqual(linkItem.label, 'src/hello.ts:2-3');
    await vscode.commands.executeCommand(linkItem.command!.command, ...(linkItem.command!.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.fsPath, path.join(workspaceRoot(), 'src', 'hello.ts'));
    assert.deepStrictEqual([editor.selection.start.line, editor.selection.end.line], [1, 2]);
  });

  it('a reply from VS Code appears in the sandbox group: through the session webhook, then as the app robot once it expired', async () => {
    const api = await activateExtension();
    const { service, view } = api.stream;
    const item = service.inbox.list().find((i) => i.text.includes(run) && i.conversationId === group().openConversationId)!;
    const unread = view.badge;
    const channel = await vscode.commands.executeCommand('dingtalk.replyToMessage', { id: item.id, text: `收到，马上看 ${run}` });
    assert.strictEqual(channel, 'sessionWebhook');
    const robotMessages = () => sandbox.state.messages(group().openConversationId).filter((m) => m.sender.kind === 'appRobot');
    const reply = robotMessages().at(-1)!;
    assert.deepStrictEqual(reply.content, { type: 'text', content: `收到，马上看 ${run}` });
    assert.strictEqual(reply.sender.name, sandbox.demo.app.robotName);
    assert.strictEqual(view.badge, unread - 1, 'replying marks the message read');

    // The session webhook is a credential: in the keychain, not in the shared storage folder.
    const session = (await api.stream.service.sessions.get(item.id))!;
    assert.match(session.url, /\/robot\/sendBySession\?session=[0-9a-f]{32}$/);
    assert.ok((await api.context.secrets.get('dingtalk.stream.sessionWebhooks'))?.includes(session.url));
    const stored = listFiles(api.context.globalStorageUri.fsPath).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.ok(!stored.includes(session.url.split('session=')[1]), 'no session in the inbox or stream folders');

    sandbox.clock.advance(91 * 60_000); // the session webhook expires
    const later = await vscode.commands.executeCommand('dingtalk.replyToMessage', { id: item.id, text: `later ${run}` });
    assert.strictEqual(later, 'appRobot');
    assert.deepStrictEqual(robotMessages().at(-1)!.content, { type: 'text', content: `later ${run}` });
    assert.strictEqual(robotMessages().at(-1)!.msgtype, 'sampleText');
  });

  it('with two connections open, 50 mentions all reach the inbox exactly once', async () => {
    const api = await activateExtension();
    const { service, view } = api.stream;
    await when(service.onDidChangeStatus, () => service.status.state === 'connected', 'connected');
    // A second window that also holds a connection (a lease hand-over, or a window that hung past its lease):
    // its own client, writing into the same inbox folder as the extension's.
    const otherInbox = new InboxStore({ dir: path.join(api.context.globalStorageUri.fsPath, 'inbox'), watch: false });
    await otherInbox.start();
    const other = new StreamClient({
      gatewayUrl: () => gatewayUrlFor(sandbox.baseUrl),
      credentials: async () => ({ clientId: sandbox.demo.app.appKey, clientSecret: sandbox.demo.app.appSecret }),
      onRobotMessage: async (m) => void (await otherInbox.add(toInboxEntry(m, Date.now()))),
    });
    try {
      other.start();
      await withTimeout(sandbox.stream.hub.whenConnected(sandbox.demo.app.appKey, 2), 20_000, 'two connections');
      const badge = view.badge;
      const marker = `burst-${run}`;
      const results = [];
      for (let i = 0; i < 50; i++) results.push(await mention(`${marker} #${i}`, sandbox.demo.groups[i % 2]));
      const deliveries = sandbox.stream.hub.deliveries().filter((d) => String((d.data.text as { content?: string } | undefined)?.content ?? '').includes(marker));
      assert.strictEqual(deliveries.length, 50);
      await withTimeout(Promise.all(deliveries.map((d) => sandbox.stream.hub.whenAcked(d))), 30_000, 'every delivery ACKed');
      const perConnection = new Map<string, number>();
      for (const d of deliveries) perConnection.set(d.pushes[0].connectionId, (perConnection.get(d.pushes[0].connectionId) ?? 0) + 1);
      assert.strictEqual(perConnection.size, 2, `DingTalk spread them over both connections: ${JSON.stringify([...perConnection])}`);

      const ours = () => service.inbox.list().filter((i) => i.text.startsWith(marker));
      await when(service.inbox.onDidChange, () => ours().length >= 50, 'all 50 in the extension\'s inbox', 30_000);
      assert.strictEqual(ours().length, 50);
      assert.strictEqual(new Set(ours().map((i) => i.id)).size, 50, 'no duplicates');
      assert.deepStrictEqual(new Set(ours().map((i) => i.text)), new Set(Array.from({ length: 50 }, (_, i) => `${marker} #${i}`)));
      assert.strictEqual(view.badge, badge + 50);
      assert.deepStrictEqual(results.map((r) => r.deliveries.length), Array(50).fill(1));
    } finally {
      await other.dispose();
      otherInbox.dispose();
    }
    await vscode.commands.executeCommand('dingtalk.markAllMessagesRead');
    assert.strictEqual(view.badge, 0);
  });

  it('shows pictures and files as such, and answers 1:1 messages through their session webhook only', async () => {
    const api = await activateExtension();
    const { service, view } = api.stream;
    await when(service.onDidChangeStatus, () => service.status.state === 'connected', 'connected');
    const file = sandbox.stream.post({ to: sandbox.demo.app.robotCode, from: 'lina', msgtype: 'file', fileName: `周报-${run}.pdf` }).deliveries[0];
    const picture = sandbox.stream.post({ to: sandbox.demo.app.robotCode, from: 'lina', msgtype: 'picture' }).deliveries[0];
    await Promise.all([file, picture].map((d) => sandbox.stream.hub.whenAcked(d)));
    await when(service.inbox.onDidChange, () => !!service.inbox.get(String(picture.key)), 'both in the inbox');
    const label = (id: string) => String(view.getTreeItem({ kind: 'message', item: service.inbox.get(id)! }).label);
    assert.strictEqual(label(String(file.key)), `李娜: [File] 周报-${run}.pdf`);
    assert.strictEqual(label(String(picture.key)), '李娜: [Picture]');
    assert.strictEqual(view.getTreeItem({ kind: 'message', item: { ...service.inbox.get(String(file.key))!, read: true } }).description?.toString().startsWith('Direct message'), true);

    assert.strictEqual(await vscode.commands.executeCommand('dingtalk.replyToMessage', { id: String(file.key), text: '收到文件' }), 'sessionWebhook');
    assert.deepStrictEqual(sandbox.stream.chat.directReplies.at(-1)?.content, { type: 'text', content: '收到文件' });
    sandbox.clock.advance(91 * 60_000);
    // Expired: the app robot cannot answer a 1:1 chat, so nothing is sent and the user is told to answer in DingTalk.
    const replies = sandbox.stream.chat.directReplies.length;
    assert.strictEqual(await vscode.commands.executeCommand('dingtalk.replyToMessage', { id: String(file.key), text: 'too late' }), undefined);
    assert.strictEqual(sandbox.stream.chat.directReplies.length, replies);
    await vscode.commands.executeCommand('dingtalk.markAllMessagesRead');
  });

  it('shows the connection state in the status bar and turns it off from there', async () => {
    const api = await activateExtension();
    const { service, statusBar } = api.stream;
    await when(service.onDidChangeStatus, () => service.status.state === 'connected', 'connected');
    const [conn] = connections();
    const reconnecting = when(service.onDidChangeStatus, () => service.status.state === 'reconnecting', 'reconnecting');
    sandbox.stream.hub.drop(conn.id);
    await reconnecting;
    assert.strictEqual(statusBar.text, '$(sync~spin)');
    await when(service.onDidChangeStatus, () => service.status.state === 'connected', 'reconnected', 30_000);
    await vscode.commands.executeCommand('dingtalk.toggleStream');
    await when(service.onDidChangeStatus, () => service.status.state === 'off', 'off');
    assert.strictEqual(statusBar.text, '$(circle-slash)');
    assert.strictEqual(api.settings.streamEnabled, false);
  });
});
