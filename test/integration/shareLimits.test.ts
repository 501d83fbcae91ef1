import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Sandbox } from '../sandbox/server';
import { useSandboxForSuite, workspaceRoot } from './sandboxFixture';
import { addAppGroup, shareFromExplorer, writeWorkspaceFiles } from './shareFixture';

const MB = 1024 * 1024;

/** Limits are checked before the first upload, and the message names the file and the limit. */
describe('Share File: limits before upload', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  useSandboxForSuite((s) => (sandbox = s));

  it('refuses a 25 MB file before any upload, naming the file and the 20 MB limit', async () => {
    const cid = await addAppGroup(sandbox, 'app');
    const big = path.join(workspaceRoot(), 'big files', '季度 报告.pdf');
    fs.mkdirSync(path.dirname(big), { recursive: true });
    fs.writeFileSync(big, Buffer.alloc(25 * MB, 0x25));
    const outcome = await shareFromExplorer([vscode.Uri.file(big)], { destination: 'app', caption: 'never sent' });
    assert.deepStrictEqual(outcome?.shared, []);
    assert.strictEqual(outcome?.failed.length, 1);
    const [failure] = outcome!.failed;
    assert.strictEqual(failure.code, 'tooLarge');
    assert.match(failure.message, /季度 报告\.pdf/);
    assert.match(failure.message, /25 MB/);
    assert.match(failure.message, /20 MB/);
    assert.deepStrictEqual(sandbox.state.media(), [], 'the sandbox saw no upload');
    assert.deepStrictEqual(sandbox.state.messages(cid), []);
    assert.deepStrictEqual(sandbox.rejections(), []);
  });

  it('shares the others after refusing an empty file and a too-large image, when the user agrees', async () => {
    const cid = await addAppGroup(sandbox, 'app');
    const uris = writeWorkspaceFiles({ 'mixed/empty.pdf': '', 'mixed/huge.png': Buffer.alloc(21 * MB, 1), 'mixed/ok.pdf': '%PDF-1.4 ok' });
    const outcome = await shareFromExplorer(uris, { destination: 'app', caption: '', shareRemaining: true });
    assert.deepStrictEqual(outcome?.shared, ['ok.pdf']);
    assert.deepStrictEqual(outcome?.failed.map((f) => [f.name, f.code]), [['empty.pdf', 'empty'], ['huge.png', 'tooLarge']]);
    assert.match(outcome!.failed[1].message, /huge\.png is 21 MB; DingTalk accepts images of at most 20 MB/);
    assert.deepStrictEqual(sandbox.state.media().map((m) => m.fileName), ['ok.pdf']);
    assert.deepStrictEqual(sandbox.state.messages(cid).map((m) => (m.content as { fileName?: string }).fileName), ['ok.pdf']);
  });

  it('shares nothing when the user declines to share the others', async () => {
    const cid = await addAppGroup(sandbox, 'app');
    const uris = writeWorkspaceFiles({ 'declined/empty.pdf': '', 'declined/ok.pdf': '%PDF-1.4 ok' });
    const outcome = await shareFromExplorer(uris, { destination: 'app', caption: '', shareRemaining: false });
    assert.strictEqual(outcome?.cancelled, true);
    assert.deepStrictEqual(sandbox.state.media(), []);
    assert.deepStrictEqual(sandbox.state.messages(cid), []);
  });

  it('refuses a selection of more items than one share takes, before reading any', async () => {
    await addAppGroup(sandbox, 'app');
    const files: Record<string, string> = {};
    for (let i = 0; i < 21; i++) files[`many/f${i}.pdf`] = `%PDF ${i}`;
    const outcome = await shareFromExplorer(writeWorkspaceFiles(files), { destination: 'app', caption: '' });
    assert.match(outcome?.batchProblem ?? '', /21 items are selected; one share takes at most 20/);
    assert.deepStrictEqual(sandbox.state.media(), []);
  });
});
