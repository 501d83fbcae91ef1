/**
 * VS Code's glob patterns (`files.exclude`, `search.exclude`) as regular expressions over workspace-relative
 * paths with `/`: `**` any number of segments, `*` and `?` within one segment, `{a,b}` alternatives,
 * `[abc]` / `[!abc]` classes. A folder that matches excludes everything in it.
 */

function escapeRegExp(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/** The regex source (without anchors) for a glob. */
export function globSource(glob: string): string {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = close;
      }
    } else re += escapeRegExp(c);
  }
  // An unbalanced `{` is a literal in practice; close the groups so the regex compiles.
  return re + ')'.repeat(braces);
}

export function compileGlob(glob: string): RegExp {
  const pattern = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
  try {
    return new RegExp(`^${globSource(pattern)}$`);
  } catch {
    return /(?!)/; // a broken pattern matches nothing rather than everything
  }
}

/** A predicate over workspace-relative paths: true if the path or any folder above it matches a pattern. */
export function excludeMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  const regexes = globs.filter((g) => g.trim() !== '').map(compileGlob);
  if (regexes.length === 0) return () => false;
  return (relativePath) => {
    const path = relativePath.replace(/\\/g, '/');
    for (let end = path.indexOf('/'); ; end = path.indexOf('/', end + 1)) {
      const prefix = end < 0 ? path : path.slice(0, end);
      if (regexes.some((re) => re.test(prefix))) return true;
      if (end < 0) return false;
    }
  };
}

/** The patterns of a VS Code exclude setting that are switched on (`true`); `when` conditions cannot be honoured. */
export function enabledGlobs(setting: unknown): string[] {
  if (!setting || typeof setting !== 'object') return [];
  return Object.entries(setting as Record<string, unknown>).filter(([, v]) => v === true).map(([k]) => k);
}
