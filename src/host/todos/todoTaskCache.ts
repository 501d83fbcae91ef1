import * as vscode from 'vscode';
import type { TaskSnapshot } from '../../core/todo/todoStatus';

const KEY = 'dingtalk.todos.tasks';
const MAX_ENTRIES = 5000;

/**
 * What was last heard from DingTalk about each tracked to-do, kept in workspace state so the tree and the
 * decorations show statuses at once after a restart, before the next sync.
 */
export class TodoTaskCache implements vscode.Disposable {
  private readonly tasks = new Map<string, TaskSnapshot>();
  private readonly changed = new vscode.EventEmitter<readonly string[]>();
  readonly onDidChange = this.changed.event;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly state: vscode.Memento) {
    const stored = state.get<unknown>(KEY);
    if (Array.isArray(stored)) {
      for (const raw of stored) {
        const t = raw as Partial<TaskSnapshot>;
        if (t && typeof t.taskId === 'string' && typeof t.done === 'boolean' && typeof t.syncedAt === 'number') {
          this.tasks.set(t.taskId, { subject: '', executorIds: [], ...t } as TaskSnapshot);
        }
      }
    }
  }

  get(taskId: string | undefined): TaskSnapshot | undefined {
    return taskId === undefined ? undefined : this.tasks.get(taskId);
  }

  setMany(snapshots: readonly TaskSnapshot[]): void {
    if (snapshots.length === 0) return;
    for (const s of snapshots) {
      this.tasks.delete(s.taskId); // re-insert: the map's order is the eviction order
      this.tasks.set(s.taskId, s);
    }
    while (this.tasks.size > MAX_ENTRIES) this.tasks.delete(this.tasks.keys().next().value as string);
    this.changed.fire(snapshots.map((s) => s.taskId));
    this.scheduleSave();
  }

  set(snapshot: TaskSnapshot): void {
    this.setMany([snapshot]);
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.state.update(KEY, [...this.tasks.values()]);
    }, 500);
  }

  dispose(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      void this.state.update(KEY, [...this.tasks.values()]);
    }
    this.changed.dispose();
  }
}
