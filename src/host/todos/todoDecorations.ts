import * as vscode from 'vscode';
import { formatDay } from '../../core/todo/dueDate';
import { isTrackable, TodoService } from './todoService';

/** What was last drawn in an editor (for tests: decorations cannot be read back from VS Code). */
export interface AppliedTodoDecorations {
  readonly done: readonly number[];
  readonly overdue: readonly number[];
}

/**
 * Marks tracked TODOs in the editor: struck through with "done in DingTalk" when the to-do is done, and a warning
 * colour with "overdue" when its due time has passed.
 */
export class TodoDecorations implements vscode.Disposable {
  private readonly done = vscode.window.createTextEditorDecorationType({
    textDecoration: 'line-through',
    opacity: '0.65',
    after: { margin: '0 0 0 1em', color: new vscode.ThemeColor('descriptionForeground') },
  });
  private readonly overdue = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 1em', color: new vscode.ThemeColor('editorWarning.foreground') },
  });
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly applied = new Map<string, AppliedTodoDecorations>();

  constructor(private readonly service: TodoService) {
    this.subscriptions.push(
      this.done,
      this.overdue,
      vscode.window.onDidChangeVisibleTextEditors(() => this.updateAll()),
      service.onDidChangeDocument((uri) => {
        for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === uri.toString()) this.update(editor);
      }),
    );
    this.updateAll();
  }

  updateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.update(editor);
  }

  update(editor: vscode.TextEditor): void {
    if (!isTrackable(editor.document)) return;
    const t = vscode.l10n.t;
    const now = Date.now();
    const done: vscode.DecorationOptions[] = [];
    const overdue: vscode.DecorationOptions[] = [];
    for (const item of this.service.itemsOf(editor.document)) {
      if (item.taskId === undefined) continue;
      const status = this.service.statusOf(item, now);
      const range = new vscode.Range(item.line, item.column, item.line, item.endColumn);
      if (status === 'done') done.push({ range, renderOptions: { after: { contentText: t('✓ done in DingTalk') } } });
      else if (status === 'overdue') {
        const due = this.service.task(item)?.dueTime;
        overdue.push({ range, renderOptions: { after: { contentText: due !== undefined ? t('⚠ overdue (due {0})', formatDay(due)) : t('⚠ overdue') } } });
      }
    }
    editor.setDecorations(this.done, done);
    editor.setDecorations(this.overdue, overdue);
    this.applied.set(editor.document.uri.toString(), { done: done.map((d) => d.range.start.line), overdue: overdue.map((d) => d.range.start.line) });
  }

  dispose(): void {
    this.subscriptions.splice(0).forEach((d) => d.dispose());
  }
}
