import * as vscode from 'vscode';
import type { HostKind } from '../../core/send/remoteUrl';
import { normalisedTodoText, occurrenceOf, repositoryKey, todoSourceId } from '../../core/todo/sourceId';
import type { TodoItem } from '../../core/todo/todoFinder';
import { FileRepoInfo, repoInfoFor } from '../gitInfo';

/** Where a TODO lives and what it is called in DingTalk. */
export interface TodoIdentity {
  readonly sourceId: string;
  /** Repository-relative path (workspace-relative outside a repository), with `/`. */
  readonly repoPath: string;
  /** Path shown to people. */
  readonly displayPath: string;
  readonly repo?: FileRepoInfo;
}

/** The repository facts and the sourceId of a TODO in a document. */
export async function identifyTodo(doc: vscode.TextDocument, item: TodoItem, items: readonly TodoItem[], hostKinds: Record<string, HostKind>): Promise<TodoIdentity> {
  const repo = doc.uri.scheme === 'file' || doc.uri.scheme === 'vscode-remote' ? await repoInfoFor(doc.uri, hostKinds) : undefined;
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  const displayPath = vscode.workspace.asRelativePath(doc.uri, false);
  const repoPath = (repo?.repoPath ?? displayPath).replace(/\\/g, '/');
  const key = repositoryKey(repo?.remote, folder?.name ?? 'untitled');
  return { sourceId: todoSourceId(key, repoPath, normalisedTodoText(item), occurrenceOf(items, item)), repoPath, displayPath, ...(repo ? { repo } : {}) };
}
