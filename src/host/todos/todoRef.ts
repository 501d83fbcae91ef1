import * as vscode from 'vscode';

/** Which TODO a command is about: a document and the TODO's line (and column). */
export interface TodoRef {
  readonly uri: string;
  readonly line: number;
  readonly column?: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * Reads the TODO a command was invoked for, from how VS Code passes it: `{ uri, line }` (code lens, quick fix,
 * tests), a tree node (the view's context menu), or nothing (the palette: the TODO at the cursor).
 */
export function todoRefFrom(args: readonly unknown[]): TodoRef | undefined {
  const first = args[0];
  if (isRecord(first) && typeof first.uri === 'string' && typeof first.line === 'number') {
    return { uri: first.uri, line: first.line, ...(typeof first.column === 'number' ? { column: first.column } : {}) };
  }
  if (isRecord(first) && first.type === 'todo' && isRecord(first.entry)) {
    const entry = first.entry as { key?: unknown; item?: { line?: unknown; column?: unknown } };
    if (typeof entry.key === 'string' && typeof entry.item?.line === 'number') return { uri: entry.key, line: entry.item.line, column: entry.item.column as number };
  }
  if (typeof first === 'string' && typeof args[1] === 'number') return { uri: first, line: args[1], ...(typeof args[2] === 'number' ? { column: args[2] } : {}) };
  const editor = vscode.window.activeTextEditor;
  if (editor) return { uri: editor.document.uri.toString(), line: editor.selection.active.line };
  return undefined;
}
