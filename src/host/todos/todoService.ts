import * as vscode from 'vscode';
import { identifyPerson, PeopleResolver, Person, PersonError } from '../../core/todo/people';
import { styleForLanguageId, styleForPath } from '../../core/todo/languages';
import { findTodos, TodoItem } from '../../core/todo/todoFinder';
import { TodoIndex } from '../../core/todo/todoIndex';
import { statusOf, TaskSnapshot, TodoStatus } from '../../core/todo/todoStatus';
import type { DingTalkService } from '../dingtalkService';
import type { Logger } from '../logger';
import type { Settings } from '../settings';
import { TodoPeopleCache } from './todoPeopleCache';
import { TodoSettings } from './todoSettings';
import { TodoTaskCache } from './todoTaskCache';
import { TodoWorkspaceScanner } from './todoWorkspaceScanner';

const ONLY_MINE_KEY = 'dingtalk.todos.onlyMine';
export const ONLY_MINE_CONTEXT = 'dingtalk.todos.onlyMine';
/** Documents longer than this are parsed after a pause in typing instead of on every keystroke. */
const LARGE_DOCUMENT_LINES = 20_000;

/**
 * The TODO feature's shared state: the TODOs of open documents (exact, from the editor's text) and of the
 * workspace (the index, filled by the scanner), what DingTalk last said about each tracked to-do, and who is who.
 */
export class TodoService implements vscode.Disposable {
  readonly settings = new TodoSettings();
  readonly index = new TodoIndex();
  readonly tasks: TodoTaskCache;
  readonly people: PeopleResolver;
  readonly scanner: TodoWorkspaceScanner;
  private readonly documents = new Map<string, { version: number; items: readonly TodoItem[] }>();
  private readonly pendingLarge = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly documentChanged = new vscode.EventEmitter<vscode.Uri>();
  /** The TODOs of an open document changed (code lenses, decorations). */
  readonly onDidChangeDocument = this.documentChanged.event;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Anything the tree shows changed: the index, a to-do's status, the filter, who "me" is. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private onlyMineValue: boolean;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly appSettings: Settings,
    readonly dingtalk: DingTalkService,
    readonly logger: Logger,
  ) {
    this.tasks = new TodoTaskCache(context.workspaceState);
    this.people = new PeopleResolver(async () => (await dingtalk.app()).directory, new TodoPeopleCache(context.globalState));
    this.scanner = new TodoWorkspaceScanner(this.index, this.settings, logger, (key) => this.documents.has(key));
    this.onlyMineValue = context.workspaceState.get<boolean>(ONLY_MINE_KEY, false);
    void vscode.commands.executeCommand('setContext', ONLY_MINE_CONTEXT, this.onlyMineValue);
    this.subscriptions.push(
      this.tasks,
      this.scanner,
      this.documentChanged,
      this.changed,
      this.index.onDidChange(() => this.changed.fire()),
      this.tasks.onDidChange(() => {
        this.changed.fire();
        for (const doc of vscode.workspace.textDocuments) if (this.documents.has(doc.uri.toString())) this.documentChanged.fire(doc.uri);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.track(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.track(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.untrack(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dingtalk.todos.tags') || e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) {
          this.documents.clear();
          for (const d of vscode.workspace.textDocuments) this.track(d);
        }
        if (e.affectsConfiguration('dingtalk.me') || e.affectsConfiguration('dingtalk.members')) this.changed.fire();
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.track(d);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Documents

  /** The TODOs of a document, as of its current text (parsed at most once per version). */
  itemsOf(doc: vscode.TextDocument): readonly TodoItem[] {
    const key = doc.uri.toString();
    const cached = this.documents.get(key);
    if (cached && cached.version === doc.version) return cached.items;
    const style = styleForLanguageId(doc.languageId) ?? styleForPath(doc.uri.path);
    const items = style ? findTodos(doc.getText(), style, this.settings.tags) : [];
    if (cached || isTrackable(doc)) this.documents.set(key, { version: doc.version, items });
    return items;
  }

  /** The TODOs of every open (tracked) document. */
  openDocumentItems(): Array<readonly TodoItem[]> {
    return [...this.documents.values()].map((d) => d.items);
  }

  /** The TODO on a line, if any. */
  itemAt(doc: vscode.TextDocument, line: number): TodoItem | undefined {
    return this.itemsOf(doc).find((i) => i.line === line);
  }

  private track(doc: vscode.TextDocument): void {
    if (!isTrackable(doc)) return;
    const key = doc.uri.toString();
    const timer = this.pendingLarge.get(key);
    if (timer) clearTimeout(timer);
    if (doc.lineCount > LARGE_DOCUMENT_LINES) {
      this.pendingLarge.set(key, setTimeout(() => {
        this.pendingLarge.delete(key);
        this.update(doc);
      }, 250));
      return;
    }
    this.update(doc);
  }

  /** Re-reads a document's TODOs into the index now (the incremental path; also used by tests and the benchmark). */
  update(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const before = this.documents.get(key)?.items;
    const items = this.itemsOf(doc);
    if (this.scanner.includes(doc.uri)) this.index.set(key, items);
    if (before !== items) this.documentChanged.fire(doc.uri);
  }

  private untrack(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    if (!this.documents.delete(key)) return;
    // An unsaved edit is gone with the editor: the disk has the truth again.
    if (doc.uri.scheme === 'file' && this.scanner.includes(doc.uri)) void this.scanner.refreshFromDisk(doc.uri);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Status and people

  task(item: TodoItem): TaskSnapshot | undefined {
    return this.tasks.get(item.taskId);
  }

  statusOf(item: TodoItem, now = Date.now()): TodoStatus {
    return statusOf(item, this.task(item), now);
  }

  /** Who "me" is, from `dingtalk.me`; undefined when not set or not recognisable. */
  me(): Person | undefined {
    const value = this.settings.me;
    return value ? identifyPerson(value, this.appSettings.members) : undefined;
  }

  /** My unionId; throws {@link PersonError} 'meNotSet' when `dingtalk.me` is missing. */
  async meUnionId(signal?: AbortSignal): Promise<string> {
    const me = this.me();
    if (!me) throw new PersonError('meNotSet', this.settings.me || 'me');
    return this.people.unionIdOf(me, signal);
  }

  /** The people a TODO names: `@` tokens, plus bare words in parentheses that are member aliases. */
  assigneeTokens(item: TodoItem): string[] {
    const members = this.appSettings.members;
    const aliases = item.bareWords.filter((w) => members.some((m) => m.alias === w));
    return [...new Set([...item.assignees, ...aliases])];
  }

  /** How the tree names the TODO's assignees: its tokens, else (when tracked) the to-do's executors. */
  assigneeLabels(item: TodoItem): string[] {
    const tokens = this.assigneeTokens(item).map((t) => (t === 'me' ? this.settings.me || 'me' : t));
    if (tokens.length > 0) return tokens;
    const task = this.task(item);
    if (task && task.executorIds.length > 0) return task.executorIds.map((id) => this.nameOfUnionId(id));
    if (item.taskId !== undefined && this.settings.me) return [this.settings.me];
    return [];
  }

  private nameOfUnionId(unionId: string): string {
    const cached = this.people.cachedByUnionId(unionId);
    if (!cached) return unionId;
    const members = this.appSettings.members;
    const member = members.find((m) => (cached.key.startsWith('u:') && m.userId === cached.key.slice(2)) || (cached.key.startsWith('m:') && m.mobile === cached.key.slice(2)));
    return member?.alias ?? cached.name ?? unionId;
  }

  /** Whether the TODO is assigned to me (by its tokens, or by the to-do's executors once synced). */
  isMine(item: TodoItem): boolean {
    const me = this.me();
    if (!me) return false;
    const members = this.appSettings.members;
    const same = (p: Person | undefined): boolean => {
      if (!p) return false;
      const ids = (x: Person): string[] =>
        x.kind === 'member' ? [`a:${x.member.alias}`, x.member.mobile ? `m:${x.member.mobile}` : '', x.member.userId ? `u:${x.member.userId}` : ''] : x.kind === 'mobile' ? [`m:${x.mobile}`] : [`u:${x.userId}`];
      const mine = ids(me).filter(Boolean);
      return ids(p).some((id) => id && mine.includes(id));
    };
    if (this.assigneeTokens(item).some((t) => t === 'me' || same(identifyPerson(t, members)))) return true;
    const task = this.task(item);
    return task ? task.executorIds.some((id) => same(this.personOfUnionId(id))) : false;
  }

  /** A unionId back to the person it was looked up for (from the cache; no request). */
  private personOfUnionId(unionId: string): Person | undefined {
    const cached = this.people.cachedByUnionId(unionId);
    if (!cached) return undefined;
    return cached.key.startsWith('u:') ? { kind: 'userId', token: cached.key.slice(2), userId: cached.key.slice(2) } : { kind: 'mobile', token: cached.key.slice(2), mobile: cached.key.slice(2) };
  }

  get onlyMine(): boolean {
    return this.onlyMineValue;
  }

  async setOnlyMine(value: boolean): Promise<void> {
    this.onlyMineValue = value;
    await this.context.workspaceState.update(ONLY_MINE_KEY, value);
    await vscode.commands.executeCommand('setContext', ONLY_MINE_CONTEXT, value);
    this.changed.fire();
  }

  dispose(): void {
    for (const timer of this.pendingLarge.values()) clearTimeout(timer);
    this.subscriptions.splice(0).forEach((d) => d.dispose());
  }
}

/** Real files and unsaved buffers; not output channels, git views or settings editors. */
export function isTrackable(doc: vscode.TextDocument): boolean {
  return ['file', 'untitled', 'vscode-remote', 'vscode-vfs'].includes(doc.uri.scheme);
}
