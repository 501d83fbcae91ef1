import * as assert from 'assert';
import * as vscode from 'vscode';
import { Sandbox } from '../sandbox/server';
import { activateExtension } from './helpers';
import { addSignedRobot, clearDestinations, makeGitRepo, releaseSandbox, selectLines, useSandbox } from './sandboxFixture';

/** Send Selection in the real extension host against the sandbox. */
describe('Send Selection against the DingTalk sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let commit: string;

  before(async () => {
    sandbox = await useSandbox();
    commit = makeGitRepo();
  });
  after(async () => {
    await clearDestinations();
    await releaseSandbox(sandbox);
  });
  beforeEach(async () => {
    await clearDestinations();
    sandbox.reset();
  });

  it('reads machine-scoped endpoint settings', async () => {
    const api = await activateExtension();
    assert.strictEqual(api.settings.endpoints.oapiBaseUrl, sandbox.baseUrl);
    assert.strictEqual(api.settings.endpoints.apiBaseUrl, sandbox.baseUrl);
  });

  it('sends the selected lines as markdown with path, lines, language fence and a permalink', async () => {
    const api = await activateExtension();
    await addSignedRobot(sandbox, 'team');
    await selectLines('src/hello.ts', 2, 5);
    const ids = (await vscode.commands.executeCommand('dingtalk.sendSelection', { destination: 'team', note: 'Please review 请看一下', mentions: [] })) as string[];
    assert.strictEqual(ids.length, 1);
    const settled = await api.outbox.outbox.whenSettled(ids[0]);
    assert.strictEqual(settled.outcome, 'delivered', JSON.stringify(settled.error?.message));
    const robot = sandbox.demo.customRobots.find((r) => r.signingSecret)!;
    const messages = sandbox.state.messages(robot.openConversationId);
    assert.strictEqual(messages.length, 1);
    const m = messages[0];
    assert.strictEqual(m.msgtype, 'markdown');
    const content = m.content as { title: string; text: string };
    assert.strictEqual(content.title, 'hello.ts:2-5');
    const expected = [
      '### hello.ts:2-5',
      '',
      'Please review 请看一下',
      '',
      '`src/hello.ts` · Lines 2-5 · TypeScript',
      '',
      `Branch: \`main\` · Commit: \`${commit.slice(0, 7)}\` · [View on GitHub](https://github.com/vscode-dingtalk/demo-project/blob/${commit}/src/hello.ts#L2-L5)`,
      '',
      '```typescript',
      'export function greet(name: string): string {',
      '  // TODO(@alice): localise the greeting',
      '  return `Hello, ${name}!`;',
      '}',
      '```',
    ].join('\n');
    assert.strictEqual(content.text, expected);
    assert.deepStrictEqual(sandbox.rejections(), []);
  });

  it('"@all" through a custom robot notifies the whole group (at.isAtAll) and says so in the text', async () => {
    const api = await activateExtension();
    await addSignedRobot(sandbox, 'team');
    await selectLines('src/hello.ts', 2, 2);
    const [id] = (await vscode.commands.executeCommand('dingtalk.sendSelection', { destination: 'team', note: 'Heads up', mentionEveryone: true })) as string[];
    assert.strictEqual((await api.outbox.outbox.whenSettled(id)).outcome, 'delivered');
    const [message] = sandbox.state.allMessages();
    assert.strictEqual(message.atAll, true);
    assert.ok((message.content as { text: string }).text.includes('Heads up\n\n@all\n\n'), JSON.stringify(message.content));
    assert.deepStrictEqual(sandbox.rejections(), []);
  });

  it('"Send Message…" sends a plain text message: through a custom robot with @mentions, through the app robot with names', async () => {
    const api = await activateExtension();
    const config = vscode.workspace.getConfiguration('dingtalk');
    await config.update('members', { lina: '13800000002', alice: { mobile: '13800000004', userId: 'alice.chen' } }, vscode.ConfigurationTarget.Global);
    try {
      await addSignedRobot(sandbox, 'team');
      const [id] = (await vscode.commands.executeCommand('dingtalk.sendMessage', { destination: 'team', text: 'Release 1.2 is on staging 预发布', mentions: ['lina', 'alice'] })) as string[];
      assert.strictEqual((await api.outbox.outbox.whenSettled(id)).outcome, 'delivered');
      const [message] = sandbox.state.allMessages();
      assert.strictEqual(message.msgtype, 'text');
      assert.deepStrictEqual(message.content, { type: 'text', content: 'Release 1.2 is on staging 预发布\n\n@13800000002 @alice.chen' });
      assert.deepStrictEqual(message.mentions.map((m) => [m.userid, m.inContent]), [['lina', true], ['alice.chen', true]]);

      await api.destinations.saveApp({ appKey: sandbox.demo.app.appKey, robotCode: sandbox.demo.app.robotCode }, sandbox.demo.app.appSecret);
      const group = sandbox.demo.groups[0];
      await api.destinations.saveAppGroup({ kind: 'appGroup', name: 'app', openConversationId: group.openConversationId });
      const [appId] = (await vscode.commands.executeCommand('dingtalk.sendMessage', { destination: 'app', text: 'Standup moved to 10:30', mentions: ['lina'] })) as string[];
      assert.strictEqual((await api.outbox.outbox.whenSettled(appId)).outcome, 'delivered');
      const appMessage = sandbox.state.messages(group.openConversationId).at(-1)!;
      assert.deepStrictEqual([appMessage.sender.kind, appMessage.content], ['appRobot', { type: 'text', content: 'Standup moved to 10:30\n\nTo: lina' }]);
      assert.deepStrictEqual(sandbox.rejections(), []);
    } finally {
      await config.update('members', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('"Send Message…" sends nothing that is empty, too long for DingTalk, or (when declined) holds a secret', async () => {
    await addSignedRobot(sandbox, 'team');
    assert.strictEqual(await vscode.commands.executeCommand('dingtalk.sendMessage', { destination: 'team', text: '   ' }), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('dingtalk.sendMessage', { destination: 'team', text: '长'.repeat(7_000) }), undefined);
    const secret = `the key is ${'AKIA' + 'Q3EGRXZ7K2M4N5P6'}`;
    assert.strictEqual(await vscode.commands.executeCommand('dingtalk.sendMessage', { destination: 'team', text: secret, sendDespiteSecrets: false }), undefined);
    assert.strictEqual(sandbox.state.allMessages().length, 0);
    // The same text goes when the user says so: it was the guard that stopped it.
    const api = await activateExtension();
    const [id] = (await vscode.commands.executeCommand('dingtalk.sendMessage', { destination: 'team', text: secret, sendDespiteSecrets: true })) as string[];
    assert.strictEqual((await api.outbox.outbox.whenSettled(id)).outcome, 'delivered');
    assert.strictEqual(sandbox.state.allMessages().length, 1);
  });

  it('sends several selections together in one message, in document order', async () => {
    const api = await activateExtension();
    await addSignedRobot(sandbox, 'team');
    const editor = await selectLines('src/hello.ts', 4, 4);
    editor.selections = [new vscode.Selection(3, 0, 3, 10), new vscode.Selection(1, 0, 1, 5)];
    const [id] = (await vscode.commands.executeCommand('dingtalk.sendSelection', { destination: 'team', note: '' })) as string[];
    assert.strictEqual((await api.outbox.outbox.whenSettled(id)).outcome, 'delivered');
    const text = (sandbox.state.allMessages()[0].content as { title: string; text: string });
    assert.strictEqual(text.title, 'hello.ts:2 (+1 more)');
    const first = text.text.indexOf('export function greet');
    const second = text.text.indexOf('return `Hello');
    assert.ok(first > 0 && second > first, text.text);
    assert.strictEqual((text.text.match(/```typescript/g) ?? []).length, 2);
  });

  it('ignores endpoint settings in workspace settings (a cloned repo cannot redirect secrets)', async () => {
    const api = await activateExtension();
    const config = vscode.workspace.getConfiguration('dingtalk');
    // VS Code itself refuses to write a machine-scoped setting to the workspace…
    await assert.rejects(Promise.resolve(config.update('network.oapiBaseUrl', 'http://attacker.invalid', vscode.ConfigurationTarget.Workspace)));
    // …and the extension reads only the user/machine layer.
    assert.strictEqual(api.settings.endpoints.oapiBaseUrl, sandbox.baseUrl);
  });

  it('says what it needs when nothing is selected', async () => {
    await addSignedRobot(sandbox, 'team');
    const editor = await selectLines('src/hello.ts', 2, 2);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const result = await vscode.commands.executeCommand('dingtalk.sendSelection', { destination: 'team', note: '' });
    assert.strictEqual(result, undefined);
    assert.strictEqual(sandbox.state.allMessages().length, 0);
  });

  it('reports a wrong signing secret as signMismatch and keeps the message for a retry', async () => {
    const api = await activateExtension();
    await addSignedRobot(sandbox, 'team', `SEC${'0'.repeat(64)}`);
    await selectLines('src/hello.ts', 2, 3);
    const [id] = (await vscode.commands.executeCommand('dingtalk.sendSelection', { destination: 'team', note: '' })) as string[];
    const settled = await api.outbox.outbox.whenSettled(id);
    assert.strictEqual(settled.outcome, 'failed');
    assert.strictEqual(settled.error?.kind, 'signMismatch');
    assert.ok(api.outbox.outbox.list().some((i) => i.id === id && i.state === 'failed'), 'the message is kept, not lost');
    // Fix the secret and retry: delivered exactly once.
    const robot = sandbox.demo.customRobots.find((r) => r.signingSecret)!;
    await api.destinations.updateSigningSecret('team', robot.signingSecret);
    await api.outbox.outbox.retry(id);
    assert.strictEqual((await api.outbox.outbox.whenSettled(id)).outcome, 'delivered');
    assert.strictEqual(sandbox.state.messages(robot.openConversationId).length, 1);
  });
});
