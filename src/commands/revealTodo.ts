import * as vscode from 'vscode';
import type { Services } from './services';

/** Opens a TODO from the view: (uri, line, column). Hidden from the palette. */
export async function revealTodo(_services: Services, ...args: unknown[]): Promise<void> {
  const [uri, line, column] = args;
  if (typeof uri !== 'string' || typeof line !== 'number') return;
  const position = new vscode.Position(line, typeof column === 'number' ? column : 0);
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(position, position), preview: true });
}
