import * as vscode from 'vscode';
import { removalEdit } from '../../core/todo/marker';
import type { TodoService } from './todoService';
import type { TodoRef } from './todoRef';

/** Quick fixes on a TODO line: assign it, mark its to-do done, or remove it once the to-do is done. */
export class TodoCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly service: TodoService) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const t = vscode.l10n.t;
    const actions: vscode.CodeAction[] = [];
    for (const item of this.service.itemsOf(document)) {
      if (item.line < range.start.line || item.line > range.end.line) continue;
      const ref: TodoRef = { uri: document.uri.toString(), line: item.line, column: item.column };
      if (item.taskId === undefined) {
        const action = new vscode.CodeAction(t('Assign as DingTalk to-do'), vscode.CodeActionKind.QuickFix);
        action.command = { title: action.title, command: 'dingtalk.assignTodo', arguments: [ref] };
        actions.push(action);
        continue;
      }
      if (this.service.statusOf(item) === 'done') {
        const action = new vscode.CodeAction(t('Remove completed TODO'), vscode.CodeActionKind.QuickFix);
        const edit = removalEdit(item, document.lineCount, (n) => document.lineAt(n).text);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, new vscode.Range(edit.start.line, edit.start.column, edit.end.line, edit.end.column), edit.newText);
        action.isPreferred = true;
        actions.push(action);
      } else {
        const action = new vscode.CodeAction(t('Mark DingTalk to-do done'), vscode.CodeActionKind.QuickFix);
        action.command = { title: action.title, command: 'dingtalk.markTodoDone', arguments: [ref] };
        actions.push(action);
      }
    }
    return actions;
  }
}
