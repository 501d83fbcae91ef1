import * as vscode from 'vscode';
import type { MessageLink } from '../core/stream/messageLinks';

/** A code location from a message, as passed to the "open" command. */
export type LinkTarget = Pick<MessageLink, 'path' | 'line' | 'endLine' | 'url' | 'repo'>;

/**
 * Finds a message's `path:line` or permalink in the workspace: first the path under each workspace folder (a
 * folder named like the permalink's repository first), then anywhere in the workspace by its trailing segments.
 * Paths that climb out of a folder (`..`) are refused.
 */
export async function resolveLink(target: LinkTarget): Promise<vscode.Uri | undefined> {
  const segments = target.path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.includes('..')) return undefined;
  const folders = [...(vscode.workspace.workspaceFolders ?? [])];
  if (target.repo) folders.sort((a, b) => Number(b.name === target.repo) - Number(a.name === target.repo));
  for (const folder of folders) {
    const uri = vscode.Uri.joinPath(folder.uri, ...segments);
    if (await isFile(uri)) return uri;
  }
  if (folders.length === 0) return undefined;
  const glob = `**/${segments.map(escapeGlob).join('/')}`;
  const found = await vscode.workspace.findFiles(glob, '**/node_modules/**', 2);
  return found[0];
}

/** Opens the location with its lines selected; false when it is not in the workspace. */
export async function openLink(target: LinkTarget): Promise<boolean> {
  const uri = await resolveLink(target);
  if (!uri) return false;
  const document = await vscode.workspace.openTextDocument(uri);
  const last = Math.max(0, document.lineCount - 1);
  const start = Math.min(Math.max((target.line ?? 1) - 1, 0), last);
  const end = Math.min(Math.max((target.endLine ?? target.line ?? 1) - 1, start), last);
  const selection = new vscode.Selection(start, 0, end, document.lineAt(end).text.length);
  await vscode.window.showTextDocument(document, { selection, preview: true });
  return true;
}

/** What the link shows as: `path:line[-end]`. */
export function linkLabel(target: LinkTarget): string {
  if (!target.line) return target.path;
  return `${target.path}:${target.line}${target.endLine && target.endLine !== target.line ? `-${target.endLine}` : ''}`;
}

async function isFile(uri: vscode.Uri): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(uri)).type === vscode.FileType.File;
  } catch {
    return false;
  }
}

function escapeGlob(segment: string): string {
  return segment.replace(/[[\]{}()*?!]/g, (c) => `[${c}]`);
}
