/**
 * `.gitignore`-style ignore files (`.gitignore`, `.ignore`, `.rgignore`, and `.git/info/exclude` at the root),
 * as ripgrep reads them, for the places where ripgrep does not decide: a single changed file, and the scan that
 * runs when ripgrep is missing. Covers negation, directory-only and anchored patterns and `**`; not the user's
 * global excludes file.
 */

import { globSource } from './globs';

interface Rule {
  readonly negate: boolean;
  readonly dirOnly: boolean;
  readonly re: RegExp;
}

export const IGNORE_FILE_NAMES = ['.gitignore', '.ignore', '.rgignore'] as const;

/** Parses one ignore file. Patterns are relative to the folder holding it. */
export function parseIgnoreFile(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
    line = line.replace(/\\(\s)/g, '$1');
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.replace(/\/+$/, '');
    if (line === '') continue;
    const anchored = line.includes('/');
    line = line.replace(/^\/+/, '');
    const source = globSource(line);
    try {
      rules.push({ negate, dirOnly, re: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${source}$`) });
    } catch {
      // A pattern git would not understand either: skip it.
    }
  }
  return rules;
}

/**
 * Ignore rules of a folder tree. `read(relativeFile)` returns a file's text or undefined; files are read once and
 * cached until {@link invalidate}.
 */
export class IgnoreRules {
  private readonly cache = new Map<string, Rule[]>();

  constructor(private readonly read: (relativeFile: string) => string | undefined) {}

  private rulesOf(dir: string): Rule[] {
    let rules = this.cache.get(dir);
    if (!rules) {
      rules = [];
      const names: string[] = dir === '' ? ['.git/info/exclude', ...IGNORE_FILE_NAMES] : [...IGNORE_FILE_NAMES];
      for (const name of names) {
        const text = this.read(dir === '' ? name : `${dir}/${name}`);
        if (text) rules.push(...parseIgnoreFile(text));
      }
      this.cache.set(dir, rules);
    }
    return rules;
  }

  /** Forget cached files (all, or one folder's after its ignore file changed). */
  invalidate(dir?: string): void {
    if (dir === undefined) this.cache.clear();
    else this.cache.delete(dir);
  }

  /** Whether `relativePath` (with `/`) is ignored: it or a folder above it matches, and no later rule re-includes it. */
  isIgnored(relativePath: string, isDir = false): boolean {
    const segments = relativePath.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
    if (segments[0] === '.git') return true;
    for (let k = 1; k <= segments.length; k++) {
      const entryIsDir = k < segments.length || isDir;
      let ignored = false;
      // Every ignore file from the root down to the entry's parent; deeper files and later lines win.
      for (let d = 0; d < k; d++) {
        const dir = segments.slice(0, d).join('/');
        const relative = segments.slice(d, k).join('/');
        for (const rule of this.rulesOf(dir)) {
          if (rule.dirOnly && !entryIsDir) continue;
          if (rule.re.test(relative)) ignored = !rule.negate;
        }
      }
      // A file inside an ignored folder stays ignored whatever later rules say, as in git.
      if (ignored) return true;
    }
    return false;
  }
}
