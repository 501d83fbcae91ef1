import * as vscode from 'vscode';
import { formatDay } from '../../core/todo/dueDate';
import { priorityLabel } from '../../core/todo/priority';
import type { TaskSnapshot } from '../../core/todo/todoStatus';
import { snapshotOf } from './todoStatusSync';
import type { TodoService } from './todoService';
import { escapeMarkdown, statusLabel } from './todoTree';
import type { TodoRef } from './todoRef';

const FETCH_TIMEOUT_MS = 4000;

/** Hovering `[dt:<id>]`: the to-do's subject, assignees, due date, status and links. */
export class TodoHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: TodoService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const item = this.service.itemAt(document, position.line);
    if (!item?.taskId || !item.marker || position.character < item.marker.start || position.character > item.marker.end) return undefined;
    const t = vscode.l10n.t;
    let task = this.service.task(item);
    if (!task) task = await this.fetch(item.taskId, token);
    const md = new vscode.MarkdownString(undefined, true);
    const ref: TodoRef = { uri: document.uri.toString(), line: item.line, column: item.column };
    const commandLink = (command: string, args: unknown): string => `command:${command}?${encodeURIComponent(JSON.stringify([args]))}`;
    md.isTrusted = { enabledCommands: ['dingtalk.markTodoDone', 'dingtalk.refreshTodos'] };
    md.appendMarkdown(`$(checklist) **${escapeMarkdown(task?.subject || item.text || item.tag)}**\n\n`);
    const status = statusLabel(this.service.statusOf(item));
    const lines: string[] = [t('Status: {0}', task?.missing ? t('not found in DingTalk') : status)];
    const people = this.service.assigneeLabels(item);
    if (people.length) lines.push(t('Assignees: {0}', people.map((p) => `@${escapeMarkdown(p)}`).join(', ')));
    if (task?.dueTime !== undefined) lines.push(t('Due: {0}', formatDay(task.dueTime)));
    const priority = priorityLabel(task?.priority ?? item.priority);
    if (priority) lines.push(t('Priority: {0}', priority));
    lines.push(task ? t('As of {0}', new Date(task.syncedAt).toLocaleString()) : t('Not synced with DingTalk yet.'));
    md.appendMarkdown(lines.join('  \n'));
    const links: string[] = [];
    const web = task?.detailUrl?.appUrl;
    if (web && /^https?:\/\//.test(web)) links.push(`[$(link-external) ${t('Open on the web')}](${web})`);
    if (task && !task.done && !task.missing) links.push(`[$(check) ${t('Mark Done')}](${commandLink('dingtalk.markTodoDone', ref)})`);
    links.push(`[$(refresh) ${t('Refresh')}](command:dingtalk.refreshTodos)`);
    md.appendMarkdown(`\n\n${links.join(' · ')}`);
    return new vscode.Hover(md, new vscode.Range(item.line, item.marker.start, item.line, item.marker.end));
  }

  /** Asks DingTalk once when nothing is cached yet; quietly gives up without an app or on a slow answer. */
  private async fetch(taskId: string, token: vscode.CancellationToken): Promise<TaskSnapshot | undefined> {
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    const timer = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
    try {
      const app = await this.service.dingtalk.app();
      const me = await this.service.meUnionId(abort.signal);
      const snapshot = snapshotOf(await app.todos.get(me, taskId, { signal: abort.signal }), Date.now());
      this.service.tasks.set(snapshot);
      return snapshot;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
      cancel.dispose();
    }
  }
}
