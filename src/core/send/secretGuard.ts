/**
 * A last look at code before it leaves the machine: likely credentials in a selection.
 *
 * Patterns live in one table, each with a kind and an English name, so the host can say "found a GitHub token
 * on line 12" (localising by `kind`). Findings carry only a masked preview, never the value: they may be shown
 * in notifications or logs.
 *
 * False positives make people ignore warnings, so generic `password = …` style assignments skip empty values,
 * placeholders (`xxx`, `***`, `<your-token>`, `changeme`, `${VAR}`), environment lookups (`process.env.X`,
 * `os.environ[...]`), very short values and bare identifiers that merely reference a variable.
 */

/** What was found. */
export type SecretKind =
  | 'privateKey'
  | 'awsAccessKeyId'
  | 'alibabaAccessKeyId'
  | 'alibabaAccessKeySecret'
  | 'githubToken'
  | 'gitlabToken'
  | 'slackToken'
  | 'googleApiKey'
  | 'jwt'
  | 'dingtalkWebhook'
  | 'dingtalkSigningSecret'
  | 'dingtalkAppSecret'
  | 'connectionStringPassword'
  | 'secretAssignment';

/** One likely secret. Positions are 1-based, columns in UTF-16 code units like VS Code's. */
export interface SecretFinding {
  kind: SecretKind;
  /** English name of the kind, e.g. "GitHub token". */
  name: string;
  line: number;
  column: number;
  /** 0-based offset and length of the secret value in the scanned text (for highlighting). */
  offset: number;
  length: number;
  /** Masked value: at most the first and last 2–4 characters. */
  preview: string;
}

/** A detector in {@link SECRET_PATTERNS}. */
export interface SecretPattern {
  kind: SecretKind;
  name: string;
  /** Global regex; the secret value is group `valueGroup` (0 = whole match). */
  regex: RegExp;
  valueGroup: number;
  /** Extra check on the value (and the whole match); false drops the match. */
  accept?: (value: string, match: RegExpExecArray) => boolean;
  /** Preview override for values that are not secret themselves (PEM headers). */
  preview?: (value: string) => string;
}

/** Characters that may continue a token; used instead of `\b` where tokens may end in `-`. */
const TOKEN_END = '(?![A-Za-z0-9_-])';
const TOKEN_START = '(?<![A-Za-z0-9_-])';

/** The specific detectors, most specific first. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    kind: 'privateKey',
    name: 'Private key (PEM)',
    regex: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g,
    valueGroup: 0,
    // The header itself is not secret and tells the reader exactly what was found.
    preview: (value) => value,
  },
  {
    kind: 'awsAccessKeyId',
    name: 'AWS access key id',
    regex: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g,
    valueGroup: 0,
  },
  {
    kind: 'alibabaAccessKeyId',
    name: 'Alibaba Cloud AccessKey id',
    regex: /(?<![A-Za-z0-9])LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9])/g,
    valueGroup: 0,
  },
  {
    kind: 'githubToken',
    name: 'GitHub token',
    regex: new RegExp(`${TOKEN_START}(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})${TOKEN_END}`, 'g'),
    valueGroup: 0,
  },
  {
    kind: 'gitlabToken',
    name: 'GitLab token',
    regex: new RegExp(`${TOKEN_START}glpat-[A-Za-z0-9_.-]{20,255}${TOKEN_END}`, 'g'),
    valueGroup: 0,
  },
  {
    kind: 'slackToken',
    name: 'Slack token',
    regex: new RegExp(`${TOKEN_START}xox[abprs]-[A-Za-z0-9-]{10,255}${TOKEN_END}`, 'g'),
    valueGroup: 0,
  },
  {
    kind: 'googleApiKey',
    name: 'Google API key',
    regex: new RegExp(`${TOKEN_START}AIza[0-9A-Za-z_-]{35}${TOKEN_END}`, 'g'),
    valueGroup: 0,
  },
  {
    kind: 'jwt',
    name: 'JSON Web Token',
    regex: new RegExp(`${TOKEN_START}(eyJ[A-Za-z0-9_-]{8,})\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{8,}${TOKEN_END}`, 'g'),
    valueGroup: 0,
    accept: (_value, match) => jwtHeaderHasAlg(match[1]),
  },
  {
    kind: 'dingtalkWebhook',
    name: 'DingTalk robot webhook token',
    regex: /access_token=([0-9a-fA-F]{64})(?![0-9a-zA-Z])/g,
    valueGroup: 1,
  },
  {
    kind: 'dingtalkSigningSecret',
    name: 'DingTalk robot signing secret',
    regex: /(?<![A-Za-z0-9])SEC[0-9a-f]{64}(?![0-9a-zA-Z])/g,
    valueGroup: 0,
  },
  {
    kind: 'connectionStringPassword',
    name: 'Password in a connection string',
    regex: /(?<![A-Za-z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:/?#@'"`]*:([^\s/?#@'"`]+)@[^\s/?#'"`]+/g,
    valueGroup: 1,
    accept: (value) => !isPlaceholder(value) && value.length >= 3,
  },
];

/** Names used in findings of the assignment-based detectors. */
const ASSIGNMENT_NAMES: Readonly<Record<'dingtalkAppSecret' | 'alibabaAccessKeySecret' | 'secretAssignment', string>> = {
  dingtalkAppSecret: 'DingTalk AppSecret',
  alibabaAccessKeySecret: 'Alibaba Cloud AccessKey secret',
  secretAssignment: 'Hard-coded secret',
};

/** Every kind with its English name, for hosts that keep a localisation table. */
export const SECRET_KIND_NAMES: Readonly<Record<SecretKind, string>> = {
  ...Object.fromEntries(SECRET_PATTERNS.map((p) => [p.kind, p.name])),
  ...ASSIGNMENT_NAMES,
} as Record<SecretKind, string>;

/**
 * `key = value`, `key: value`, `"key": "value"`, `key := value`, `KEY=value` (.env), `key => value`.
 * Group 1: the key; groups 2–5: the value (double-, single-, back-quoted, or bare).
 */
const ASSIGNMENT = new RegExp(
  String.raw`(?<![A-Za-z0-9_])["']?([A-Za-z_][A-Za-z0-9_.-]{0,80})["']?[^\S\r\n]*(?::=|=>|(?<![=!<>:])=(?![=>~])|:(?![:=]))[^\S\r\n]*` +
    String.raw`(?:"((?:[^"\\\r\n]|\\.){0,300})"|'((?:[^'\\\r\n]|\\.){0,300})'|` + '`([^`\\r\\n]{0,300})`' + String.raw`|([^\s"'` + '`' + String.raw`,;)\]}]{1,300}))`,
  'g',
);

/** Key names that hold secrets. */
const SECRET_KEY = /(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|private[_-]?key|credentials?)(?![a-z])/i;
/** Keys that mention a secret word but are not secrets (`token_type`, `password_length`, `secretName`…). */
const NOT_SECRET_KEY = /(?:type|length|len|size|count|expir\w*|ttl|url|uri|endpoint|file|path|name|id|header|field|label|prompt|hint|policy|regex|pattern|min|max|hash|prefix|enabled|required|placeholder|mode|format|key_?id|limit)$/i;

/**
 * Finds likely secrets in a text (any line endings). Deterministic, linear-time patterns; results are sorted
 * by position, and a generic assignment is not reported when a specific detector already covers its value.
 */
export function findLikelySecrets(text: string): SecretFinding[] {
  if (typeof text !== 'string' || text === '') return [];
  const lineStarts = computeLineStarts(text);
  const findings: SecretFinding[] = [];
  const add = (kind: SecretKind, name: string, offset: number, value: string, preview?: string): void => {
    const { line, column } = position(lineStarts, offset);
    findings.push({ kind, name, line, column, offset, length: value.length, preview: preview ?? maskValue(value) });
  };

  for (const pattern of SECRET_PATTERNS) {
    pattern.regex.lastIndex = 0;
    for (const match of text.matchAll(pattern.regex)) {
      const value = match[pattern.valueGroup];
      if (value === undefined || (pattern.accept && !pattern.accept(value, match))) continue;
      const offset = match.index + (pattern.valueGroup === 0 ? 0 : match[0].indexOf(value));
      add(pattern.kind, pattern.name, offset, value, pattern.preview?.(value));
    }
  }

  const akIdLines = new Set(findings.filter((f) => f.kind === 'alibabaAccessKeyId').map((f) => f.line));
  for (const match of text.matchAll(ASSIGNMENT)) {
    const key = match[1].replace(/[.-]/g, '_');
    if (!SECRET_KEY.test(key) || NOT_SECRET_KEY.test(key)) continue;
    const quoted = match[2] ?? match[3] ?? match[4];
    const value = quoted ?? match[5];
    if (value === undefined || !looksLikeSecretValue(value, quoted !== undefined)) continue;
    const offset = match.index + match[0].lastIndexOf(value);
    const kind = assignmentKind(key, value, () => nearAlibabaKeyId(akIdLines, position(lineStarts, offset).line), () => mentionsDingTalk(text, offset));
    add(kind, ASSIGNMENT_NAMES[kind], offset, value);
  }

  return dedupe(findings);
}

/** Refines a secret-looking assignment into a specific kind when the key and context say which. */
function assignmentKind(key: string, value: string, nearAkId: () => boolean, dingTalkContext: () => boolean): 'alibabaAccessKeySecret' | 'dingtalkAppSecret' | 'secretAssignment' {
  if (/access_?key_?secret|secret_?access_?key/i.test(key) && /^[A-Za-z0-9]{30}$/.test(value)) return 'alibabaAccessKeySecret';
  if (/secret/i.test(key) && /^[A-Za-z0-9]{30}$/.test(value) && nearAkId()) return 'alibabaAccessKeySecret';
  if (/(?:^|_)(?:app|client)_?secret$/i.test(key) && /^[A-Za-z0-9_-]{32,128}$/.test(value) && (/app_?secret$/i.test(key) || dingTalkContext())) {
    return 'dingtalkAppSecret';
  }
  return 'secretAssignment';
}

function nearAlibabaKeyId(lines: Set<number>, line: number): boolean {
  for (let d = -3; d <= 3; d++) if (lines.has(line + d)) return true;
  return false;
}

/** A DingTalk AppKey (`ding…`) or the word DingTalk/钉钉 within a few hundred characters. */
function mentionsDingTalk(text: string, offset: number): boolean {
  const window = text.slice(Math.max(0, offset - 400), offset + 400);
  return /dingtalk|钉钉|\bding[a-z0-9]{14,}\b/i.test(window);
}

/**
 * Whether an assigned value plausibly is a real secret. Quoted values are literals; bare values are literals
 * in .env/YAML but variable references in code, so a bare value must look random (letters and digits, or
 * symbols) rather than like an identifier.
 */
function looksLikeSecretValue(raw: string, quoted: boolean): boolean {
  const value = raw.trim();
  if (value.length < 6) return false;
  if (isPlaceholder(value)) return false;
  if (/^(?:true|false|null|nil|none|undefined|yes|no|on|off)$/i.test(value)) return false;
  if (/^[0-9.,:\-+eE]+$/.test(value) && value.length < 12) return false;
  if (quoted) return true;
  // Member accesses, calls, indexing: `this.token`, `getPassword()`, `config["secret"]`, `os.environ[...]`.
  if (/^[A-Za-z_$][\w$]*(?:(?:\.|\?\.|::)[A-Za-z_$][\w$]*)*(?:\(.*|\[.*)?$/.test(value) && !looksRandom(value)) return false;
  // Type annotations such as `token: string` or `password: Optional[str]` are caught above; `&str` etc. here.
  if (/^[&*]?[A-Za-z_][\w<>[\]|&?]*$/.test(value) && !looksRandom(value)) return false;
  return true;
}

/** Letters mixed with digits (or several cases) over enough characters: not a name a human chose. */
function looksRandom(value: string): boolean {
  if (value.length < 8 || /[.(\[]/.test(value)) return false;
  return /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

/** Values that stand for a secret rather than being one. */
export function isPlaceholder(raw: string): boolean {
  const value = raw.trim();
  if (value === '') return true;
  const lower = value.toLowerCase();
  if (/^(.)\1{2,}$/.test(value)) return true; // xxx, ***, ..., 000
  if (/^[x*•.#_-]+$/i.test(value)) return true;
  if (/^<[^>]*>$|^\[[^\]]*\]$|^\{\{.*\}\}$|^\$\{.*\}$|^\$\(.*\)$|^%\(?\w+\)?s?%?$|^\$[A-Za-z_]\w*$|^%[A-Za-z_]\w*%$/.test(value)) return true;
  if (/^(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|env|getenv|system\.getenv|environment\.getenvironmentvariable|config|settings|secrets)\b/i.test(value)) return true;
  if (/\$\{[^}]*\}|\{\{[^}]*\}\}/.test(value)) return true;
  // A bare value is cut at `}` or `)`, so `${VAR}` / `$(cmd)` may arrive unclosed.
  if (/^\$[{(]|^\{\{/.test(value)) return true;
  if (/^(?:change_?me|changeit|placeholder|example|sample|dummy|test|testing|secret|password|passwd|token|your[_-].*|my[_-]?(?:secret|password|token|key).*|redacted|removed|hidden|todo|tbd|fixme|none|null|undefined|xxx+.*|<.*|\*+.*)$/.test(lower)) return true;
  if (/(?:^|[_-])(?:your|example|placeholder|dummy|fake|sample|changeme)(?:[_-]|$)/.test(lower)) return true;
  if (/^(?:…|\.{3})$/.test(value)) return true;
  return false;
}

function jwtHeaderHasAlg(header: string): boolean {
  try {
    const json = Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'alg' in parsed;
  } catch {
    return false;
  }
}

/**
 * Masks a value for display: 16+ characters → first and last 4; 8–15 → first and last 2; shorter → nothing
 * but its length in bullets. Code points, not code units, so no half emoji.
 */
export function maskValue(value: string): string {
  const chars = Array.from(value);
  const n = chars.length;
  const keep = n >= 16 ? 4 : n >= 8 ? 2 : 0;
  if (keep === 0) return '•'.repeat(Math.max(3, Math.min(n, 8)));
  return `${chars.slice(0, keep).join('')}…${chars.slice(n - keep).join('')}`;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function position(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}

/** Sorted by position; a generic assignment overlapping a specific finding is dropped, as are exact repeats. */
function dedupe(findings: SecretFinding[]): SecretFinding[] {
  const specific = findings.filter((f) => f.kind !== 'secretAssignment');
  const overlaps = (a: SecretFinding, b: SecretFinding): boolean => a.offset < b.offset + b.length && b.offset < a.offset + a.length;
  const kept = findings.filter((f) => f.kind !== 'secretAssignment' || !specific.some((s) => overlaps(s, f)));
  kept.sort((a, b) => a.offset - b.offset || b.length - a.length);
  const out: SecretFinding[] = [];
  for (const f of kept) {
    const prev = out[out.length - 1];
    if (prev && prev.offset === f.offset && prev.length === f.length && prev.kind === f.kind) continue;
    // A value found by two specific detectors (e.g. a token inside a connection string) is reported once, by the more specific.
    if (prev && overlaps(prev, f) && f.kind === 'connectionStringPassword') continue;
    if (prev && overlaps(prev, f) && prev.kind === 'connectionStringPassword') {
      out[out.length - 1] = f;
      continue;
    }
    out.push(f);
  }
  return out;
}
