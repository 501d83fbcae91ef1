import * as vscode from 'vscode';
import { ask } from '../host/pickers';
import type { BoardMeta } from '../host/whiteboardStore';
import type { Services } from './services';

/** Named boards: new, switch, rename and delete (each board keeps its own shapes in workspace storage). */

function validateName(value: string): string | undefined {
  return value.trim() ? undefined : vscode.l10n.t('Give the board a name.');
}

/** DingTalk: New Whiteboard… */
export async function newWhiteboard(services: Services, ...args: unknown[]): Promise<string | undefined> {
  const t = vscode.l10n.t;
  const given = args.find((a) => typeof a === 'string') as string | undefined;
  const name = given ?? (await ask({ title: t('New Board'), prompt: t('Name of the new board'), validateInput: validateName }));
  if (name === undefined) return undefined;
  const board = services.whiteboard.store.create(name);
  await services.whiteboard.show(board.id);
  await vscode.commands.executeCommand('dingtalk.whiteboard.focus');
  return board.id;
}

/** DingTalk: Switch Whiteboard… — a list of the boards, plus "New Board…". */
export async function switchWhiteboard(services: Services): Promise<void> {
  const t = vscode.l10n.t;
  const { store } = services.whiteboard;
  const active = store.active();
  const items: Array<vscode.QuickPickItem & { board?: BoardMeta }> = store.boards().map((b) => ({
    label: b.name,
    description: [b.id === active.id ? t('current') : '', b.file ? vscode.Uri.parse(b.file).path.split('/').pop() : ''].filter(Boolean).join(' · '),
    board: b,
  }));
  items.push({ label: `$(add) ${t('New Board…')}` });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: t('Switch to which board?'), ignoreFocusOut: true });
  if (!picked) return;
  if (!picked.board) {
    await newWhiteboard(services);
    return;
  }
  await services.whiteboard.show(picked.board.id);
}

/** DingTalk: Rename Whiteboard… */
export async function renameWhiteboard(services: Services): Promise<void> {
  const t = vscode.l10n.t;
  const { store } = services.whiteboard;
  const board = store.active();
  const name = await ask({ title: t('Rename Board'), prompt: t('New name for "{0}"', board.name), value: board.name, validateInput: validateName });
  if (name === undefined) return;
  store.rename(board.id, name);
  await services.whiteboard.show(board.id);
}

/** DingTalk: Delete Whiteboard… — asks first; a linked .dtboard file is left where it is. */
export async function deleteWhiteboard(services: Services): Promise<void> {
  const t = vscode.l10n.t;
  const { store } = services.whiteboard;
  const board = store.active();
  const del = t('Delete');
  const answer = await vscode.window.showWarningMessage(
    t('Delete the board "{0}"?', board.name),
    { modal: true, detail: board.file ? t('Its file stays where it is; only the board in this workspace is deleted.') : t('This cannot be undone.') },
    del,
  );
  if (answer !== del) return;
  const next = store.remove(board.id);
  await services.whiteboard.show(next.id);
}
