import * as vscode from 'vscode';
import type { Services } from './services';

/** DingTalk: Show Only My To-dos. */
export async function showMyTodos(services: Services): Promise<void> {
  if (!services.todos.service.me()) {
    const t = vscode.l10n.t;
    const setMe = t('Set Who I Am');
    const choice = await vscode.window.showInformationMessage(t('To filter by "mine", set who you are in DingTalk first ("dingtalk.me").'), setMe);
    if (choice !== setMe) return;
    await vscode.commands.executeCommand('dingtalk.setMe');
    if (!services.todos.service.me()) return;
  }
  await services.todos.service.setOnlyMine(true);
}

/** DingTalk: Show All To-dos. */
export async function showAllTodos(services: Services): Promise<void> {
  await services.todos.service.setOnlyMine(false);
}
