import * as vscode from 'vscode';
import { snapshotOf } from '../host/todos/todoStatusSync';
import type { Services } from './services';
import { resolveTodoTarget, showTodoError, withTodoProgress } from './sharedTodoCommand';

/** DingTalk: Mark To-do Done — marks the TODO's to-do done in DingTalk (for everyone), then shows it as done. */
export async function markTodoDone(services: Services, ...args: unknown[]): Promise<boolean> {
  const t = vscode.l10n.t;
  const target = await resolveTodoTarget(services, args);
  if (!target) return false;
  const { item } = target;
  const taskId = item.taskId;
  if (taskId === undefined) {
    void vscode.window.showInformationMessage(t('This TODO is not a DingTalk to-do yet. Assign it first.'));
    return false;
  }
  try {
    const service = services.todos.service;
    await withTodoProgress(t('Marking the DingTalk to-do done…'), async (signal) => {
      const app = await services.dingtalk.app();
      const me = await service.meUnionId(signal);
      await app.todos.markDone(me, taskId, true, { operatorId: me, signal });
      service.tasks.set(snapshotOf(await app.todos.get(me, taskId, { signal }), Date.now()));
    });
    void vscode.window.setStatusBarMessage(t('$(check) Marked done in DingTalk'), 5000);
    return true;
  } catch (err) {
    await showTodoError(services, err, t('Mark To-do Done'));
    return false;
  }
}
