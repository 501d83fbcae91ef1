import * as assert from 'assert';
import * as vscode from 'vscode';
import { Sandbox } from '../sandbox/server';
import { activateExtension } from './helpers';
import { useSandboxForSuite } from './sandboxFixture';
import { addAppGroup, shareFromExplorer, until, writeWorkspaceFiles } from './shareFixture';

/**
 * Cancelling mid-batch posts nothing: the sandbox holds the second upload (a fault delays it), the test cancels
 * while it is in flight, and the group must stay empty — not the caption, not the first file.
 */
describe('Share File: cancelling mid-batch', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  useSandboxForSuite((s) => (sandbox = s));

  it('leaves no message in the group and nothing in the outbox', async () => {
    const cid = await addAppGroup(sandbox, 'app');
    const uris = writeWorkspaceFiles({ 'cancel/one.pdf': '%PDF one', 'cancel/two.pdf': '%PDF two', 'cancel/three.pdf': '%PDF three' });
    // Faults are taken in order: the first upload passes (1 ms), the second is held for 5 s.
    sandbox.addFault({ match: { path: '/media/upload' }, action: { delayMs: 1 }, count: 1 });
    const held = sandbox.addFault({ match: { path: '/media/upload' }, action: { delayMs: 5_000 }, count: 1 });
    const cancel = new vscode.CancellationTokenSource();
    const sharing = shareFromExplorer(uris, { destination: 'app', caption: 'should never appear', cancellation: cancel.token });

    await until(() => held.hits === 1, 'the second upload to reach the sandbox');
    assert.strictEqual(sandbox.state.media().length, 1, 'the first upload finished');
    cancel.cancel();
    const outcome = await sharing;

    assert.strictEqual(outcome?.cancelled, true);
    assert.deepStrictEqual(outcome?.shared, []);
    assert.deepStrictEqual(outcome?.messageIds, []);
    assert.deepStrictEqual(sandbox.state.messages(cid), []);
    const api = await activateExtension();
    assert.deepStrictEqual(api.outbox.outbox.list(), [], 'nothing was queued to go out later');
  });
});
