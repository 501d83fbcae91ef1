/**
 * .gitignore matching for the common syntax (gitignore(5)): comments, escaped `#`/`!`/trailing spaces,
 * negation, directory-only patterns (`dir/`), anchored patterns (a `/` at the start or in the middle), `*`, `?`,
 * `[...]` classes and `**` (as a whole leading, middle or trailing segment: any number of folders). Nested .gitignore files add rules
 * whose base is their folder; a later (deeper) rule wins, as in git.
 *
 * Written here rather than taken from a library: the ~150 lines cover what a shared folder needs, and the
 * extension keeps one runtime dependency (fflate). Not covered: POSIX classes (`[[:alpha:]]`),
 * `core.ignoreCase`, `.git/info/exclude` and the global excludes file.
 */

/** One pattern line of a .gitignore file. */
export interface IgnoreRule {
  /** The line as written (for logs and tests). */
  readonly source: string;
  /** Folder of the .gitignore, relative to the matcher's root, '' for the root itself; '/'-separated. */
  readonly base: string;
  readonly negated: boolean;
  readonly dirOnly: boolean;
  readonly regex: RegExp;
}

/** Parses a .gitignore file's text; `base` is its folder relative to the matcher's root ('' = root). */
export function parseGitignore(text: string, base = ''): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  const cleanBase = base.replace(/^\/+|\/+$/g, '');
  for (const rawLine of text.split(/\r?\n/)) {
    const rule = parseLine(rawLine, cleanBase);
    if (rule) rules.push(rule);
  }
  return rules;
}

function parseLine(rawLine: string, base: string): IgnoreRule | undefined {
  let line = stripTrailingSpaces(rawLine);
  if (line === '' || line.startsWith('#')) return undefined;
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith('/') && !line.endsWith('\\/')) {
    dirOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '') return undefined;
  // A slash at the start or in the middle anchors the pattern to the .gitignore's folder.
  const anchored = line.includes('/');
  const body = line.startsWith('/') ? line.slice(1) : line;
  const regex = toRegex(body, anchored);
  return regex ? { source: rawLine, base, negated, dirOnly, regex } : undefined;
}

/** Trailing spaces are ignored unless escaped with a backslash. */
function stripTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  let out = line.slice(0, end);
  if (out.endsWith('\\ ')) out = `${out.slice(0, -2)} `;
  return out;
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function toRegex(body: string, anchored: boolean): RegExp | undefined {
  let re = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '*') {
      if (body[i + 1] === '*') {
        const atSegmentStart = i === 0 || body[i - 1] === '/';
        const after = body[i + 2];
        if (atSegmentStart && after === '/') {
          re += '(?:.*/)?'; // "**/" : zero or more folders
          i += 3;
          continue;
        }
        if (atSegmentStart && after === undefined) {
          re += '.*'; // trailing "/**": everything inside
          i += 2;
          continue;
        }
        // Other consecutive asterisks are ordinary asterisks.
        while (body[i] === '*') i++;
        re += '[^/]*';
        continue;
      }
      re += '[^/]*';
      i++;
      continue;
    }
    if (c === '?') {
      re += '[^/]';
      i++;
      continue;
    }
    if (c === '[') {
      const parsed = parseClass(body, i);
      if (parsed) {
        re += parsed.regex;
        i = parsed.end + 1;
        continue;
      }
      re += '\\[';
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < body.length) {
      re += escapeRegex(body[i + 1]);
      i += 2;
      continue;
    }
    re += escapeRegex(c);
    i++;
  }
  try {
    // An unanchored pattern matches at any depth below the .gitignore's folder.
    return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${re}$`, 'u');
  } catch {
    return undefined;
  }
}

/** `[abc]`, `[a-z]`, `[!a-z]` / `[^a-z]`; `]` first is literal. Undefined when unterminated (then `[` is literal). */
function parseClass(body: string, start: number): { regex: string; end: number } | undefined {
  let j = start + 1;
  let negate = false;
  if (body[j] === '!' || body[j] === '^') {
    negate = true;
    j++;
  }
  let content = '';
  let first = true;
  for (; j < body.length; j++) {
    const c = body[j];
    if (c === ']' && !first) return { regex: `[${negate ? '^/' : ''}${content}]`, end: j };
    if (c === '\\' && j + 1 < body.length) {
      const escaped = body[++j];
      content += /[\\\]\[^-]/.test(escaped) ? `\\${escaped}` : escaped;
    } else if (c === '-' && !first && body[j + 1] !== ']') {
      content += '-';
    } else {
      content += /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
    }
    first = false;
  }
  return undefined;
}

/** The rules in force, in order; asks whether a path (relative to the root, '/'-separated) is ignored. */
export class IgnoreMatcher {
  constructor(readonly rules: readonly IgnoreRule[] = []) {}

  /** A matcher with `more` rules after these (a deeper .gitignore's rules take precedence). */
  with(more: readonly IgnoreRule[]): IgnoreMatcher {
    return more.length === 0 ? this : new IgnoreMatcher([...this.rules, ...more]);
  }

  /**
   * Whether `relativePath` is ignored by the last rule that matches it. Callers walk top-down and do not descend
   * into ignored folders, which gives git's rule that a file cannot be re-included when its folder is excluded.
   */
  ignores(relativePath: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.dirOnly && !isDirectory) continue;
      let path = relativePath;
      if (rule.base) {
        if (!relativePath.startsWith(`${rule.base}/`)) continue;
        path = relativePath.slice(rule.base.length + 1);
      }
      if (rule.regex.test(path)) ignored = !rule.negated;
    }
    return ignored;
  }
}
