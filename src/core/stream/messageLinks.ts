/**
 * Code locations mentioned in a chat message: `path/to/file.ts:12`, `file.py:3-9`, and permalinks of the forms
 * this extension itself sends (GitHub/Gitee/Codeup `…/blob/<ref>/<path>#L10-L20`, GitLab `…/-/blob/…#L10-20`,
 * Bitbucket `…/src/<ref>/<path>#lines-10:20`). The host opens them in the workspace.
 */

export interface MessageLink {
  /** The text as it appears in the message. */
  readonly text: string;
  /** Where it is in the message. */
  readonly start: number;
  readonly end: number;
  /** Path as written (for a permalink: relative to the repository root), `/`-separated. */
  readonly path: string;
  /** 1-based; absent for a permalink without a line anchor. */
  readonly line?: number;
  readonly endLine?: number;
  /** For a permalink: the URL, and the repository name (the last segment before blob/src). */
  readonly url?: string;
  readonly repo?: string;
}

const URL_PATTERN = /https?:\/\/[^\s<>()"'`\]]+/g;
/** A relative path with an extension, then `:line`, optionally `-endLine` or `:column`. Not inside a word or URL. */
const PATH_PATTERN = /(?<![\w/.:@-])((?:\.{1,2}\/)?(?:[\w@+.-]+\/)*[\w@+-][\w@+.-]*\.[A-Za-z][A-Za-z0-9]{0,9}):(\d{1,7})(?:(?:-|–)(\d{1,7})|:\d{1,5})?(?![\w.])/g;

export function findMessageLinks(text: string): MessageLink[] {
  const links: MessageLink[] = [];
  const taken: Array<[number, number]> = [];
  for (const m of text.matchAll(URL_PATTERN)) {
    const raw = m[0].replace(/[.,;:!?。，；：！？]+$/, '');
    taken.push([m.index, m.index + m[0].length]);
    const link = parsePermalink(raw);
    if (link) links.push({ ...link, text: raw, start: m.index, end: m.index + raw.length });
  }
  for (const m of text.matchAll(PATH_PATTERN)) {
    const start = m.index;
    if (taken.some(([a, b]) => start >= a && start < b)) continue;
    const line = Number(m[2]);
    const endLine = m[3] !== undefined ? Number(m[3]) : undefined;
    if (line < 1) continue;
    links.push({ text: m[0], start, end: start + m[0].length, path: m[1].replace(/^\.\//, ''), line, ...(endLine && endLine >= line ? { endLine } : {}) });
  }
  return links.sort((a, b) => a.start - b.start);
}

/** Reads a permalink; undefined when the URL is not a file link of a known shape. */
export function parsePermalink(url: string): Omit<MessageLink, 'text' | 'start' | 'end'> | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const segments = u.pathname.split('/').filter(Boolean);
  let at = segments.indexOf('blob');
  if (at < 0) at = segments.indexOf('src');
  // owner/repo/blob/<ref>/<path…>: at least two segments before, a ref and one path segment after.
  if (at < 2 || segments.length < at + 3) return undefined;
  const repoSegments = segments.slice(0, at).filter((s) => s !== '-');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const path = segments.slice(at + 2).map(decode).join('/');
  if (!path || path.split('/').includes('..')) return undefined;
  const hash = u.hash;
  const lines = /^#L(\d+)(?:-L?(\d+))?$/.exec(hash) ?? /^#lines-(\d+)(?::(\d+))?$/.exec(hash);
  const line = lines ? Number(lines[1]) : undefined;
  const endLine = lines?.[2] ? Number(lines[2]) : undefined;
  return {
    url,
    repo: decode(repoSegments[repoSegments.length - 1]),
    path,
    ...(line && line >= 1 ? { line } : {}),
    ...(line && endLine && endLine >= line ? { endLine } : {}),
  };
}
