import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ShareOutcome } from '../../src/commands/shareFileArgs';
import { Sandbox } from '../sandbox/server';
import { activateExtension } from './helpers';
import { workspaceRoot } from './sandboxFixture';

/** The Share File tests' fixtures (a .ts, a .pdf and a .png with Unicode names and spaces). */
export const SHARE_FIXTURES = path.join(process.env.DT_REPO_ROOT ?? path.resolve(__dirname, '..', '..', '..'), 'test', 'fixtures', 'share');

/** Configures the sandbox's enterprise app and one of its groups as the destination `name`; returns the group id. */
export async function addAppGroup(sandbox: Sandbox, name: string): Promise<string> {
  const api = await activateExtension();
  await api.destinations.saveApp({ appKey: sandbox.demo.app.appKey, robotCode: sandbox.demo.app.robotCode }, sandbox.demo.app.appSecret);
  const group = sandbox.demo.groups[0];
  await api.destinations.saveAppGroup({ kind: 'appGroup', name, openConversationId: group.openConversationId });
  return group.openConversationId;
}

/** Writes `files` (workspace-relative path → content) into the workspace; returns their URIs in order. */
export function writeWorkspaceFiles(files: Record<string, string | Uint8Array>): vscode.Uri[] {
  return Object.entries(files).map(([rel, content]) => {
    const full = path.join(workspaceRoot(), rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    return vscode.Uri.file(full);
  });
}

/** Copies the share fixtures into `folder` of the workspace; returns [ts, pdf, png] URIs. */
export function copyShareFixtures(folder: string): vscode.Uri[] {
  return ['主 程序.ts', '设计 方案.pdf', '截图 1.png'].map((name) => {
    const target = path.join(workspaceRoot(), folder, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(SHARE_FIXTURES, name), target);
    return vscode.Uri.file(target);
  });
}

/** Runs the command the way the Explorer does: the clicked item, then the whole selection, then named arguments. */
export function shareFromExplorer(uris: readonly vscode.Uri[], args: Record<string, unknown>): Thenable<ShareOutcome | undefined> {
  return vscode.commands.executeCommand<ShareOutcome | undefined>('dingtalk.shareFile', uris[0], [...uris], args);
}

/** Resolves once `condition` holds (checked every 10 ms), or rejects with `what` after `ms`. */
export async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
