/**
 * Where a TODO stands: unassigned (no marker), open, overdue, or done in DingTalk. Tracked TODOs take their state
 * from the last sync with DingTalk; before the first sync, an absolute due date in the comment decides "overdue".
 */

import { resolveDue } from './dueDate';
import type { TodoItem } from './todoFinder';

export type TodoStatus = 'unassigned' | 'open' | 'overdue' | 'done';

export const TODO_STATUSES: readonly TodoStatus[] = ['unassigned', 'open', 'overdue', 'done'];

/** What was last heard from DingTalk about a to-do. */
export interface TaskSnapshot {
  readonly taskId: string;
  readonly subject: string;
  readonly done: boolean;
  readonly dueTime?: number;
  readonly executorIds: readonly string[];
  readonly priority?: number;
  readonly detailUrl?: { readonly appUrl?: string; readonly pcUrl?: string };
  /** When this was fetched (epoch ms). */
  readonly syncedAt: number;
  /** DingTalk said the to-do does not exist (deleted, or made by another app). */
  readonly missing?: boolean;
}

export function statusOf(item: Pick<TodoItem, 'taskId' | 'due'>, task: TaskSnapshot | undefined, now: number): TodoStatus {
  if (item.taskId === undefined) return 'unassigned';
  if (task?.done) return 'done';
  let due = task?.dueTime;
  // A relative date ("tomorrow") meant the day it was assigned, which is unknown here: only absolute ones count.
  if (due === undefined && !task && item.due && /^\d{4}/.test(item.due)) due = resolveDue(item.due, new Date(now));
  return due !== undefined && due < now ? 'overdue' : 'open';
}
