/**
 * Reads what a permalink needs from a repository's own files, for when VS Code's git extension is not
 * available (disabled, or a remote/virtual workspace): `.git/HEAD`, refs, `packed-refs` and `.git/config`.
 * Pure parsing: the caller reads the files.
 */

/** `ref: refs/heads/main` → { branch: 'main' }; a detached HEAD → { commit }. */
export function parseHead(head: string): { branch?: string; ref?: string; commit?: string } {
  const text = head.trim();
  const ref = /^ref:\s*(\S+)$/.exec(text)?.[1];
  if (ref) return { ref, branch: ref.replace(/^refs\/heads\//, '') };
  return /^[0-9a-f]{40,64}$/i.test(text) ? { commit: text.toLowerCase() } : {};
}

/** Finds a ref's commit in `packed-refs`. */
export function findPackedRef(packedRefs: string, ref: string): string | undefined {
  for (const line of packedRefs.split(/\r?\n/)) {
    const m = /^([0-9a-f]{40,64}) (\S+)$/i.exec(line.trim());
    if (m && m[2] === ref) return m[1].toLowerCase();
  }
  return undefined;
}

/** The remotes' fetch URLs from `.git/config`, in file order. */
export function parseRemotes(config: string): Array<{ name: string; url: string }> {
  const out: Array<{ name: string; url: string }> = [];
  let current: string | undefined;
  for (const raw of config.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[remote\s+"([^"]+)"\]$/.exec(line);
    if (section) {
      current = section[1];
      continue;
    }
    if (line.startsWith('[')) {
      current = undefined;
      continue;
    }
    const url = /^url\s*=\s*(.+)$/.exec(line)?.[1];
    if (current && url && !out.some((r) => r.name === current)) out.push({ name: current, url: url.trim() });
  }
  return out;
}

/** The remote a permalink should use: `origin`, else `upstream`, else the first. */
export function preferredRemote(remotes: ReadonlyArray<{ name: string; url: string }>): { name: string; url: string } | undefined {
  return remotes.find((r) => r.name === 'origin') ?? remotes.find((r) => r.name === 'upstream') ?? remotes[0];
}
