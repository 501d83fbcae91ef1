/**
 * Text edits on TODO comments: writing the `[dt:<taskId>]` marker after assigning, and removing a TODO once its
 * to-do is done. Pure: they return ranges and text; the host applies them as one undoable WorkspaceEdit.
 */

import type { TextPosition, TodoItem } from './todoFinder';

/** Replace `start`…`end` with `newText`. */
export interface TextEditSpec {
  readonly start: TextPosition;
  readonly end: TextPosition;
  readonly newText: string;
}

export function formatMarker(taskId: string): string {
  return `[dt:${taskId}]`;
}

/** Valid task ids for a marker (what the marker pattern reads back). */
export function isMarkerTaskId(taskId: string): boolean {
  return /^[A-Za-z0-9_-]{1,128}$/.test(taskId);
}

/**
 * The edit that writes the marker where the TODO's text starts: `TODO(@alice): [dt:task1] fix it`. Undefined if
 * the TODO has a marker already or the id cannot be written as one.
 */
export function markerInsertion(lineText: string, item: TodoItem, taskId: string): TextEditSpec | undefined {
  if (item.taskId !== undefined || !isMarkerTaskId(taskId)) return undefined;
  const at = Math.min(item.insertColumn, lineText.length);
  const before = at > 0 ? lineText[at - 1] : '';
  const after = lineText[at] ?? '';
  // Always apart from what precedes: glued to a word (`@张伟：`) it would become part of that word.
  const spaceBefore = before !== '' && !/\s/.test(before) ? ' ' : '';
  const spaceAfter = at < item.endColumn && after !== '' && !/\s/.test(after) ? ' ' : '';
  return { start: { line: item.line, column: at }, end: { line: item.line, column: at }, newText: `${spaceBefore}${formatMarker(taskId)}${spaceAfter}` };
}

/** Applies one single-line edit to a line (for tests and for previewing). */
export function applyToLine(lineText: string, edit: TextEditSpec): string {
  return lineText.slice(0, edit.start.column) + edit.newText + lineText.slice(edit.end.column);
}

function blank(s: string): boolean {
  return /^\s*$/.test(s);
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Deleting a whole line, including its line break. */
function wholeLine(line: number, lineCount: number, lineAt: (n: number) => string): TextEditSpec {
  if (line + 1 < lineCount) return { start: { line, column: 0 }, end: { line: line + 1, column: 0 }, newText: '' };
  if (line > 0) return { start: { line: line - 1, column: withoutCr(lineAt(line - 1)).length }, end: { line, column: withoutCr(lineAt(line)).length }, newText: '' };
  return { start: { line, column: 0 }, end: { line, column: withoutCr(lineAt(line)).length }, newText: '' };
}

/**
 * The edit that removes a TODO: its whole line when the comment is all there is on it, the trailing comment when
 * it follows code (`x(); // TODO …` → `x();`), or, inside a multi-line block comment, the TODO's line.
 */
export function removalEdit(item: TodoItem, lineCount: number, lineAt: (n: number) => string): TextEditSpec {
  const text = withoutCr(lineAt(item.line));
  const { kind, start, end } = item.comment;
  const singleLine = kind === 'line' || (start.line === item.line && end.line === item.line);
  if (singleLine) {
    const before = text.slice(0, start.column);
    const after = kind === 'line' ? '' : text.slice(end.column);
    if (blank(before) && blank(after)) return wholeLine(item.line, lineCount, lineAt);
    const from = before.replace(/\s+$/, '').length;
    const to = kind === 'line' ? text.length : end.column;
    return { start: { line: item.line, column: from }, end: { line: item.line, column: to }, newText: '' };
  }
  // Multi-line block comment: a middle line goes; on the opening or closing line only the TODO's text goes.
  if (start.line !== item.line && end.line !== item.line) return wholeLine(item.line, lineCount, lineAt);
  return { start: { line: item.line, column: item.column }, end: { line: item.line, column: item.endColumn }, newText: '' };
}
