/**
 * Redaction of secrets from text that may reach a log line, an error message or a notification.
 *
 * Two layers: patterns that recognise DingTalk credentials wherever they appear (query parameters,
 * headers, JSON fields, `SEC…` signing secrets), and an explicit registry of secret values the
 * extension knows about (anything read from SecretStorage is registered), so a secret is removed even
 * when it appears in an unexpected shape.
 */

const MASK = '***';

/** Query/JSON/header names whose values are always secret. Matched case-insensitively. */
const SECRET_FIELD_NAMES = [
  'access_token',
  'accessToken',
  'x-acs-dingtalk-access-token',
  'sign',
  'appSecret',
  'appsecret',
  'clientSecret',
  'client_secret',
  'secret',
  'signingSecret',
  'ticket',
  'session',
  'token',
  'password',
  'authorization',
];

const fieldAlternation = SECRET_FIELD_NAMES.map((n) => n.replace(/[-]/g, '\\-')).join('|');

const PATTERNS: RegExp[] = [
  // ?access_token=abc&sign=xyz, or `sign=xyz` standing alone (value runs to the next delimiter)
  new RegExp(`((?:^|[?&;\\s])(?:${fieldAlternation})=)[^&#\\s"'<>]+`, 'gi'),
  // "accessToken":"abc"  or  'appSecret': 'abc'
  new RegExp(`(["']?(?:${fieldAlternation})["']?\\s*:\\s*["'])[^"']+`, 'gi'),
  // x-acs-dingtalk-access-token: abc   /  Authorization: Bearer abc  (header style)
  new RegExp(`((?:^|\\s)(?:x-acs-dingtalk-access-token|authorization)\\s*[:=]\\s*(?:Bearer\\s+)?)[^\\s,;"']+`, 'gim'),
  // DingTalk robot signing secrets: SEC followed by 64 hex characters.
  /(\b)SEC[0-9a-f]{20,}\b/gi,
];

export class Redactor {
  private readonly known = new Set<string>();

  /** Registers a secret value so that it is masked wherever it appears. Short values are ignored: masking "a" would shred every message. */
  addSecret(value: string | undefined | null): void {
    if (value && value.length >= 6) {
      this.known.add(value);
      const encoded = encodeURIComponent(value);
      if (encoded !== value) this.known.add(encoded);
    }
  }

  removeSecret(value: string): void {
    this.known.delete(value);
    this.known.delete(encodeURIComponent(value));
  }

  redact(text: string): string {
    let out = text;
    // Longest first so a secret that contains another is masked whole.
    for (const secret of [...this.known].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(MASK);
    }
    for (const pattern of PATTERNS) {
      out = out.replace(pattern, (_m, prefix: string) => `${prefix}${MASK}`);
    }
    return out;
  }
}

/** The process-wide redactor. Core modules and the host logger share it. */
export const redactor = new Redactor();

/** Redacts with the process-wide redactor. */
export function redact(text: string): string {
  return redactor.redact(text);
}

/** Turns any thrown value into a redacted single-paragraph message plus an optional redacted stack. */
export function describeError(err: unknown): { message: string; stack?: string } {
  if (err instanceof Error) {
    return { message: redact(err.message), stack: err.stack ? redact(err.stack) : undefined };
  }
  return { message: redact(typeof err === 'string' ? err : JSON.stringify(err) ?? String(err)) };
}
