import * as vscode from 'vscode';
import type { SyncResult } from '../host/todos/todoStatusSync';
import type { Services } from './services';
import { showTodoError } from './sharedTodoCommand';

/** DingTalk: Refresh To-dos — rescans the workspace and brings the to-dos' status over from DingTalk. */
export async function refreshTodos(services: Services): Promise<SyncResult> {
  const t = vscode.l10n.t;
  const result = await services.todos.refresh();
  if (result.skipped === 'meNotSet') {
    const setMe = t('Set Who I Am');
    const choice = await vscode.window.showInformationMessage(t('To read to-dos from DingTalk, set who you are first ("dingtalk.me").'), setMe);
    if (choice === setMe) await vscode.commands.executeCommand('dingtalk.setMe');
  } else if (result.error !== undefined && result.synced === 0) {
    await showTodoError(services, result.error, t('Refresh To-dos'));
  }
  return result;
}
