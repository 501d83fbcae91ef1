import * as assert from 'assert';
import * as fs from 'fs';
import { Sandbox } from '../sandbox/server';
import { useSandboxForSuite } from './sandboxFixture';
import { addAppGroup, shareFromExplorer, until, writeWorkspaceFiles } from './shareFixture';

/** Files deleted while a share runs: one already read keeps its upload; one not read yet fails with its name. */
describe('Share File: files that vanish during the share', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  useSandboxForSuite((s) => (sandbox = s));

  it('uploads what was read, reports the vanished file by name, and sends the rest', async () => {
    const cid = await addAppGroup(sandbox, 'app');
    const [first, second, third] = writeWorkspaceFiles({ 'vanish/a 一.pdf': '%PDF first', 'vanish/b 二.pdf': '%PDF second', 'vanish/c 三.pdf': '%PDF third' });
    const held = sandbox.addFault({ match: { path: '/media/upload' }, action: { delayMs: 1_500 }, count: 1 });
    const sharing = shareFromExplorer([first, second, third], { destination: 'app', caption: '' });

    await until(() => held.hits === 1, 'the first upload to reach the sandbox');
    fs.rmSync(first.fsPath); // already read: its upload goes on
    fs.rmSync(third.fsPath); // not read yet
    const outcome = await sharing;

    assert.deepStrictEqual(outcome?.shared, ['a 一.pdf', 'b 二.pdf']);
    assert.deepStrictEqual(outcome?.failed.map((f) => [f.name, f.code]), [['c 三.pdf', 'notFound']]);
    assert.match(outcome!.failed[0].message, /c 三\.pdf no longer exists/);
    const files = sandbox.state.messages(cid).map((m) => m.content as { fileName: string; mediaId: string });
    assert.deepStrictEqual(files.map((f) => f.fileName), ['a 一.pdf', 'b 二.pdf']);
    assert.strictEqual(sandbox.state.mediaBytes(files[0].mediaId)!.toString(), '%PDF first');
  });
});
