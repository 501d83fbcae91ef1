import * as vscode from 'vscode';
import { isDingTalkError } from '../../core/dingtalk/errors';
import type { TodoTask } from '../../core/dingtalk/todos';
import { PersonError } from '../../core/todo/people';
import type { TaskSnapshot } from '../../core/todo/todoStatus';
import type { TodoService } from './todoService';

/** At most this many to-dos are fetched per sync (least recently synced first), so a sync stays cheap. */
const MAX_PER_SYNC = 200;
const CONCURRENCY = 4;
/** Focusing the window syncs only if the last sync is older than this. */
const FOCUS_MIN_INTERVAL_MS = 60_000;

export interface SyncResult {
  readonly synced: number;
  readonly missing: number;
  readonly failed: number;
  /** Why nothing was asked: no enterprise app, or `dingtalk.me` not set. */
  readonly skipped?: 'noApp' | 'meNotSet';
  /** The first failure, for an explicit refresh to show. */
  readonly error?: unknown;
}

export function snapshotOf(task: TodoTask, now: number): TaskSnapshot {
  return {
    taskId: task.id,
    subject: task.subject,
    done: task.done,
    ...(task.dueTime !== undefined ? { dueTime: task.dueTime } : {}),
    executorIds: task.executorIds,
    ...(task.priority !== undefined ? { priority: task.priority } : {}),
    ...(task.detailUrl ? { detailUrl: task.detailUrl } : {}),
    syncedAt: now,
  };
}

/**
 * Brings the status of tracked TODOs (those with a marker) over from DingTalk: on refresh, when the window gets
 * focus, and every `dingtalk.todos.syncIntervalMinutes`. Quiet in the background: failures go to the log.
 */
export class TodoStatusSync implements vscode.Disposable {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<SyncResult> | undefined;
  private lastSyncAt = 0;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly service: TodoService) {
    this.subscriptions.push(
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused && Date.now() - this.lastSyncAt > FOCUS_MIN_INTERVAL_MS && this.trackedTaskIds().length > 0) void this.sync('focus');
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dingtalk.todos.syncIntervalMinutes')) this.schedule();
      }),
    );
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const minutes = this.service.settings.syncIntervalMinutes;
    if (minutes > 0) {
      this.timer = setInterval(() => {
        if (this.trackedTaskIds().length > 0) void this.sync('interval');
      }, minutes * 60_000);
    }
  }

  /** Task ids of every TODO with a marker: in the workspace index and in open documents. */
  trackedTaskIds(): string[] {
    const ids = new Set<string>();
    for (const [, items] of this.service.index.entries()) for (const i of items) if (i.taskId) ids.add(i.taskId);
    for (const items of this.service.openDocumentItems()) for (const i of items) if (i.taskId) ids.add(i.taskId);
    return [...ids];
  }

  /** Syncs now (joins a sync already running). */
  sync(reason: 'refresh' | 'focus' | 'interval' | 'command'): Promise<SyncResult> {
    if (!this.running) {
      this.running = this.run(reason).finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async run(reason: string): Promise<SyncResult> {
    const ids = this.trackedTaskIds()
      .sort((a, b) => (this.service.tasks.get(a)?.syncedAt ?? 0) - (this.service.tasks.get(b)?.syncedAt ?? 0))
      .slice(0, MAX_PER_SYNC);
    this.lastSyncAt = Date.now();
    if (ids.length === 0) return { synced: 0, missing: 0, failed: 0 };
    let app;
    let me: string;
    try {
      app = await this.service.dingtalk.app();
      me = await this.service.meUnionId();
    } catch (err) {
      const skipped = err instanceof PersonError && err.kind === 'meNotSet' ? 'meNotSet' : isDingTalkError(err) && err.details.reason === 'appNotConfigured' ? 'noApp' : undefined;
      this.service.logger.info('todos', `status sync (${reason}) skipped: ${skipped ?? (err as Error).message}`);
      return { synced: 0, missing: 0, failed: skipped ? 0 : ids.length, ...(skipped ? { skipped } : { error: err }) };
    }
    const snapshots: TaskSnapshot[] = [];
    let missing = 0;
    let failed = 0;
    let error: unknown;
    const queue = [...ids];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          snapshots.push(snapshotOf(await app.todos.get(me, id), Date.now()));
        } catch (err) {
          if (isDingTalkError(err, 'taskNotFound')) {
            missing++;
            const old = this.service.tasks.get(id);
            snapshots.push({ taskId: id, subject: old?.subject ?? '', done: false, executorIds: old?.executorIds ?? [], syncedAt: Date.now(), missing: true });
          } else {
            failed++;
            error ??= err;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
    this.service.tasks.setMany(snapshots);
    this.service.logger.info('todos', `status sync (${reason}): ${snapshots.length - missing} synced, ${missing} missing, ${failed} failed`);
    return { synced: snapshots.length - missing, missing, failed, ...(error ? { error } : {}) };
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.subscriptions.splice(0).forEach((d) => d.dispose());
  }
}
