import * as vscode from 'vscode';
import type { CachedPerson, PeopleCacheStore } from '../../core/todo/people';

const KEY = 'dingtalk.todos.people';

/**
 * Looked-up unionIds in global state: the same people across workspaces, and no contacts-API calls after a
 * restart. Only ids and names are kept (no tokens, no secrets).
 */
export class TodoPeopleCache implements PeopleCacheStore {
  private readonly entries = new Map<string, CachedPerson>();

  constructor(private readonly state: vscode.Memento) {
    const stored = state.get<Record<string, CachedPerson>>(KEY, {});
    for (const [key, value] of Object.entries(stored ?? {})) {
      if (value && typeof value.unionId === 'string' && typeof value.at === 'number') this.entries.set(key, value);
    }
  }

  get(key: string): CachedPerson | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: CachedPerson): void {
    this.entries.set(key, value);
    void this.state.update(KEY, Object.fromEntries(this.entries));
  }

  values(): Iterable<[string, CachedPerson]> {
    return this.entries.entries();
  }
}
