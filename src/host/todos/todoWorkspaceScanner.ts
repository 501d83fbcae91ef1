import { readFileSync, promises as fs } from 'fs';
import * as vscode from 'vscode';
import { excludeMatcher } from '../../core/todo/globs';
import { IGNORE_FILE_NAMES, IgnoreRules } from '../../core/todo/ignoreFiles';
import { styleForPath } from '../../core/todo/languages';
import { scanWithNode } from '../../core/todo/nodeScan';
import { RipgrepUnavailableError, scanWithRipgrep } from '../../core/todo/ripgrepScan';
import { DEFAULT_MAX_FILE_SIZE, ScanOptions, ScanResult } from '../../core/todo/scanTypes';
import { findTodos, TodoItem } from '../../core/todo/todoFinder';
import type { TodoIndex } from '../../core/todo/todoIndex';
import type { Logger } from '../logger';
import { locateRipgrep } from './ripgrepLocator';
import { TodoSettings } from './todoSettings';

export const TODO_VIEW_ID = 'dingtalk.todos';

/** More file events than this in one batch (a branch switch) means a full rescan instead. */
const RESCAN_THRESHOLD = 300;
const BATCH_DELAY_MS = 300;
/** After this long, a background scan offers a Cancel button. */
const SLOW_SCAN_MS = 1500;

export type ScanEngine = 'ripgrep' | 'node';

export interface ScanSummary {
  readonly engine: ScanEngine;
  readonly items: number;
  readonly truncated: boolean;
  readonly cancelled: boolean;
  readonly durationMs: number;
}

interface FolderFilter {
  readonly excluded: (relativePath: string) => boolean;
  readonly ignore?: IgnoreRules;
}

/**
 * The workspace scan and its incremental upkeep. A full scan runs only on demand (the view is shown, a command
 * needs it, a setting changed, a branch switch); afterwards single files are re-read as they change on disk.
 * Only one scan runs at a time: a new one cancels the old, and cancelling kills rg at once.
 */
export class TodoWorkspaceScanner implements vscode.Disposable {
  private running: { abort: AbortController; done: Promise<ScanSummary | undefined> } | undefined;
  private ripgrep: string | null | undefined; // undefined: not looked for yet; null: none usable
  private readonly filters = new Map<string, FolderFilter>();
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly pending = new Map<string, 'change' | 'delete'>();
  private batchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly stateChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeState = this.stateChanged.event;
  private readonly flushed = new vscode.EventEmitter<readonly string[]>();
  /** A batch of file events was applied (the files' keys). */
  readonly onDidProcessFileEvents = this.flushed.event;
  private scanned = false;
  lastSummary: ScanSummary | undefined;

  constructor(
    private readonly index: TodoIndex,
    private readonly settings: TodoSettings,
    private readonly logger: Logger,
    /** Files whose TODOs come from an open editor, not the disk. */
    private readonly isTrackedInEditor: (key: string) => boolean,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!TodoSettings.affectsScan(e)) return;
        this.filters.clear();
        if (e.affectsConfiguration('dingtalk.todos.ripgrepPath')) this.ripgrep = undefined;
        if (this.scanned) void this.scan();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.filters.clear();
        if (this.scanned) void this.scan();
      }),
      vscode.workspace.onDidRenameFiles((e) => {
        for (const f of e.files) this.index.rename(f.oldUri.toString(), f.newUri.toString());
      }),
    );
  }

  /** The rg binary the last scan used (undefined before the first scan, or when the Node scan took over). */
  get ripgrepInUse(): string | undefined {
    return this.ripgrep ?? undefined;
  }

  get isScanning(): boolean {
    return this.running !== undefined;
  }

  get hasScanned(): boolean {
    return this.scanned;
  }

  /** Scans once if that has not happened yet; resolves when the index is filled. */
  async ensureScanned(): Promise<void> {
    if (this.running) await this.running.done;
    else if (!this.scanned) await this.scan();
  }

  /** Cancels a running scan (its rg is killed before this returns). */
  cancel(): void {
    this.running?.abort.abort();
  }

  /** A full scan of every folder. `interactive` shows a cancellable notification instead of the view's progress bar. */
  scan(interactive = false): Promise<ScanSummary | undefined> {
    this.cancel();
    const abort = new AbortController();
    const done = Promise.resolve(
      vscode.window.withProgress(
        interactive
          ? { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking for TODOs…'), cancellable: true }
          : { location: { viewId: TODO_VIEW_ID } },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          return this.scanAll(abort.signal, (items) => progress.report({ message: vscode.l10n.t('{0} TODOs so far', items) }));
        },
      ),
    ).then(
      (summary) => summary,
      (err: unknown) => {
        this.logger.error('todos', 'scan failed', err);
        return undefined;
      },
    );
    const entry = { abort, done };
    this.running = entry;
    this.stateChanged.fire();
    // A scan that takes a while gets a notification with a Cancel button (the view's progress bar has none).
    const slow = interactive
      ? undefined
      : setTimeout(() => {
          if (this.running !== entry) return;
          void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking for TODOs…'), cancellable: true }, (_p, token) => {
            token.onCancellationRequested(() => abort.abort());
            return done;
          });
        }, SLOW_SCAN_MS);
    void done.then(() => {
      if (slow) clearTimeout(slow);
      if (this.running === entry) this.running = undefined;
      this.stateChanged.fire();
    });
    return done;
  }

  private async scanAll(signal: AbortSignal, report: (items: number) => void): Promise<ScanSummary> {
    const started = Date.now();
    this.ensureWatcher();
    const tags = this.settings.tags;
    let budget = this.settings.maxItems;
    let engine: ScanEngine = 'ripgrep';
    let truncated = false;
    let total = 0;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (signal.aborted || budget <= 0) break;
      if (folder.uri.scheme !== 'file') continue; // virtual folders: open editors only
      const options: ScanOptions = {
        root: folder.uri.fsPath,
        tags,
        excludeGlobs: this.settings.excludeGlobs(folder),
        useIgnoreFiles: this.settings.useIgnoreFiles(folder),
        maxItems: budget,
        signal,
        onProgress: (p) => report(total + p.items),
      };
      const { result, engine: used } = await this.run(options);
      engine = used;
      if (result.cancelled) break;
      const files = new Map<string, readonly TodoItem[]>();
      for (const f of result.files) files.set(vscode.Uri.joinPath(folder.uri, f.relativePath).toString(), f.items);
      this.index.replaceScope(folder.uri.toString(), files, this.isTrackedInEditor);
      total += result.itemCount;
      budget -= result.itemCount;
      truncated ||= result.truncated;
    }
    const summary: ScanSummary = { engine, items: total, truncated, cancelled: signal.aborted, durationMs: Date.now() - started };
    this.logger.info('todos', `scan (${engine}): ${total} TODOs in ${summary.durationMs} ms${truncated ? ', stopped at dingtalk.todos.maxItems' : ''}${signal.aborted ? ', cancelled' : ''}`);
    if (!signal.aborted) this.scanned = true;
    this.lastSummary = summary;
    return summary;
  }

  /** rg when it can start, else the Node scan (and rg is not tried again until the setting changes). */
  private async run(options: ScanOptions): Promise<{ result: ScanResult; engine: ScanEngine }> {
    if (this.ripgrep === undefined) {
      this.ripgrep = locateRipgrep(this.settings.ripgrepPath) ?? null;
      this.logger.info('todos', this.ripgrep ? `using ripgrep at ${this.ripgrep}` : 'no ripgrep found; scanning with Node (slower)');
    }
    if (this.ripgrep) {
      try {
        return { result: await scanWithRipgrep(this.ripgrep, options), engine: 'ripgrep' };
      } catch (err) {
        if (!(err instanceof RipgrepUnavailableError)) throw err;
        this.logger.warn('todos', `${err.message} Scanning with Node instead.`);
        this.ripgrep = null;
      }
    }
    return { result: await scanWithNode(options), engine: 'node' };
  }

  /** Whether a file (or folder) belongs in the tree: in a workspace folder, not excluded, not ignored. */
  includes(uri: vscode.Uri, isDir = false): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const rel = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
    if (!rel) return false;
    const filter = this.filterFor(folder);
    return !filter.excluded(rel) && !(filter.ignore?.isIgnored(rel, isDir) ?? false);
  }

  private filterFor(folder: vscode.WorkspaceFolder): FolderFilter {
    const key = folder.uri.toString();
    let filter = this.filters.get(key);
    if (!filter) {
      const root = folder.uri;
      filter = {
        excluded: excludeMatcher(this.settings.excludeGlobs(folder)),
        ignore:
          this.settings.useIgnoreFiles(folder) && root.scheme === 'file'
            ? new IgnoreRules((rel) => {
                try {
                  return readFileSync(vscode.Uri.joinPath(root, rel).fsPath, 'utf8');
                } catch {
                  return undefined;
                }
              })
            : undefined,
      };
      this.filters.set(key, filter);
    }
    return filter;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Incremental updates from the disk

  private ensureWatcher(): void {
    if (this.watcher) return;
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.subscriptions.push(
      this.watcher,
      this.watcher.onDidCreate((u) => this.queue(u, 'change')),
      this.watcher.onDidChange((u) => this.queue(u, 'change')),
      this.watcher.onDidDelete((u) => this.queue(u, 'delete')),
    );
  }

  private queue(uri: vscode.Uri, kind: 'change' | 'delete'): void {
    if (uri.scheme !== 'file') return;
    const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    if ((IGNORE_FILE_NAMES as readonly string[]).includes(base)) {
      // Which files are ignored changed: the next scan must see it.
      this.filters.clear();
      this.scheduleRescan();
      return;
    }
    this.pending.set(uri.toString(), kind);
    if (!this.batchTimer) this.batchTimer = setTimeout(() => void this.flush(), BATCH_DELAY_MS);
  }

  private rescanTimer: ReturnType<typeof setTimeout> | undefined;
  private scheduleRescan(): void {
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = undefined;
      void this.scan();
    }, 1000);
  }

  /** Applies a batch of file events: deletions drop entries, changes re-read the file (or rescan a new folder). */
  async flush(): Promise<void> {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    const batch = [...this.pending];
    this.pending.clear();
    if (batch.length > RESCAN_THRESHOLD) {
      this.scheduleRescan();
      return;
    }
    const tags = this.settings.tags;
    for (const [key, kind] of batch) {
      if (kind === 'delete') {
        this.index.delete(key);
        this.index.deleteUnder(key);
        continue;
      }
      if (this.isTrackedInEditor(key)) continue;
      const uri = vscode.Uri.parse(key);
      await this.refreshFromDisk(uri, tags);
    }
    this.flushed.fire(batch.map(([key]) => key));
  }

  /** Re-reads one file (or scans a new folder) from disk into the index. */
  async refreshFromDisk(uri: vscode.Uri, tags = this.settings.tags): Promise<void> {
    const key = uri.toString();
    let stat: import('fs').Stats;
    try {
      stat = await fs.stat(uri.fsPath);
    } catch {
      this.index.delete(key);
      return;
    }
    if (stat.isDirectory()) {
      await this.scanFolderSubtree(uri, tags);
      return;
    }
    const style = styleForPath(uri.path);
    if (!style || stat.size > DEFAULT_MAX_FILE_SIZE || !this.includes(uri)) {
      this.index.delete(key);
      return;
    }
    try {
      this.index.set(key, findTodos(await fs.readFile(uri.fsPath, 'utf8'), style, tags));
    } catch {
      this.index.delete(key);
    }
  }

  /** A folder that appeared (moved in, checked out): scan just it, with ignore files applied by the scan. */
  private async scanFolderSubtree(uri: vscode.Uri, tags: readonly string[]): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || !this.includes(uri, true)) return;
    const rel = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
    const { result } = await this.run({
      root: folder.uri.fsPath,
      paths: [rel],
      tags,
      excludeGlobs: this.settings.excludeGlobs(folder),
      useIgnoreFiles: this.settings.useIgnoreFiles(folder),
      maxItems: this.settings.maxItems,
    });
    const files = new Map<string, readonly TodoItem[]>();
    for (const f of result.files) {
      // rg searches a path it is given even if an ignore file names it: apply the rules here.
      const file = vscode.Uri.joinPath(folder.uri, f.relativePath);
      if (this.includes(file)) files.set(file.toString(), f.items);
    }
    this.index.replaceScope(uri.toString(), files, this.isTrackedInEditor);
  }

  dispose(): void {
    this.cancel();
    if (this.batchTimer) clearTimeout(this.batchTimer);
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.subscriptions.splice(0).forEach((d) => d.dispose());
    this.stateChanged.dispose();
    this.flushed.dispose();
  }
}
