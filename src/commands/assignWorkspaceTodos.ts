import * as path from 'path';
import * as vscode from 'vscode';
import { DingTalkError } from '../core/dingtalk/errors';
import { formatDay, resolveDue } from '../core/todo/dueDate';
import { priorityLabel } from '../core/todo/priority';
import { findSameTodo, normalisedTodoText } from '../core/todo/sourceId';
import type { TodoItem } from '../core/todo/todoFinder';
import { localizedErrorText } from '../host/errorText';
import type { Services } from './services';
import { isAppNotConfigured, showTodoError, withTodoProgress } from './sharedTodoCommand';

/** For tests: pick these without the QuickPick (`'all'`, or TODO texts). */
export interface AssignWorkspaceTodosOptions {
  readonly select?: 'all' | readonly string[];
}

export interface AssignWorkspaceTodosResult {
  readonly created: number;
  readonly existing: number;
  readonly failed: number;
}

/**
 * DingTalk: Assign TODOs in Workspace… — every unassigned TODO in a multi-select list; the chosen ones become
 * to-dos one by one (each marker written as its to-do is confirmed), cancellable, with a summary at the end.
 */
export async function assignWorkspaceTodos(services: Services, ...args: unknown[]): Promise<AssignWorkspaceTodosResult | undefined> {
  const t = vscode.l10n.t;
  const options = (args.find((a) => typeof a === 'object' && a !== null && 'select' in a) ?? {}) as AssignWorkspaceTodosOptions;
  const todos = services.todos;
  if (!todos.service.scanner.hasScanned) await todos.service.scanner.scan(true);
  let app;
  try {
    app = await services.dingtalk.app();
  } catch (err) {
    if (isAppNotConfigured(err)) {
      const configure = t('Configure Enterprise App');
      if ((await vscode.window.showErrorMessage(t('Assigning TODOs as DingTalk to-dos needs the enterprise app (custom robots cannot create to-dos).'), configure)) === configure) {
        await vscode.commands.executeCommand('dingtalk.configureApp');
      }
    } else await showTodoError(services, err, t('Assign TODOs'));
    return undefined;
  }

  const candidates: Array<{ key: string; item: TodoItem }> = [];
  for (const [key, items] of todos.service.index.entries()) for (const item of items) if (item.taskId === undefined) candidates.push({ key, item });
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(t('There are no unassigned TODOs in this workspace.'));
    return { created: 0, existing: 0, failed: 0 };
  }
  candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.item.line - b.item.line));

  let chosen: typeof candidates;
  if (options.select === 'all') chosen = candidates;
  else if (Array.isArray(options.select)) chosen = candidates.filter((c) => options.select!.includes(c.item.text));
  else {
    const picks = await vscode.window.showQuickPick(
      candidates.map((c) => {
        const uri = vscode.Uri.parse(c.key);
        const people = todos.service.assigneeTokens(c.item).map((p) => `@${p}`);
        const due = c.item.due ? resolveDue(c.item.due, new Date()) : undefined;
        const facts = [...people, due !== undefined ? formatDay(due) : '', priorityLabel(c.item.priority) ?? ''].filter(Boolean);
        return { label: c.item.text || c.item.tag, description: facts.join(' · '), detail: `${vscode.workspace.asRelativePath(uri)}:${c.item.line + 1}`, candidate: c };
      }),
      { canPickMany: true, ignoreFocusOut: true, matchOnDescription: true, matchOnDetail: true, placeHolder: t('Choose the TODOs to assign as DingTalk to-dos ({0} unassigned)', candidates.length) },
    );
    if (!picks || picks.length === 0) return undefined;
    chosen = picks.map((p) => p.candidate);
  }

  const result = { created: 0, existing: 0, failed: 0 };
  const failures: string[] = [];
  await withTodoProgress(t('Assigning {0} TODOs…', chosen.length), async (signal, progress) => {
    for (const [n, { key, item }] of chosen.entries()) {
      if (signal.aborted) break;
      progress.report({ message: t('{0} of {1}', n + 1, chosen.length), increment: 100 / chosen.length });
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(key));
      // The file may have changed since the scan: find the TODO by its text.
      const items = todos.service.itemsOf(doc);
      const current = findSameTodo(items, item.line, normalisedTodoText(item), 0);
      if (!current || current.taskId !== undefined) continue;
      try {
        const r = await todos.assigner.assign(app, doc, current, signal);
        if (r.created) result.created++;
        else result.existing++;
      } catch (err) {
        result.failed++;
        const where = `${path.posix.basename(doc.uri.path)}:${current.line + 1}`;
        failures.push(`${where}: ${failureText(err)}`);
        services.logger.warn('todos', `assign ${where} failed: ${(err as Error).message}`);
      }
    }
  });
  if (result.failed > 0) {
    const showLog = t('Show Log');
    const choice = await vscode.window.showWarningMessage(t('{0} to-dos created, {1} failed. First failure: {2}', result.created + result.existing, result.failed, failures[0]), showLog);
    if (choice === showLog) services.logger.show();
  } else {
    void vscode.window.showInformationMessage(t('{0} DingTalk to-dos created.', result.created + result.existing));
  }
  return result;
}

/**
 * A failure as the summary shows it: a DingTalk error's localised explanation and remedy (its message is the
 * English log text with DingTalk's code); other errors (already user-facing, e.g. unknown people) as they are.
 */
function failureText(err: unknown): string {
  if (err instanceof DingTalkError) {
    const { explanation, remedy } = localizedErrorText(err);
    return `${explanation} ${remedy}`.trim();
  }
  return err instanceof Error ? err.message : String(err);
}
