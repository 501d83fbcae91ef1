import * as path from 'path';
import * as vscode from 'vscode';
import { formatDay, resolveDue } from '../../core/todo/dueDate';
import { priorityLabel } from '../../core/todo/priority';
import { groupTodos, StatusGroup, TodoEntry } from '../../core/todo/todoGroups';
import type { TodoStatus } from '../../core/todo/todoStatus';
import type { TodoService } from './todoService';
import type { TodoStatusSync } from './todoStatusSync';
import { TODO_VIEW_ID } from './todoWorkspaceScanner';

export type TodoNode =
  | { readonly type: 'status'; readonly group: StatusGroup }
  | { readonly type: 'assignee'; readonly status: TodoStatus; readonly assignee: string; readonly entries: readonly TodoEntry[] }
  | { readonly type: 'todo'; readonly entry: TodoEntry; readonly parentId: string };

const ICONS: Record<TodoStatus, vscode.ThemeIcon> = {
  unassigned: new vscode.ThemeIcon('circle-large-outline'),
  open: new vscode.ThemeIcon('circle-large-filled', new vscode.ThemeColor('charts.blue')),
  overdue: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  done: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green')),
};

export function statusLabel(status: TodoStatus): string {
  const t = vscode.l10n.t;
  switch (status) {
    case 'unassigned':
      return t('Unassigned');
    case 'open':
      return t('Open');
    case 'overdue':
      return t('Overdue');
    case 'done':
      return t('Done');
  }
}

/**
 * The "DingTalk To-dos" view: the workspace's TODOs by status and assignee, with counts. The first time it is
 * shown it starts the workspace scan (not at start-up) and a status sync.
 */
export class TodoTreeProvider implements vscode.TreeDataProvider<TodoNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TodoNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: StatusGroup[] | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly view: vscode.TreeView<TodoNode>;

  constructor(
    private readonly service: TodoService,
    private readonly sync: TodoStatusSync,
  ) {
    this.view = vscode.window.createTreeView(TODO_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(
      this.view,
      this.changed,
      service.onDidChange(() => this.scheduleRefresh()),
      service.scanner.onDidChangeState(() => this.scheduleRefresh()),
      this.view.onDidChangeVisibility((e) => {
        if (e.visible) this.onShown();
      }),
    );
    if (this.view.visible) this.onShown();
  }

  private onShown(): void {
    void this.service.scanner.ensureScanned().then(() => {
      if (this.sync.trackedTaskIds().length > 0) void this.sync.sync('refresh');
    });
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    // Coalesce bursts (a scan, typing) into one redraw.
    this.refreshTimer = setTimeout(() => this.refreshNow(), 150);
  }

  /** Recomputes the groups and redraws at once. */
  refreshNow(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.groups = undefined;
    this.updateChrome();
    this.changed.fire(undefined);
  }

  /** The current grouping (computed lazily, once per change). */
  model(): StatusGroup[] {
    if (!this.groups) {
      const now = Date.now();
      const service = this.service;
      const entries: TodoEntry[] = [];
      for (const [key, items] of service.index.entries()) {
        for (const item of items) entries.push({ key, item, status: service.statusOf(item, now), assignees: service.assigneeLabels(item), mine: service.isMine(item) });
      }
      this.groups = groupTodos(entries, { onlyMine: service.onlyMine });
    }
    return this.groups;
  }

  private updateChrome(): void {
    const t = vscode.l10n.t;
    const groups = this.model();
    const total = groups.reduce((n, g) => n + g.count, 0);
    const scanner = this.service.scanner;
    if (total > 0) this.view.message = this.service.onlyMine ? t('Showing only the to-dos assigned to you.') : undefined;
    else if (scanner.isScanning && !scanner.hasScanned) this.view.message = t('Looking for TODOs…');
    else if (this.service.onlyMine && !this.service.me()) this.view.message = t('Set who you are in DingTalk ("dingtalk.me") to see your to-dos.');
    else this.view.message = this.service.onlyMine ? t('No TODOs assigned to you.') : t('No TODOs in this workspace.');
    if (scanner.lastSummary?.truncated) this.view.message = t('Showing the first {0} TODOs ("dingtalk.todos.maxItems").', total);
    const overdue = groups.find((g) => g.status === 'overdue')?.count ?? 0;
    this.view.badge = overdue > 0 ? { value: overdue, tooltip: t('{0} overdue DingTalk to-dos', overdue) } : undefined;
  }

  getChildren(node?: TodoNode): TodoNode[] {
    if (!node) return this.model().map((group) => ({ type: 'status', group }));
    if (node.type === 'status') {
      const { group } = node;
      if (group.status === 'unassigned') return group.entries.map((entry) => ({ type: 'todo', entry, parentId: 'status:unassigned' }));
      return group.byAssignee.map((a) => ({ type: 'assignee', status: group.status, assignee: a.assignee, entries: a.entries }));
    }
    if (node.type === 'assignee') return node.entries.map((entry) => ({ type: 'todo', entry, parentId: `status:${node.status}/${node.assignee}` }));
    return [];
  }

  getTreeItem(node: TodoNode): vscode.TreeItem {
    const t = vscode.l10n.t;
    if (node.type === 'status') {
      const { status, count } = node.group;
      const item = new vscode.TreeItem(
        statusLabel(status),
        count === 0 ? vscode.TreeItemCollapsibleState.None : status === 'done' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
      );
      item.id = `status:${status}`;
      item.description = String(count);
      item.iconPath = ICONS[status];
      item.contextValue = `dingtalk.todoGroup.${status}`;
      return item;
    }
    if (node.type === 'assignee') {
      const item = new vscode.TreeItem(node.assignee ? `@${node.assignee}` : t('(nobody named)'), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `status:${node.status}/${node.assignee}`;
      item.description = String(node.entries.length);
      item.iconPath = new vscode.ThemeIcon('person');
      item.contextValue = 'dingtalk.todoAssignee';
      return item;
    }
    return this.todoItem(node);
  }

  private todoItem(node: Extract<TodoNode, { type: 'todo' }>): vscode.TreeItem {
    const t = vscode.l10n.t;
    const { entry } = node;
    const { item } = entry;
    const uri = vscode.Uri.parse(entry.key);
    const task = this.service.task(item);
    const tree = new vscode.TreeItem(item.text || item.tag, vscode.TreeItemCollapsibleState.None);
    tree.id = `${node.parentId}/${entry.key}#${item.line}:${item.column}`;
    const due = task?.dueTime ?? (item.due ? resolveDue(item.due, new Date()) : undefined);
    tree.description = `${path.posix.basename(uri.path)}:${item.line + 1}${due !== undefined ? ` · ${formatDay(due)}` : ''}`;
    tree.iconPath = ICONS[entry.status];
    tree.contextValue = `dingtalk.todo.${entry.status}`;
    tree.command = { command: 'dingtalk.revealTodo', title: t('Go to TODO'), arguments: [entry.key, item.line, item.column] };
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMarkdown(task?.subject || item.text || item.tag)}**\n\n`);
    tooltip.appendMarkdown(`${escapeMarkdown(vscode.workspace.asRelativePath(uri))}:${item.line + 1}\n\n`);
    tooltip.appendMarkdown(`${t('Status: {0}', statusLabel(entry.status))}`);
    if (entry.assignees.length) tooltip.appendMarkdown(`  \n${t('Assignees: {0}', entry.assignees.map((a) => `@${escapeMarkdown(a)}`).join(', '))}`);
    if (due !== undefined) tooltip.appendMarkdown(`  \n${t('Due: {0}', formatDay(due))}`);
    const priority = priorityLabel(task?.priority ?? item.priority);
    if (priority) tooltip.appendMarkdown(`  \n${t('Priority: {0}', priority)}`);
    tree.tooltip = tooltip;
    tree.accessibilityInformation = { label: `${statusLabel(entry.status)}: ${item.text || item.tag}, ${tree.description}` };
    return tree;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.subscriptions.splice(0).forEach((d) => d.dispose());
  }
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
