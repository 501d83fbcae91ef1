import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../../constants';
import { enabledGlobs } from '../../core/todo/globs';

export const DEFAULT_TODO_TAGS = ['TODO', 'FIXME'] as const;

/** Typed access to the `dingtalk.todos.*` settings and `dingtalk.me`. Defaults match package.json. */
export class TodoSettings {
  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(CONFIG_SECTION);
  }

  /** Tags, trimmed; words with spaces or empty ones are dropped (the setting's schema says so too). */
  get tags(): string[] {
    const raw = this.config.get<unknown>('todos.tags', DEFAULT_TODO_TAGS);
    const tags = Array.isArray(raw) ? raw.filter((t): t is string => typeof t === 'string').map((t) => t.trim()).filter((t) => /^\S{1,32}$/.test(t)) : [];
    return tags.length > 0 ? [...new Set(tags)] : [...DEFAULT_TODO_TAGS];
  }

  get codeLens(): boolean {
    return this.config.get<boolean>('todos.codeLens', true);
  }

  /** Minutes between status syncs; 0 turns the timer off. */
  get syncIntervalMinutes(): number {
    const v = this.config.get<number>('todos.syncIntervalMinutes', 10);
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.max(1, v) : 0;
  }

  get maxItems(): number {
    const v = this.config.get<number>('todos.maxItems', 20000);
    return typeof v === 'number' && Number.isFinite(v) && v >= 100 ? Math.floor(v) : 20000;
  }

  /** Who "me" is: a member alias, mobile number or DingTalk user id (user settings only). */
  get me(): string {
    return (this.config.inspect<string>('me')?.globalValue ?? '').trim();
  }

  async setMe(value: string): Promise<void> {
    await this.config.update('me', value, vscode.ConfigurationTarget.Global);
  }

  /** A user-chosen rg binary; machine-scoped (a repository must never pick a program to run). */
  get ripgrepPath(): string {
    if (!vscode.workspace.isTrusted) return '';
    return (this.config.inspect<string>('todos.ripgrepPath')?.globalValue ?? '').trim();
  }

  /** `files.exclude` + `search.exclude` of a folder, the patterns that are on. */
  excludeGlobs(folder: vscode.WorkspaceFolder): string[] {
    const files = vscode.workspace.getConfiguration('files', folder.uri).get<unknown>('exclude');
    const search = vscode.workspace.getConfiguration('search', folder.uri).get<unknown>('exclude');
    return [...new Set([...enabledGlobs(files), ...enabledGlobs(search)])];
  }

  useIgnoreFiles(folder: vscode.WorkspaceFolder): boolean {
    return vscode.workspace.getConfiguration('search', folder.uri).get<boolean>('useIgnoreFiles', true);
  }

  /** Whether a configuration change affects what the scan finds. */
  static affectsScan(e: vscode.ConfigurationChangeEvent): boolean {
    return ['dingtalk.todos.tags', 'dingtalk.todos.maxItems', 'dingtalk.todos.ripgrepPath', 'files.exclude', 'search.exclude', 'search.useIgnoreFiles'].some((k) => e.affectsConfiguration(k));
  }
}
