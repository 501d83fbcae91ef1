/**
 * The TODO syntax, read from what follows the tag on its line:
 *
 *   `TODO: text`
 *   `TODO(@alice): text`
 *   `TODO(@alice @13800000000, 2026-12-01, P1): text`      — Google-style `TODO(alice)` works too
 *   `TODO @alice due:2026-12-01 !urgent text`
 *   `TODO（@张伟，周五，P0）：修复登录`                        — full-width punctuation
 *   `TODO(@alice): [dt:task123] text`                       — the marker written after assigning
 *
 * Inside the parentheses: `@person`, a due date (ISO or relative), `P0`–`P3`, `!priority`, `due:date`, and bare
 * names (which count as assignees when they are configured member aliases). After the tag or the parentheses,
 * leading `@person`, `due:date`, `!priority` and the marker are metadata too; the first other word starts the text.
 */

import { looksLikeDate, isDueToken } from './dueDate';
import { parsePriority } from './priority';
import type { TodoPriority } from '../dingtalk/todos';

/** Something in the TODO that could not be understood, with the token that caused it. */
export interface TodoProblem {
  readonly kind: 'badDate' | 'badPriority';
  readonly token: string;
}

/** What follows the tag, understood. Offsets are relative to the start of the parsed string. */
export interface TodoSyntax {
  /** Assignee tokens as written, without the `@` (alias, mobile, user id or `me`). */
  readonly assignees: readonly string[];
  /** Bare words inside the parentheses (Google style `TODO(alice)`): assignees if they are member aliases. */
  readonly bareWords: readonly string[];
  readonly due?: string;
  readonly priority?: TodoPriority;
  /** The DingTalk task id of the marker `[dt:<id>]`. */
  readonly taskId?: string;
  /** Where the marker is, when there is one. */
  readonly marker?: { readonly start: number; readonly end: number };
  /** The text with the marker removed and whitespace collapsed. */
  readonly text: string;
  /** Where the text starts: where a marker is inserted. */
  readonly textStart: number;
  readonly problems: readonly TodoProblem[];
}

export const MARKER_PATTERN = /\[dt:([A-Za-z0-9_-]{1,128})\]/;
const MARKER_WORD = /^\[dt:[A-Za-z0-9_-]{1,128}\]$/;
const OPEN_PARENS = '(（';
const CLOSE_PARENS = ')）';
const SEPARATORS = /^[:：\-–—]/;
const ALIAS_SHAPE = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;
const TRAILING_PUNCTUATION = /[,，;；:：。.]+$/;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\u3000';
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && isSpace(s[i])) i++;
  return i;
}

interface Collected {
  assignees: string[];
  bareWords: string[];
  due?: string;
  priority?: TodoPriority;
  problems: TodoProblem[];
}

/** One metadata token; false when it is not metadata (outside parentheses that ends the header). */
function takeMeta(token: string, into: Collected, inParens: boolean): boolean {
  if (token.startsWith('@') && token.length > 1) {
    into.assignees.push(token.slice(1));
    return true;
  }
  const due = /^(?:due|截止)[:：=](.+)$/i.exec(token);
  if (due) {
    if (isDueToken(due[1])) into.due ??= due[1];
    else into.problems.push({ kind: 'badDate', token: due[1] });
    return true;
  }
  if (token.startsWith('!') && token.length > 1) {
    const priority = parsePriority(token.slice(1));
    if (priority !== undefined) {
      into.priority ??= priority;
      return true;
    }
    if (inParens) into.problems.push({ kind: 'badPriority', token });
    return inParens;
  }
  if (!inParens) return false;
  if (/^p\d$/i.test(token)) {
    const priority = parsePriority(token);
    if (priority !== undefined) into.priority ??= priority;
    else into.problems.push({ kind: 'badPriority', token });
    return true;
  }
  if (isDueToken(token)) {
    into.due ??= token;
    return true;
  }
  if (looksLikeDate(token)) {
    into.problems.push({ kind: 'badDate', token });
    return true;
  }
  if (ALIAS_SHAPE.test(token)) into.bareWords.push(token);
  // Anything else (`b/12345`, `#42`) is someone's label: kept in the text, ignored here.
  return true;
}

/** Characters without which there is no metadata to read (most TODOs are just `TODO: text`). */
const MAYBE_METADATA = /[(（@!\[]|due|截止/i;

/** Parses what follows the tag (the rest of the TODO's line inside its comment). Never throws. */
export function parseTodoText(rest: string): TodoSyntax {
  if (!MAYBE_METADATA.test(rest)) {
    let start = skipSpaces(rest, 0);
    if (/^[:：]/.test(rest.slice(start, start + 1)) || (/^[-–—]/.test(rest.slice(start, start + 1)) && !/[\p{L}\p{N}]/u.test(rest[start + 1] ?? ''))) start = skipSpaces(rest, start + 1);
    return { assignees: [], bareWords: [], text: rest.slice(start).replace(/\s+/g, ' ').trim(), textStart: start, problems: [] };
  }
  const into: Collected = { assignees: [], bareWords: [], problems: [] };
  let i = skipSpaces(rest, 0);

  // The parenthesised group after the tag.
  if (OPEN_PARENS.includes(rest[i] ?? '\0')) {
    let close = -1;
    for (let j = i + 1; j < rest.length; j++) {
      if (CLOSE_PARENS.includes(rest[j])) {
        close = j;
        break;
      }
    }
    if (close > i) {
      for (const raw of rest.slice(i + 1, close).split(/[\s,，;；、]+/)) {
        if (raw === '' || MARKER_PATTERN.test(raw)) continue;
        takeMeta(raw, into, true);
      }
      i = close + 1;
    }
  }

  // Separator, then leading metadata words (and the marker), then maybe a separator again.
  let afterSeparator = false;
  const separator = (): void => {
    const s = skipSpaces(rest, i);
    if (!afterSeparator && SEPARATORS.test(rest.slice(s, s + 1)) && (s + 1 >= rest.length || !/[\p{L}\p{N}]/u.test(rest[s + 1]) || rest[s] === ':' || rest[s] === '：')) {
      i = s + 1;
      afterSeparator = true;
    }
  };
  separator();
  for (;;) {
    const s = skipSpaces(rest, i);
    let e = s;
    while (e < rest.length && !isSpace(rest[e])) e++;
    if (e === s) break;
    const word = rest.slice(s, e);
    if (MARKER_WORD.test(word)) {
      i = e;
      continue;
    }
    const bare = word.replace(TRAILING_PUNCTUATION, '');
    const endsWithColon = /[:：]$/.test(word);
    if (bare === '' || !takeMeta(bare, into, false)) break;
    i = e;
    if (endsWithColon) {
      afterSeparator = true;
      break;
    }
  }
  separator();
  const textStart = skipSpaces(rest, i);

  const markerMatch = MARKER_PATTERN.exec(rest);
  const marker = markerMatch ? { start: markerMatch.index, end: markerMatch.index + markerMatch[0].length } : undefined;
  let text = rest.slice(textStart);
  if (marker && marker.start >= textStart) text = rest.slice(textStart, marker.start) + rest.slice(marker.end);
  return {
    assignees: into.assignees,
    bareWords: into.bareWords,
    ...(into.due !== undefined ? { due: into.due } : {}),
    ...(into.priority !== undefined ? { priority: into.priority } : {}),
    ...(markerMatch ? { taskId: markerMatch[1], marker } : {}),
    text: text.replace(/\s+/g, ' ').trim(),
    textStart,
    problems: into.problems,
  };
}
