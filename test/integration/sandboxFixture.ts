import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import { Sandbox, startSandbox } from '../sandbox/server';
import { activateExtension } from './helpers';

/**
 * Points the extension at an in-process DingTalk sandbox (machine-scoped endpoint settings, as a user would set
 * them) and gives each test a clean state: no destinations, an empty outbox, a reset sandbox.
 */
export async function useSandbox(): Promise<Sandbox> {
  const sandbox = await startSandbox({ port: 0 });
  const config = vscode.workspace.getConfiguration('dingtalk');
  await config.update('network.oapiBaseUrl', sandbox.baseUrl, vscode.ConfigurationTarget.Global);
  await config.update('network.apiBaseUrl', sandbox.baseUrl, vscode.ConfigurationTarget.Global);
  return sandbox;
}

export async function releaseSandbox(sandbox: Sandbox | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration('dingtalk');
  await config.update('network.oapiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
  await config.update('network.apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
  await sandbox?.close();
}

/**
 * Registers a suite's hooks: one sandbox for the suite (handed to `onStart`), and a clean state for every test —
 * no destinations, an empty outbox, a reset sandbox.
 */
export function useSandboxForSuite(onStart: (sandbox: Sandbox) => void): void {
  let sandbox: Sandbox | undefined;
  before(async () => {
    sandbox = await useSandbox();
    onStart(sandbox);
  });
  after(async () => {
    await clearDestinations();
    await releaseSandbox(sandbox);
  });
  beforeEach(async () => {
    await clearDestinations();
    sandbox?.reset();
  });
}

/** Adds the sandbox's signed custom robot as a destination, through the store (the UI flow has its own e2e test). */
export async function addSignedRobot(sandbox: Sandbox, name: string, secret?: string): Promise<void> {
  const api = await activateExtension();
  const robot = sandbox.demo.customRobots.find((r) => r.signingSecret);
  if (!robot) throw new Error('the demo org has no signed robot');
  await api.destinations.saveCustomRobot({ kind: 'customRobot', name }, { webhookUrl: robot.webhookUrl, signingSecret: secret ?? robot.signingSecret });
}

/** The fixture workspace folder (a temporary copy made by the runner). */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  return folder.uri.fsPath;
}

/** Makes the workspace a git repository with a GitHub origin and one commit; returns the commit id. */
export function makeGitRepo(remote = 'git@github.com:vscode-dingtalk/demo-project.git'): string {
  const cwd = workspaceRoot();
  const git = (...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' } }).trim();
  try {
    return git('rev-parse', 'HEAD');
  } catch {
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', remote);
    git('add', '-A');
    git('commit', '-q', '-m', 'fixture');
    return git('rev-parse', 'HEAD');
  }
}

export async function clearDestinations(): Promise<void> {
  const api = await activateExtension();
  for (const d of api.destinations.list()) await api.destinations.remove(d.name);
  for (const item of api.outbox.outbox.list()) await api.outbox.outbox.discard(item.id);
}

export async function selectLines(relativePath: string, startLine: number, endLine: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(`${workspaceRoot()}/${relativePath}`));
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(startLine - 1, 0, endLine - 1, doc.lineAt(endLine - 1).text.length);
  return editor;
}
