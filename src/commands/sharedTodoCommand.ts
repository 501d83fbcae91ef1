import * as vscode from 'vscode';
import { isDingTalkError } from '../core/dingtalk/errors';
import { PersonError } from '../core/todo/people';
import type { TodoItem } from '../core/todo/todoFinder';
import { TodoAssignError } from '../host/todos/todoAssigner';
import { todoRefFrom } from '../host/todos/todoRef';
import { peopleErrorText } from '../host/todos/todoText';
import type { Services } from './services';

/** The document and TODO a command is about, or undefined after telling the user what is missing. */
export async function resolveTodoTarget(services: Services, args: readonly unknown[]): Promise<{ doc: vscode.TextDocument; item: TodoItem } | undefined> {
  const t = vscode.l10n.t;
  const ref = todoRefFrom(args);
  if (!ref) {
    void vscode.window.showInformationMessage(t('Open a file and put the cursor on a TODO comment first.'));
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
  const item = services.todos.service.itemAt(doc, ref.line);
  if (!item) {
    void vscode.window.showInformationMessage(t('There is no TODO comment on line {0}. Tags: {1}.', ref.line + 1, services.todos.service.settings.tags.join(', ')));
    return undefined;
  }
  return { doc, item };
}

/** Shows a TODO failure with the action that fixes it. */
export async function showTodoError(services: Services, err: unknown, what: string): Promise<void> {
  const t = vscode.l10n.t;
  if (err instanceof PersonError) err = new TodoAssignError(peopleErrorText([err]), err.kind === 'meNotSet' ? 'me' : 'people');
  if (err instanceof TodoAssignError) {
    const setMe = t('Set Who I Am');
    const openMembers = t('Edit Members');
    const actions = err.reason === 'me' ? [setMe] : err.reason === 'people' ? [openMembers] : [];
    const choice = await vscode.window.showErrorMessage(err.message, ...actions);
    if (choice === setMe) await vscode.commands.executeCommand('dingtalk.setMe');
    if (choice === openMembers) await vscode.commands.executeCommand('workbench.action.openSettings', 'dingtalk.members');
    return;
  }
  if (isDingTalkError(err, 'cancelled')) return;
  await services.errors.show(err, { what });
}

/** Whether the error means "no enterprise app configured" (custom robots only). */
export function isAppNotConfigured(err: unknown): boolean {
  return isDingTalkError(err) && err.details.reason === 'appNotConfigured';
}

/** Runs `task` under a cancellable notification; the AbortSignal follows the Cancel button. */
export function withTodoProgress<T>(title: string, task: (signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return task(abort.signal, progress);
  });
}
