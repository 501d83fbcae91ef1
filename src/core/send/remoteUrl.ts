/**
 * Parsing of git remote URLs into "which web host, which repository".
 *
 * Remotes come in many spellings (https, http, ssh://, scp-like `git@host:path`, git://, with or without
 * `.git`, sometimes with a token in the userinfo). The result never carries credentials: userinfo is dropped
 * while parsing, so nothing downstream (permalinks, messages, logs) can leak it.
 */

/** Web hosts whose permalink format we know. */
export type HostKind = 'github' | 'gitlab' | 'gitee' | 'bitbucket' | 'codeup';

/** Caller-supplied host classification, e.g. `{ 'git.corp.example': 'gitlab', 'github.corp.example': 'github' }`. */
export type HostKindOverrides = Readonly<Record<string, HostKind>>;

/** Options of {@link parseRemoteUrl}. */
export interface RemoteParseOptions {
  /**
   * Host → kind for self-hosted instances (GitHub Enterprise, GitLab on a host without "gitlab" in its name…).
   * Keys are host names, optionally with `:port`; matched case-insensitively. Overrides win over built-in rules.
   */
  hostKinds?: HostKindOverrides;
}

/** A remote URL reduced to what is needed to link to it on the web. Never contains credentials. */
export interface ParsedRemote {
  /** Lower-case host name without port, e.g. `github.com`. */
  host: string;
  /** Recognised kind, or undefined for hosts we cannot build links for. */
  kind?: HostKind;
  /** Repository path segments (decoded, `.git` removed), e.g. `['group', 'sub', 'repo']`. */
  segments: string[];
  /** Everything before the repository name, joined with `/` (`group/sub`); for Codeup this includes the org id. */
  owner: string;
  /** Repository name without `.git`. */
  repo: string;
  /**
   * Web origin for browsing, e.g. `https://github.com` or `http://gitlab.local:8080`. SSH remotes map to
   * `https://host` because an SSH port says nothing about the web port.
   */
  webOrigin: string;
  /** `webOrigin` + encoded path: the repository's home page. */
  webUrl: string;
}

/** Built-in public hosts. */
const KNOWN_HOSTS: Readonly<Record<string, HostKind>> = {
  'github.com': 'github',
  'www.github.com': 'github',
  // GitHub's SSH-over-443 endpoint serves the same repositories as github.com.
  'ssh.github.com': 'github',
  'gitlab.com': 'gitlab',
  'www.gitlab.com': 'gitlab',
  'gitee.com': 'gitee',
  'www.gitee.com': 'gitee',
  'bitbucket.org': 'bitbucket',
  'www.bitbucket.org': 'bitbucket',
  'codeup.aliyun.com': 'codeup',
};

/** Hosts whose web pages live on a different host than the git endpoint. */
const WEB_HOST_ALIASES: Readonly<Record<string, string>> = {
  'ssh.github.com': 'github.com',
  'www.github.com': 'github.com',
  'www.gitlab.com': 'gitlab.com',
  'www.gitee.com': 'gitee.com',
  'www.bitbucket.org': 'bitbucket.org',
};

/**
 * Classifies a host. Overrides first (exact `host:port`, then `host`), then well-known public hosts, then
 * self-hosted GitLab by name (a host name containing "gitlab"). Returns undefined when unsure: an unknown host
 * gets no permalink rather than a wrong one.
 */
export function detectHostKind(host: string, port?: number, overrides?: HostKindOverrides): HostKind | undefined {
  const name = host.toLowerCase();
  if (overrides) {
    const normalised = normaliseOverrides(overrides);
    const byPort = port !== undefined ? normalised.get(`${name}:${port}`) : undefined;
    const found = byPort ?? normalised.get(name);
    if (found) return found;
  }
  const known = KNOWN_HOSTS[name];
  if (known) return known;
  if (name.split('.').some((label) => label.includes('gitlab'))) return 'gitlab';
  return undefined;
}

function normaliseOverrides(overrides: HostKindOverrides): Map<string, HostKind> {
  const map = new Map<string, HostKind>();
  for (const [key, kind] of Object.entries(overrides)) {
    const cleaned = key.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/\/.*$/, '');
    if (cleaned) map.set(cleaned, kind);
  }
  return map;
}

interface RawRemote {
  scheme: 'https' | 'http' | 'ssh' | 'git';
  host: string;
  port?: number;
  path: string;
}

/** `scheme://[userinfo@]host[:port]/path`; userinfo may contain `:` and anything but `/` and `@`-less tails. */
const URL_FORM = /^([a-z][a-z0-9+.-]*):\/\/(?:[^/?#]*@)?(\[[^\]]+\]|[^/:?#@]+)(?::(\d*))?(\/[^?#]*)?(?:[?#].*)?$/i;

/** scp-like `[user@]host:path` (no scheme, no slash before the colon). */
const SCP_FORM = /^(?:[^@/:\s]+@)?([^@/:\s[\]]+|\[[^\]]+\]):(?!\/\/)(.+)$/;

function splitRemote(input: string): RawRemote | undefined {
  const text = input.trim();
  if (!text || /\s/.test(text)) return undefined;
  const url = URL_FORM.exec(text);
  if (url) {
    const scheme = schemeOf(url[1].toLowerCase());
    if (!scheme) return undefined;
    const port = url[3] ? Number(url[3]) : undefined;
    return { scheme, host: stripBrackets(url[2]), port, path: url[4] ?? '' };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return undefined;
  const scp = SCP_FORM.exec(text);
  if (scp) {
    const host = stripBrackets(scp[1]);
    // `C:\repo` or `C:/repo` are Windows paths, not a host called "C".
    if (host.length === 1 || scp[2].includes('\\')) return undefined;
    return { scheme: 'ssh', host, path: scp[2] };
  }
  return undefined;
}

function schemeOf(scheme: string): RawRemote['scheme'] | undefined {
  switch (scheme) {
    case 'https':
    case 'git+https':
      return 'https';
    case 'http':
    case 'git+http':
      return 'http';
    case 'ssh':
    case 'git+ssh':
    case 'ssh+git':
      return 'ssh';
    case 'git':
      return 'git';
    default:
      return undefined;
  }
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Parses a git remote URL: `https://host/owner/repo(.git)`, `http://…`, `ssh://git@host:port/owner/repo.git`,
 * `git@host:owner/repo.git`, `git://host/owner/repo`, and any of these with userinfo (`https://oauth2:TOKEN@…`),
 * which is discarded. Returns undefined for local paths, `file://` and anything unparseable.
 *
 * Host-specific shape checks: GitHub, Gitee and Bitbucket repositories are exactly `owner/repo`; GitLab allows
 * nested groups; Codeup paths start with an organisation id and need at least `org/repo`. A remote on a known
 * host with the wrong shape keeps its host but loses its kind, so no link is built for it.
 */
export function parseRemoteUrl(remoteUrl: string, options: RemoteParseOptions = {}): ParsedRemote | undefined {
  if (typeof remoteUrl !== 'string') return undefined;
  const raw = splitRemote(remoteUrl);
  if (!raw || !raw.host) return undefined;
  const host = raw.host.toLowerCase();
  if (!/^[a-z0-9.-]+$|^[0-9a-f:]+$/.test(host)) return undefined;

  const parts: string[] = [];
  for (const piece of raw.path.replace(/\\/g, '/').split('/')) {
    if (piece === '' || piece === '.') continue;
    const decoded = decodeSegment(piece);
    if (decoded === undefined || decoded === '..') return undefined;
    parts.push(decoded);
  }
  // SCP paths may start with `~user/`; the web has no such thing.
  if (parts.length && parts[0].startsWith('~')) return undefined;
  if (parts.length === 0) return undefined;
  const last = parts.length - 1;
  parts[last] = parts[last].replace(/\.git$/i, '');
  if (parts[last] === '') return undefined;
  if (parts.length < 2) return undefined;

  let kind = detectHostKind(host, raw.port, options.hostKinds);
  if (kind && !shapeFits(kind, parts)) kind = undefined;

  const webHost = WEB_HOST_ALIASES[host] ?? host;
  const webOrigin = webOriginOf(raw, webHost);
  const result: ParsedRemote = {
    host: webHost,
    segments: parts,
    owner: parts.slice(0, -1).join('/'),
    repo: parts[last],
    webOrigin,
    webUrl: `${webOrigin}/${parts.map(encodePathSegment).join('/')}`,
  };
  if (kind) result.kind = kind;
  return result;
}

function shapeFits(kind: HostKind, parts: string[]): boolean {
  switch (kind) {
    case 'github':
    case 'gitee':
    case 'bitbucket':
      return parts.length === 2;
    case 'gitlab':
      // GitLab reserves `-` as a path segment (it separates the project from its pages).
      return parts.length >= 2 && !parts.includes('-');
    case 'codeup':
      return parts.length >= 2;
  }
}

function webOriginOf(raw: RawRemote, webHost: string): string {
  const hostPart = webHost.includes(':') ? `[${webHost}]` : webHost;
  if (raw.scheme === 'http' || raw.scheme === 'https') {
    const defaultPort = raw.scheme === 'https' ? 443 : 80;
    const port = raw.port !== undefined && raw.port !== defaultPort ? `:${raw.port}` : '';
    return `${raw.scheme}://${hostPart}${port}`;
  }
  return `https://${hostPart}`;
}

/**
 * Percent-encodes one path segment. Beyond `encodeURIComponent` this also encodes `(`, `)`, `'`, `!` and `*`,
 * which are legal in URLs but break or confuse Markdown links (`[x](…(group)/page.tsx)`).
 */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(toWellFormed(segment)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Replaces lone surrogates (which `encodeURIComponent` rejects) with U+FFFD. */
function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Human name of a host kind, for link texts such as "View on GitLab". */
export function hostDisplayName(kind: HostKind): string {
  switch (kind) {
    case 'github':
      return 'GitHub';
    case 'gitlab':
      return 'GitLab';
    case 'gitee':
      return 'Gitee';
    case 'bitbucket':
      return 'Bitbucket';
    case 'codeup':
      return 'Codeup';
  }
}
