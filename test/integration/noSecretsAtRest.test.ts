import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Sandbox } from '../sandbox/server';
import { activateExtension } from './helpers';
import { addSignedRobot, clearDestinations, makeGitRepo, releaseSandbox, selectLines, useSandbox, workspaceRoot } from './sandboxFixture';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * After a full flow (pasted secret moved to the keychain, enterprise app configured, destinations added, code sent,
 * a test message, a wrong-secret failure), walks every place the extension persists or prints anything and
 * finds no secret: settings.json files, global and workspace state, the extension's global storage (outbox),
 * its log (files and every line written), and the webview.
 */
describe('no secret at rest', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  const lines: string[] = [];
  let tap: vscode.Disposable | undefined;

  before(async () => {
    sandbox = await useSandbox();
    makeGitRepo();
    const api = await activateExtension();
    tap = api.logger.tap((_level, line) => lines.push(line));
  });
  after(async () => {
    tap?.dispose();
    await clearDestinations();
    await releaseSandbox(sandbox);
  });

  it('keeps every secret out of settings, state, storage, logs and the webview', async () => {
    const api = await activateExtension();
    await clearDestinations();
    const signed = sandbox.demo.customRobots.find((r) => r.signingSecret)!;
    const keyword = sandbox.demo.customRobots.find((r) => r.keywords?.length)!;

    // 1. A webhook URL pasted into settings is found and moved into the keychain.
    const config = vscode.workspace.getConfiguration('dingtalk');
    await config.update('webhook', keyword.webhookUrl, vscode.ConfigurationTarget.Global);
    const found = await api.pastedSecrets.check();
    assert.ok(found.some((f) => f.kind === 'webhookUrl' && f.settingKey === 'webhook'), `found: ${JSON.stringify(found.map((f) => f.path))}`);
    await api.pastedSecrets.move(found, 'keywords group');
    assert.strictEqual(vscode.workspace.getConfiguration('dingtalk').inspect('webhook')?.globalValue, undefined, 'removed from settings');
    assert.strictEqual((await api.destinations.customRobotCredentials('keywords group'))?.webhookUrl, keyword.webhookUrl);
    await api.destinations.saveCustomRobot({ kind: 'customRobot', name: 'keywords group', keywords: keyword.keywords }, { webhookUrl: keyword.webhookUrl });

    // 2. The enterprise app, a signed robot, a robot with a wrong secret.
    await api.destinations.saveApp({ appKey: sandbox.demo.app.appKey, robotCode: sandbox.demo.app.robotCode }, sandbox.demo.app.appSecret);
    await api.destinations.saveAppGroup({ kind: 'appGroup', name: 'app group', openConversationId: sandbox.demo.groups[0].openConversationId });
    await addSignedRobot(sandbox, 'signed group');
    const wrongSecret = `SEC${'1'.repeat(64)}`;
    await addSignedRobot(sandbox, 'wrong secret', wrongSecret);

    // 3. Send to each; test a destination.
    await selectLines('src/hello.ts', 2, 4);
    for (const destination of ['signed group', 'keywords group', 'app group', 'wrong secret']) {
      const [id] = (await vscode.commands.executeCommand('dingtalk.sendSelection', { destination, note: `to ${destination}` })) as string[];
      const settled = await api.outbox.outbox.whenSettled(id);
      assert.strictEqual(settled.outcome, destination === 'wrong secret' ? 'failed' : 'delivered', `${destination}: ${settled.error?.message}`);
    }
    assert.strictEqual(await vscode.commands.executeCommand('dingtalk.testDestination', 'signed group'), true);
    const appToken = await (await api.dingtalk.app()).tokens.getToken({ appKey: sandbox.demo.app.appKey, appSecret: sandbox.demo.app.appSecret });

    const secrets = [
      signed.signingSecret!,
      wrongSecret,
      sandbox.demo.app.appSecret,
      appToken,
      ...sandbox.demo.customRobots.map((r) => new URL(r.webhookUrl).searchParams.get('access_token')!),
    ];
    const places: Array<[string, string]> = [];
    // settings.json files of every layer, and the workspace's.
    const userData = process.env.DT_USER_DATA_DIR;
    assert.ok(userData, 'the runner passes DT_USER_DATA_DIR');
    for (const f of filesUnder(userData).filter((f) => f.endsWith('settings.json'))) places.push([f, fs.readFileSync(f, 'utf8')]);
    for (const f of filesUnder(path.join(workspaceRoot(), '.vscode'))) places.push([f, fs.readFileSync(f, 'utf8')]);
    // global and workspace state.
    for (const key of api.context.globalState.keys()) places.push([`globalState ${key}`, JSON.stringify(api.context.globalState.get(key))]);
    for (const key of api.context.workspaceState.keys()) places.push([`workspaceState ${key}`, JSON.stringify(api.context.workspaceState.get(key))]);
    // the extension's own storage (the outbox folder and anything else it writes).
    for (const f of [...filesUnder(api.context.globalStorageUri.fsPath), ...filesUnder(api.context.storageUri?.fsPath ?? '')]) places.push([f, fs.readFileSync(f, 'utf8')]);
    // the log: every line written in this test, and the log files on disk.
    places.push(['log lines', lines.join('\n')]);
    for (const f of filesUnder(path.dirname(api.context.logUri.fsPath)).filter((f) => f.includes('vscode-dingtalk'))) places.push([f, fs.readFileSync(f, 'utf8')]);
    // the webview page.
    places.push(['whiteboard html', api.whiteboard.html ?? '']);

    assert.ok(places.length > 8, `walked ${places.length} places`);
    assert.ok(lines.length > 5, 'the flow logged');
    assert.ok(places.some(([p]) => p.includes('outbox')), 'the outbox folder was walked');
    for (const [place, text] of places) {
      for (const secret of secrets) {
        assert.ok(!text.includes(secret) && !text.includes(encodeURIComponent(secret)), `a secret (${secret.slice(0, 4)}…) is in ${place}`);
      }
    }
  });

  it('does not turn a pasted URL that is not a DingTalk webhook into a chat', async () => {
    const api = await activateExtension();
    const config = vscode.workspace.getConfiguration('dingtalk');
    await config.update('webhook', 'https://hooks.example.net/robot/send?access_token=0123456789abcdef0123', vscode.ConfigurationTarget.Global);
    try {
      const webhook = (await api.pastedSecrets.check()).filter((f) => f.kind === 'webhookUrl');
      assert.strictEqual(webhook.length, 1, 'still reported as a secret in plain text');
      await api.pastedSecrets.move(webhook, 'planted');
      assert.strictEqual(api.destinations.get('planted'), undefined, 'not added as a destination');
    } finally {
      await config.update('webhook', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
