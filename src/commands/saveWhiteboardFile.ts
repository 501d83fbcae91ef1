import * as vscode from 'vscode';
import { safeFileName } from './exportWhiteboard';
import type { Services } from './services';

/**
 * DingTalk: Save Board to File… — writes the active board as a .dtboard file (diff-friendly JSON), to the file
 * it is linked to, or asks where. An unchanged board is not rewritten, so saving never touches a file for
 * nothing.
 */
export async function saveWhiteboardFile(services: Services, ...args: unknown[]): Promise<vscode.Uri | undefined> {
  const t = vscode.l10n.t;
  const { store } = services.whiteboard;
  const board = store.active();
  const given = args.find((a) => a instanceof vscode.Uri) as vscode.Uri | undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    given ??
    (board.file ? vscode.Uri.parse(board.file) : undefined) ??
    (await vscode.window.showSaveDialog({
      title: t('Save Board to File'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${safeFileName(board.name)}.dtboard`) : undefined,
      filters: { [t('DingTalk whiteboard')]: ['dtboard'] },
    }));
  if (!uri) return undefined;
  const text = store.serialize(board.id);
  const current = await vscode.workspace.fs.readFile(uri).then(
    (b) => new TextDecoder().decode(b),
    () => undefined,
  );
  if (current !== text) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  store.link(board.id, uri.toString(), text);
  services.logger.info('whiteboard', `${current === text ? 'unchanged' : 'saved'} ${uri.toString(true)}`);
  void vscode.window.setStatusBarMessage(t('$(check) Saved {0}', uri.path.split('/').pop() ?? ''), 5000);
  return uri;
}
