import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../constants';
import type { DingTalkAppClient } from '../../core/dingtalk/appClient';
import type { CreateTodoInput } from '../../core/dingtalk/todos';
import { buildPermalink } from '../../core/send/permalink';
import { buildTodoLink } from '../../core/todo/deepLink';
import { formatDay, resolveDue } from '../../core/todo/dueDate';
import { markerInsertion } from '../../core/todo/marker';
import { identifyPerson, Person, PersonError } from '../../core/todo/people';
import { findSameTodo, normalisedTodoText, occurrenceOf } from '../../core/todo/sourceId';
import { todoDescription, todoDetailUrl, todoSubject } from '../../core/todo/todoContent';
import type { TodoItem } from '../../core/todo/todoFinder';
import type { TodoMention } from '../../core/todo/todoMessage';
import { identifyTodo, TodoIdentity } from './todoIdentity';
import type { TodoService } from './todoService';
import { snapshotOf } from './todoStatusSync';
import { peopleErrorText, problemText, todoContentLabels } from './todoText';

/** A failure the user can fix, already in their language. */
export class TodoAssignError extends Error {
  override readonly name = 'TodoAssignError';
  constructor(
    message: string,
    readonly reason: 'people' | 'me' | 'syntax' | 'busy',
  ) {
    super(message);
  }
}

/** Everything a TODO becomes, before anyone is looked up. */
export interface ComposedTodo {
  readonly item: TodoItem;
  readonly identity: TodoIdentity;
  readonly subject: string;
  readonly description: string;
  readonly dueTime?: number;
  readonly permalink?: string;
  readonly editorLink: string;
  readonly people: readonly Person[];
  /** No one named: the to-do is mine. */
  readonly forMe: boolean;
}

export interface AssignResult {
  readonly taskId: string;
  readonly subject: string;
  /** False when DingTalk already had a to-do for this TODO (a retry), which is then used. */
  readonly created: boolean;
  readonly markerWritten: boolean;
}

/**
 * TODO → DingTalk to-do: composes it, resolves the people, creates it (idempotently, by sourceId), and only then
 * writes the marker into the comment, finding the TODO by its text if the document changed meanwhile.
 */
export class TodoAssigner {
  private readonly inFlight = new Set<string>();

  constructor(private readonly service: TodoService) {}

  /** What the to-do will say. Throws {@link TodoAssignError} for a date or priority the syntax does not know. */
  async compose(doc: vscode.TextDocument, item: TodoItem, now = new Date()): Promise<ComposedTodo> {
    if (item.problems.length > 0) throw new TodoAssignError(problemText(item.problems[0]), 'syntax');
    const items = this.service.itemsOf(doc);
    const identity = await identifyTodo(doc, item, items, this.service.appSettings.gitHosts);
    let dueTime: number | undefined;
    if (item.due !== undefined) {
      dueTime = resolveDue(item.due, now);
      if (dueTime === undefined) throw new TodoAssignError(problemText({ kind: 'badDate', token: item.due }), 'syntax');
    }
    const repo = identity.repo;
    const permalink = repo?.remote && repo.commit && repo.repoPath ? buildPermalink({ remote: repo.remote, commit: repo.commit, path: repo.repoPath, startLine: item.line + 1 }) : undefined;
    const editorLink = buildTodoLink(vscode.env.uriScheme, EXTENSION_ID, { path: identity.repoPath, line: item.line + 1, sourceId: identity.sourceId });
    const description = todoDescription({
      item,
      displayPath: identity.displayPath,
      lineCount: doc.lineCount,
      lineAt: (n) => doc.lineAt(n).text,
      branch: repo?.branch,
      commit: repo?.commit,
      dirty: repo?.dirty,
      permalink,
      editorLink,
      labels: todoContentLabels(),
    });
    const members = this.service.appSettings.members;
    const tokens = this.service.assigneeTokens(item);
    const unknown: PersonError[] = [];
    const people: Person[] = [];
    for (const token of tokens) {
      if (token === 'me') {
        const me = this.service.me();
        if (!me) throw new TodoAssignError(peopleErrorText([new PersonError('meNotSet', 'me')]), 'me');
        people.push(me);
        continue;
      }
      const person = identifyPerson(token, members);
      if (person) people.push(person);
      else unknown.push(new PersonError('unknownPerson', token));
    }
    if (unknown.length) throw new TodoAssignError(peopleErrorText(unknown), 'people');
    return {
      item,
      identity,
      subject: todoSubject(item, identity.displayPath),
      description,
      ...(dueTime !== undefined ? { dueTime } : {}),
      ...(permalink ? { permalink } : {}),
      editorLink,
      people,
      forMe: people.length === 0,
    };
  }

  /** Who to @mention in the custom-robot fallback (no lookups: robots take mobiles and user ids). */
  mentionsOf(composed: ComposedTodo): TodoMention[] {
    const people = composed.forMe ? [this.service.me()].filter((p): p is Person => p !== undefined) : composed.people;
    return people.map((p) =>
      p.kind === 'member'
        ? { label: p.member.alias, ...(p.member.userId ? { userId: p.member.userId } : {}), ...(p.member.mobile ? { mobile: p.member.mobile } : {}) }
        : p.kind === 'mobile'
          ? { label: p.token, mobile: p.mobile }
          : { label: p.token, userId: p.userId },
    );
  }

  formatDue(composed: ComposedTodo): string | undefined {
    return composed.dueTime !== undefined ? formatDay(composed.dueTime) : undefined;
  }

  /** Creates the to-do and writes the marker. Throws {@link TodoAssignError}, DingTalkError or PersonError. */
  async assign(app: DingTalkAppClient, doc: vscode.TextDocument, item: TodoItem, signal?: AbortSignal): Promise<AssignResult> {
    const text = normalisedTodoText(item);
    const occurrence = occurrenceOf(this.service.itemsOf(doc), item);
    const key = `${doc.uri.toString()}\n${text}\n${occurrence}`;
    if (this.inFlight.has(key)) throw new TodoAssignError(vscode.l10n.t('This TODO is being assigned already.'), 'busy');
    this.inFlight.add(key);
    try {
      const composed = await this.compose(doc, item);
      let operator: string;
      try {
        operator = await this.service.meUnionId(signal);
      } catch (err) {
        if (err instanceof PersonError) throw new TodoAssignError(peopleErrorText([err]), err.kind === 'meNotSet' ? 'me' : 'people');
        throw err;
      }
      const executors = composed.forMe ? [operator] : await this.resolveAll(composed.people, signal);
      const input: CreateTodoInput = {
        subject: composed.subject,
        description: composed.description,
        creatorId: operator,
        executorIds: [...new Set(executors)],
        detailUrl: todoDetailUrl(composed.editorLink, composed.permalink),
        sourceId: composed.identity.sourceId,
        ...(composed.dueTime !== undefined ? { dueTime: composed.dueTime } : {}),
        ...(item.priority !== undefined ? { priority: item.priority } : {}),
      };
      const { task, created } = await app.todos.create(operator, input, { operatorId: operator, signal });
      this.service.tasks.set(snapshotOf(task, Date.now()));
      this.service.logger.info('todos', `${created ? 'created' : 'found existing'} to-do ${task.id} for ${composed.identity.displayPath}:${item.line + 1}`);
      const markerWritten = await this.writeMarker(doc.uri, item.line, text, occurrence, task.id);
      return { taskId: task.id, subject: task.subject || composed.subject, created, markerWritten };
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Every person's unionId; one error naming everyone DingTalk does not know. */
  private async resolveAll(people: readonly Person[], signal?: AbortSignal): Promise<string[]> {
    const results = await Promise.allSettled(people.map((p) => this.service.people.unionIdOf(p, signal)));
    const missing = results.flatMap((r) => (r.status === 'rejected' && r.reason instanceof PersonError ? [r.reason] : []));
    if (missing.length) throw new TodoAssignError(peopleErrorText(missing), 'people');
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return results.map((r) => (r as PromiseFulfilledResult<string>).value);
  }

  /**
   * Writes `[dt:<id>]` into the TODO, as it is in the document now, with one undoable edit (saved like a
   * refactoring when the file had no other unsaved changes). False when the TODO is gone or carries another marker.
   */
  async writeMarker(uri: vscode.Uri, line: number, text: string, occurrence: number, taskId: string): Promise<boolean> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const target = findSameTodo(this.service.itemsOf(doc), line, text, occurrence);
    if (!target) return false;
    if (target.taskId !== undefined) return target.taskId === taskId;
    const edit = markerInsertion(doc.lineAt(target.line).text, target, taskId);
    if (!edit) return false;
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.insert(uri, new vscode.Position(edit.start.line, edit.start.column), edit.newText);
    const applied = await vscode.workspace.applyEdit(workspaceEdit, { isRefactoring: true });
    if (applied) this.service.update(doc);
    return applied;
  }
}
