import * as vscode from 'vscode';
import { BoardFileError, parseBoard, serializeBoard } from '../shared/board/serialize';
import { textHash } from '../host/whiteboardStore';
import type { Services } from './services';

/**
 * DingTalk: Open Board File… — loads a .dtboard file into the sidebar as a board linked to that file. The file
 * is only read: nothing is written and nothing counts as changed until the board is edited. Opening a file
 * that is already open brings in its current content (say, after a git pull), unless the board has edits the
 * file lacks — then it asks first.
 */
export async function openWhiteboardFile(services: Services, ...args: unknown[]): Promise<string | undefined> {
  const t = vscode.l10n.t;
  const given = args.find((a) => a instanceof vscode.Uri) as vscode.Uri | undefined;
  const uri =
    given ??
    (
      await vscode.window.showOpenDialog({
        title: t('Open Board File'),
        canSelectMany: false,
        filters: { [t('DingTalk whiteboard')]: ['dtboard'] },
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      })
    )?.[0];
  if (!uri) return undefined;
  let shapes;
  try {
    shapes = parseBoard(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  } catch (err) {
    void vscode.window.showErrorMessage(t('Cannot open {0}: {1}', uri.path.split('/').pop() ?? '', describeFileError(err)));
    return undefined;
  }
  const { store } = services.whiteboard;
  const text = serializeBoard(shapes);
  const existing = store.boards().find((b) => b.file === uri.toString());
  let id: string;
  if (existing) {
    id = existing.id;
    if (store.serialize(id) !== text) {
      if (store.differsFromFile(id)) {
        const reload = t('Reload from File');
        const answer = await vscode.window.showWarningMessage(t('The board "{0}" has changes that are not in {1}. Replace them with the file\'s content?', existing.name, uri.path.split('/').pop() ?? ''), { modal: true }, reload);
        if (answer !== reload) {
          await services.whiteboard.show(id);
          return id;
        }
      }
      store.replace(id, shapes);
    }
    store.link(id, uri.toString(), text);
  } else {
    const name = (uri.path.split('/').pop() ?? '').replace(/\.dtboard$/i, '');
    id = store.create(name, shapes, { file: uri.toString(), savedHash: textHash(text) }).id;
  }
  await services.whiteboard.show(id);
  await vscode.commands.executeCommand('dingtalk.whiteboard.focus');
  services.logger.info('whiteboard', `opened ${uri.toString(true)} (${shapes.length} shapes)`);
  return id;
}

function describeFileError(err: unknown): string {
  const t = vscode.l10n.t;
  if (!(err instanceof BoardFileError)) return (err as Error).message;
  switch (err.problem) {
    case 'notJson':
      return t('it is not JSON.');
    case 'notBoard':
      return t('it is not a DingTalk whiteboard file.');
    case 'newerVersion':
      return t('it was saved by a newer version of the extension.');
    case 'tooLarge':
      return t('it has more shapes than a board can hold.');
    case 'badShape':
      return t('shape {0} is damaged.', (err.shapeIndex ?? 0) + 1);
  }
}
