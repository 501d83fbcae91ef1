import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { unzipSync } from 'fflate';
import { Sandbox } from '../sandbox/server';
import { activateExtension } from './helpers';
import { useSandboxForSuite, workspaceRoot } from './sandboxFixture';
import { addAppGroup, copyShareFixtures, SHARE_FIXTURES, shareFromExplorer, writeWorkspaceFiles } from './shareFixture';

/** Share File from the Explorer's multi-selection and an editor tab, through the app robot, against the sandbox. */
describe('Share File: explorer selection to an app group', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  useSandboxForSuite((s) => (sandbox = s));

  it('shares a .ts, a .pdf and a .png as a zip, a file and an image, after the caption, byte-identical', async () => {
    const cid = await addAppGroup(sandbox, 'app');
    const [ts, pdf, png] = copyShareFixtures('shared files');
    // The clicked item comes first and again in the selection, as VS Code passes it; it is shared once.
    const outcome = await vscode.commands.executeCommand<any>('dingtalk.shareFile', pdf, [ts, pdf, png], { destination: 'app', caption: '三个文件 three files' });
    assert.deepStrictEqual(outcome.failed, []);
    assert.deepStrictEqual(outcome.shared, ['主 程序.ts', '设计 方案.pdf', '截图 1.png']);

    const contents = sandbox.state.messages(cid).map((m) => m.content as any);
    assert.deepStrictEqual(contents.map((c) => c.type), ['text', 'file', 'file', 'image']);
    assert.strictEqual(contents[0].content, '三个文件 three files');
    const [, zip, file, image] = contents;
    assert.deepStrictEqual([zip.fileName, zip.fileType], ['主 程序.ts.zip', 'zip']);
    const unzipped = unzipSync(new Uint8Array(sandbox.state.mediaBytes(zip.mediaId)!));
    assert.deepStrictEqual(Object.keys(unzipped), ['主 程序.ts']);
    assert.ok(Buffer.from(unzipped['主 程序.ts']).equals(fs.readFileSync(path.join(SHARE_FIXTURES, '主 程序.ts'))), 'the zip holds the .ts byte for byte');
    assert.deepStrictEqual([file.fileName, file.fileType], ['设计 方案.pdf', 'pdf']);
    assert.ok(sandbox.state.mediaBytes(file.mediaId)!.equals(fs.readFileSync(path.join(SHARE_FIXTURES, '设计 方案.pdf'))));
    assert.ok(sandbox.state.mediaBytes(image.photoURL)!.equals(fs.readFileSync(path.join(SHARE_FIXTURES, '截图 1.png'))));
    assert.deepStrictEqual(sandbox.state.media().map((m) => m.type), ['file', 'file', 'image']);
    assert.deepStrictEqual(sandbox.rejections(), []);
  });

  it('zips a folder without .git and what its .gitignore files exclude', async () => {
    const cid = await addAppGroup(sandbox, 'app');
    writeWorkspaceFiles({
      '.gitignore': '*.secret\n',
      'my project/.gitignore': 'node_modules/\n*.log\n!keep.log\n',
      'my project/.git/HEAD': 'ref: refs/heads/main\n',
      'my project/src/index.ts': 'export {};\n',
      'my project/src/debug.log': 'noise',
      'my project/src/keep.log': 'kept',
      'my project/src/api.secret': 'from the workspace .gitignore',
      'my project/node_modules/x/index.js': 'dependency',
      'my project/docs/.gitignore': 'drafts/\n',
      'my project/docs/drafts/wip.md': 'draft',
      'my project/docs/读我 README.md': '# 你好',
    });
    const folder = vscode.Uri.file(path.join(workspaceRoot(), 'my project'));
    const outcome = await shareFromExplorer([folder], { destination: 'app', caption: '' });
    assert.deepStrictEqual(outcome?.shared, ['my project']);
    const [message] = sandbox.state.messages(cid).map((m) => m.content as any);
    assert.deepStrictEqual([message.type, message.fileName], ['file', 'my project.zip']);
    const entries = unzipSync(new Uint8Array(sandbox.state.mediaBytes(message.mediaId)!));
    assert.deepStrictEqual(Object.keys(entries).sort(), [
      'my project/.gitignore',
      'my project/docs/.gitignore',
      'my project/docs/读我 README.md',
      'my project/src/index.ts',
      'my project/src/keep.log',
    ]);
    assert.strictEqual(Buffer.from(entries['my project/docs/读我 README.md']).toString('utf8'), '# 你好');
  });

  it('takes the files as named arguments too (the summary\'s Retry Failed runs it this way)', async () => {
    const cid = await addAppGroup(sandbox, 'app');
    const [, pdf, png] = copyShareFixtures('retry');
    const outcome = await vscode.commands.executeCommand<any>('dingtalk.shareFile', { uris: [png, pdf], destination: 'app', caption: '' });
    assert.deepStrictEqual(outcome.shared, ['截图 1.png', '设计 方案.pdf']);
    assert.deepStrictEqual(sandbox.state.messages(cid).map((m) => (m.content as any).type), ['image', 'file']);
  });

  it('shares the file of an editor tab (VS Code passes its Uri and the editor group)', async () => {
    const cid = await addAppGroup(sandbox, 'app');
    const [, pdf] = copyShareFixtures('tab');
    await vscode.commands.executeCommand('vscode.open', pdf);
    const api = await activateExtension();
    await vscode.workspace.getConfiguration('dingtalk').update('defaultDestination', 'app', vscode.ConfigurationTarget.Global);
    try {
      assert.strictEqual(api.settings.defaultDestination, 'app');
      const outcome = await vscode.commands.executeCommand<any>('dingtalk.shareFile', pdf, { groupId: 1 }, { caption: '' });
      assert.deepStrictEqual(outcome.shared, ['设计 方案.pdf']);
      assert.deepStrictEqual(sandbox.state.messages(cid).map((m) => (m.content as any).fileName), ['设计 方案.pdf']);
    } finally {
      await vscode.workspace.getConfiguration('dingtalk').update('defaultDestination', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
