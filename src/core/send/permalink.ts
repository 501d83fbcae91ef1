/**
 * Permalinks to exact lines of a file at a commit, per web host.
 *
 * A permalink must point at a commit (not a branch) so it stays correct after later pushes; callers without a
 * commit get no link. Unknown hosts get no link: a wrong link is worse than none.
 */

import { encodePathSegment, ParsedRemote } from './remoteUrl';

/** What to link to. Lines are 1-based and inclusive; `endLine` defaults to `startLine`. */
export interface PermalinkRequest {
  remote: ParsedRemote;
  /** Commit id (hex, 7–64 characters). Branch names are refused: they would not be permanent. */
  commit: string;
  /** Path relative to the repository root (not the workspace), with `/` or `\` separators. */
  path: string;
  startLine: number;
  endLine?: number;
}

const COMMIT = /^[0-9a-f]{7,64}$/i;

/**
 * Builds the permalink, or undefined when the host kind is unknown, the commit is not a hex id, the path is
 * empty or escapes the repository, or the lines are not positive integers.
 *
 * Formats: GitHub `…/blob/<sha>/<path>#L10-L20` (`#L10` for one line); GitLab `…/-/blob/<sha>/<path>#L10-20`;
 * Gitee `…/blob/<sha>/<path>#L10-20`; Bitbucket `…/src/<sha>/<path>#lines-10:20`; Codeup
 * `…/blob/<sha>/<path>#L10-L20`. The Codeup blob path (`/blob/<ref>/<path>`, no `/-/`) matches links found in
 * public Codeup READMEs; its line anchor could not be confirmed from any source and follows GitHub's form.
 */
export function buildPermalink(request: PermalinkRequest): string | undefined {
  const { remote } = request;
  if (!remote?.kind) return undefined;
  const commit = typeof request.commit === 'string' ? request.commit.trim() : '';
  if (!COMMIT.test(commit)) return undefined;
  const path = encodeRepoPath(request.path);
  if (!path) return undefined;
  const range = lineRange(request.startLine, request.endLine ?? request.startLine);
  if (!range) return undefined;
  const [a, b] = range;
  const base = remote.webUrl;
  const sha = commit.toLowerCase();
  switch (remote.kind) {
    case 'github':
      return `${base}/blob/${sha}/${path}#L${a}${a === b ? '' : `-L${b}`}`;
    case 'gitlab':
      return `${base}/-/blob/${sha}/${path}#L${a}${a === b ? '' : `-${b}`}`;
    case 'gitee':
      return `${base}/blob/${sha}/${path}#L${a}${a === b ? '' : `-${b}`}`;
    case 'bitbucket':
      return `${base}/src/${sha}/${path}#lines-${a}${a === b ? '' : `:${b}`}`;
    case 'codeup':
      // UNCONFIRMED anchor: no source showed Codeup's line-anchor syntax; GitHub's `#L10-L20` form is used.
      return `${base}/blob/${sha}/${path}#L${a}${a === b ? '' : `-L${b}`}`;
  }
}

/** Repository-relative path → URL path, encoded per segment; undefined if empty or escaping the repository. */
export function encodeRepoPath(path: string): string | undefined {
  if (typeof path !== 'string') return undefined;
  const segments = path.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.includes('..')) return undefined;
  return segments.map(encodePathSegment).join('/');
}

function lineRange(start: number, end: number): [number, number] | undefined {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 1 || end < 1) return undefined;
  return start <= end ? [start, end] : [end, start];
}
