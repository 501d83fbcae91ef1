import * as vscode from 'vscode';
import type { TodoService } from './todoService';
import type { TodoRef } from './todoRef';

/** Documents the TODO providers serve: real files and unsaved buffers. */
export const TODO_DOCUMENTS: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' }];

/**
 * "Assign as DingTalk to-do" above every TODO that has no marker yet. Only real comments get one (the lexer
 * skips code and strings), and `dingtalk.todos.codeLens` turns them off.
 */
export class TodoCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly service: TodoService) {
    this.subscriptions = [
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dingtalk.todos') || e.affectsConfiguration('dingtalk.members')) this.changed.fire();
      }),
      service.onDidChangeDocument(() => this.changed.fire()),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.service.settings.codeLens) return [];
    const t = vscode.l10n.t;
    const lenses: vscode.CodeLens[] = [];
    for (const item of this.service.itemsOf(document)) {
      if (item.taskId !== undefined) continue;
      const people = this.service.assigneeTokens(item);
      const ref: TodoRef = { uri: document.uri.toString(), line: item.line, column: item.column };
      lenses.push(
        new vscode.CodeLens(new vscode.Range(item.line, item.column, item.line, item.column + item.tag.length), {
          title: people.length ? t('$(person-add) Assign to {0} as DingTalk to-do', people.map((p) => `@${p}`).join(' ')) : t('$(person-add) Assign as DingTalk to-do'),
          tooltip: t('Create a DingTalk to-do from this TODO and write its id into the comment'),
          command: 'dingtalk.assignTodo',
          arguments: [ref],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.subscriptions.splice(0).forEach((d) => d.dispose());
  }
}
