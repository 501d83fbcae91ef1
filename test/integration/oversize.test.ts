import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { unzipSync } from 'fflate';
import { Sandbox } from '../sandbox/server';
import { activateExtension } from './helpers';
import { addSignedRobot, selectLines, useSandboxForSuite, workspaceRoot } from './sandboxFixture';

/** A selection larger than DingTalk accepts is never cut silently: it is split, or (app robot) sent as a file. */
describe('an oversized selection', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  const lines = Array.from({ length: 1500 }, (_, i) => `export const value${i} = ${JSON.stringify(`行 ${i} — ${'x'.repeat(20)}`)};`);

  useSandboxForSuite((s) => (sandbox = s));
  before(() => {
    fs.writeFileSync(path.join(workspaceRoot(), 'src', 'big.ts'), `${lines.join('\n')}\n`);
    fs.writeFileSync(path.join(workspaceRoot(), 'src', '大文件.ts'), `${lines.join('\n')}\n`);
  });

  it('is split into several messages whose code reassembles exactly', async () => {
    const api = await activateExtension();
    await addSignedRobot(sandbox, 'split');
    await selectLines('src/big.ts', 1, lines.length);
    const ids = (await vscode.commands.executeCommand('dingtalk.sendSelection', { destination: 'split', note: '', oversize: 'split' })) as string[];
    assert.ok(ids.length >= 3, `split into ${ids.length}`);
    for (const id of ids) assert.strictEqual((await api.outbox.outbox.whenSettled(id)).outcome, 'delivered');
    const robot = sandbox.demo.customRobots.find((r) => r.signingSecret)!;
    const texts = sandbox.state.messages(robot.openConversationId).map((m) => (m.content as { text: string }).text);
    assert.strictEqual(texts.length, ids.length);
    const code = texts.map((t) => /```typescript\n([\s\S]*?)\n```/.exec(t)?.[1] ?? '').join('\n');
    assert.strictEqual(code, lines.join('\n'));
    texts.forEach((t, i) => assert.ok(t.includes(`Part ${i + 1}/${texts.length}`), `part marker in message ${i + 1}`));
    assert.deepStrictEqual(sandbox.rejections(), []);
  });

  it('is sent as a .zip file through the app robot, byte-identical, its Chinese name intact for unzip', async () => {
    const api = await activateExtension();
    await api.destinations.saveApp({ appKey: sandbox.demo.app.appKey, robotCode: sandbox.demo.app.robotCode }, sandbox.demo.app.appSecret);
    const group = sandbox.demo.groups[0];
    await api.destinations.saveAppGroup({ kind: 'appGroup', name: 'app', openConversationId: group.openConversationId });
    await selectLines('src/大文件.ts', 1, lines.length);
    const ids = (await vscode.commands.executeCommand('dingtalk.sendSelection', { destination: 'app', note: 'the whole file', oversize: 'file' })) as string[];
    for (const id of ids) assert.strictEqual((await api.outbox.outbox.whenSettled(id)).outcome, 'delivered');
    const messages = sandbox.state.messages(group.openConversationId);
    const file = messages.map((m) => m.content).find((c) => c.type === 'file') as { mediaId: string; fileName: string; fileType: string } | undefined;
    assert.ok(file, `a file message: ${JSON.stringify(messages.map((m) => m.content.type))}`);
    assert.strictEqual(file.fileType, 'zip');
    const bytes = new Uint8Array(sandbox.state.mediaBytes(file.mediaId)!);
    const zip = unzipSync(bytes);
    const [entry] = Object.keys(zip);
    assert.strictEqual(entry, `大文件-L1-${lines.length}.ts`);
    // The central directory says "made by Unix" (high byte of "version made by" = 3): Info-ZIP's unzip would
    // re-encode the UTF-8 name of an MS-DOS entry as CP437 and write a garbled file name.
    const central = Buffer.from(bytes).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    assert.ok(central > 0, 'a central directory entry');
    assert.strictEqual(bytes[central + 5], 3);
    assert.strictEqual(Buffer.from(zip[entry]).toString('utf8').replace(/\n$/, ''), lines.join('\n'));
  });
});
