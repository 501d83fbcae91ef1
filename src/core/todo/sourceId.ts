/**
 * The to-do's `sourceId`: DingTalk's idempotency key, so assigning the same TODO again (a retry, a second
 * window, a teammate on the same repository) finds the existing to-do instead of creating a second one.
 *
 * It is a hash, `dt-` + 32 hex digits of SHA-256 over repository, path and the TODO's text, because DingTalk's
 * official SDK puts the sourceId into the URL path unencoded: a `/` in it would break the lookup by sourceId.
 */

import { createHash } from 'crypto';
import type { TodoItem } from './todoFinder';
import { MARKER_PATTERN } from './syntax';

/**
 * The TODO as it is identified: tag and what follows, without the marker and without any whitespace (writing or
 * removing a marker may add or leave a space), NFC.
 */
export function normalisedTodoText(item: Pick<TodoItem, 'tag' | 'rest'>): string {
  return `${item.tag}${item.rest.replace(MARKER_PATTERN, '')}`.normalize('NFC').replace(/\s+/g, '');
}

/**
 * Which repository: `host/owner/repo` of its remote when there is one (the same on every clone), else a local
 * name (the workspace folder's).
 */
export function repositoryKey(remote: { host: string; owner: string; repo: string } | undefined, fallbackName: string): string {
  return remote ? `${remote.host}/${remote.owner}/${remote.repo}`.toLowerCase() : `local:${fallbackName}`;
}

/**
 * `occurrence` tells identical TODOs in one file apart (two `// TODO: handle errors` are two to-dos): 0 for the
 * first, 1 for the second…
 */
export function todoSourceId(repoKey: string, repoPath: string, normalisedText: string, occurrence = 0): string {
  const path = repoPath.replace(/\\/g, '/').replace(/^\/+/, '');
  const input = [repoKey, path, normalisedText, occurrence > 0 ? `#${occurrence}` : ''].join('\n');
  return `dt-${createHash('sha256').update(input, 'utf8').digest('hex').slice(0, 32)}`;
}

/** How many TODOs before `item` in the same file have the same text. */
export function occurrenceOf(items: readonly TodoItem[], item: TodoItem): number {
  const text = normalisedTodoText(item);
  let n = 0;
  for (const other of items) {
    if (other === item || (other.line === item.line && other.column === item.column)) break;
    if (normalisedTodoText(other) === text) n++;
  }
  return n;
}

/**
 * The TODO in `items` that is the one meant: the one on `line` if its text still matches, else the n-th TODO
 * with that text (the document changed while DingTalk was answering).
 */
export function findSameTodo(items: readonly TodoItem[], line: number, text: string, occurrence: number): TodoItem | undefined {
  const onLine = items.find((i) => i.line === line && normalisedTodoText(i) === text);
  if (onLine) return onLine;
  const same = items.filter((i) => normalisedTodoText(i) === text);
  return same[occurrence] ?? same[0];
}
