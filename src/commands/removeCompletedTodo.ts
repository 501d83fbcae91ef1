import * as vscode from 'vscode';
import { removalEdit } from '../core/todo/marker';
import type { Services } from './services';
import { resolveTodoTarget } from './sharedTodoCommand';

/**
 * DingTalk: Remove Completed TODO — deletes the TODO comment (its line, or the trailing comment after code) with
 * one undoable edit. Asks first when DingTalk does not show the to-do as done.
 */
export async function removeCompletedTodo(services: Services, ...args: unknown[]): Promise<boolean> {
  const t = vscode.l10n.t;
  const force = args.some((a) => typeof a === 'object' && a !== null && (a as { force?: unknown }).force === true);
  const target = await resolveTodoTarget(services, args);
  if (!target) return false;
  const { doc, item } = target;
  if (!force && services.todos.service.statusOf(item) !== 'done') {
    const remove = t('Remove');
    const answer = await vscode.window.showWarningMessage(t('DingTalk does not show this to-do as done. Remove the TODO comment anyway?'), { modal: true }, remove);
    if (answer !== remove) return false;
  }
  const edit = removalEdit(item, doc.lineCount, (n) => doc.lineAt(n).text);
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.replace(doc.uri, new vscode.Range(edit.start.line, edit.start.column, edit.end.line, edit.end.column), edit.newText);
  return vscode.workspace.applyEdit(workspaceEdit);
}
