import * as vscode from 'vscode';
import { parseTodoLink, TodoLinkTarget } from '../../core/todo/deepLink';
import { identifyTodo } from './todoIdentity';
import type { TodoService } from './todoService';

/**
 * Opens the file and line a to-do's link points at (`vscode://<publisher.name>/todo?path=…&line=…&sid=…`). The
 * path is repository-relative, so it is looked for in every open folder, also when a folder is a sub-folder of
 * the repository. When lines have moved, the TODO is found again by its sourceId.
 */
export class TodoUriHandler implements vscode.UriHandler {
  constructor(private readonly service: TodoService) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    const t = vscode.l10n.t;
    const target = parseTodoLink(uri.path, uri.query);
    if (!target) {
      void vscode.window.showErrorMessage(t('This link is not a DingTalk to-do link this extension understands: {0}', uri.toString(true)));
      return;
    }
    const file = await this.locate(target.path);
    if (!file) {
      void vscode.window.showErrorMessage(t('"{0}" is not in any folder open in this window. Open the repository that has it, then click the link again.', target.path));
      return;
    }
    await this.reveal(file, target);
  }

  /** The file in an open folder: `folder/path`, or a shorter tail of the path when the folder is inside the repository. */
  private async locate(repoPath: string): Promise<vscode.Uri | undefined> {
    const segments = repoPath.split('/');
    for (let skip = 0; skip < segments.length; skip++) {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const candidate = vscode.Uri.joinPath(folder.uri, ...segments.slice(skip));
        try {
          if ((await vscode.workspace.fs.stat(candidate)).type & vscode.FileType.File) return candidate;
        } catch {
          // not here
        }
      }
    }
    return undefined;
  }

  private async reveal(file: vscode.Uri, target: TodoLinkTarget): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(file);
    let line = Math.min(target.line - 1, doc.lineCount - 1);
    let column = 0;
    if (target.sourceId) {
      const items = this.service.itemsOf(doc);
      const here = items.find((i) => i.line === line);
      const matches = async (i: (typeof items)[number]): Promise<boolean> => (await identifyTodo(doc, i, items, this.service.appSettings.gitHosts)).sourceId === target.sourceId;
      const found = here && (await matches(here)) ? here : await findAsync(items, matches);
      if (found) {
        line = found.line;
        column = found.column;
      }
    }
    const position = new vscode.Position(line, column);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(position, position) });
  }
}

async function findAsync<T>(items: readonly T[], predicate: (item: T) => Promise<boolean>): Promise<T | undefined> {
  for (const item of items) if (await predicate(item)) return item;
  return undefined;
}
