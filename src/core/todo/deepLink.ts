/**
 * The to-do's link back into the editor: `vscode://<publisher.name>/todo?path=<repo path>&line=<n>&sid=<sourceId>`.
 * The path is relative to the repository, so the link works on every teammate's clone wherever it lives; the
 * sourceId finds the TODO again when lines have moved.
 */

export const TODO_LINK_PATH = '/todo';

export interface TodoLinkTarget {
  /** Repository-relative path with `/`. */
  readonly path: string;
  /** 1-based line. */
  readonly line: number;
  readonly sourceId?: string;
}

export function buildTodoLink(uriScheme: string, extensionId: string, target: TodoLinkTarget): string {
  const query = new URLSearchParams({ path: target.path.replace(/\\/g, '/'), line: String(target.line) });
  if (target.sourceId) query.set('sid', target.sourceId);
  return `${uriScheme}://${extensionId}${TODO_LINK_PATH}?${query.toString()}`;
}

/** Reads a link's path and query (as VS Code's UriHandler gets them); undefined if it is not a valid TODO link. */
export function parseTodoLink(path: string, query: string): TodoLinkTarget | undefined {
  if (path !== TODO_LINK_PATH) return undefined;
  const params = new URLSearchParams(query);
  const file = (params.get('path') ?? '').replace(/\\/g, '/').replace(/^\/+/, '');
  const line = Number(params.get('line'));
  const segments = file.split('/');
  if (!file || segments.includes('..') || segments.includes('') || !Number.isSafeInteger(line) || line < 1) return undefined;
  const sid = params.get('sid');
  return { path: file, line, ...(sid && /^dt-[0-9a-f]{32}$/.test(sid) ? { sourceId: sid } : {}) };
}
