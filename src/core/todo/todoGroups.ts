/**
 * How the "DingTalk To-dos" view groups TODOs: by status (unassigned, open, overdue, done), then by assignee,
 * with counts. A TODO with two assignees is listed under both; the status count counts it once.
 */

import type { TodoItem } from './todoFinder';
import { TODO_STATUSES, TodoStatus } from './todoStatus';

export interface TodoEntry {
  /** The file's key (its URI). */
  readonly key: string;
  readonly item: TodoItem;
  readonly status: TodoStatus;
  readonly assignees: readonly string[];
  readonly mine: boolean;
}

export interface AssigneeGroup {
  /** '' for "nobody named". */
  readonly assignee: string;
  readonly entries: readonly TodoEntry[];
}

export interface StatusGroup {
  readonly status: TodoStatus;
  readonly count: number;
  /** Unassigned TODOs are listed directly; the others by assignee. */
  readonly entries: readonly TodoEntry[];
  readonly byAssignee: readonly AssigneeGroup[];
}

function byPlace(a: TodoEntry, b: TodoEntry): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.item.line - b.item.line || a.item.column - b.item.column;
}

export function groupTodos(entries: Iterable<TodoEntry>, options: { onlyMine?: boolean } = {}): StatusGroup[] {
  const buckets = new Map<TodoStatus, TodoEntry[]>(TODO_STATUSES.map((s) => [s, []]));
  for (const entry of entries) {
    if (options.onlyMine && !entry.mine) continue;
    buckets.get(entry.status)!.push(entry);
  }
  return TODO_STATUSES.map((status) => {
    const list = buckets.get(status)!.sort(byPlace);
    const people = new Map<string, TodoEntry[]>();
    if (status !== 'unassigned') {
      for (const entry of list) {
        const names = entry.assignees.length ? entry.assignees : [''];
        for (const name of names) {
          let group = people.get(name);
          if (!group) people.set(name, (group = []));
          group.push(entry);
        }
      }
    }
    const byAssignee = [...people]
      .map(([assignee, groupEntries]) => ({ assignee, entries: groupEntries }))
      .sort((a, b) => (a.assignee === '' ? 1 : b.assignee === '' ? -1 : a.assignee.localeCompare(b.assignee)));
    return { status, count: list.length, entries: list, byAssignee };
  });
}
