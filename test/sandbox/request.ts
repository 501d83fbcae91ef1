import type { IncomingMessage } from 'http';
import { V1Error } from './envelopes';

/** A fully-read request as handlers see it. */
export interface SandboxRequest {
  readonly method: string;
  /** Path without the query string, exactly as sent (not decoded). */
  readonly rawPath: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly remoteAddress: string;
  readonly body: Buffer;
  /** Route parameters, percent-decoded once per segment like an API gateway; '+' is kept as '+'. */
  params: Record<string, string>;
}

/**
 * Largest body the sandbox reads. Above the 20 MB media limit so oversize uploads get DingTalk's
 * error instead of a dropped connection.
 */
export const MAX_BODY_BYTES = 24 * 1024 * 1024;

/** Reads the whole body; Node decodes chunked transfer encoding, so no Content-Length is needed. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function contentType(req: SandboxRequest): string {
  return String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

export function isJsonContentType(req: SandboxRequest): boolean {
  const type = contentType(req);
  return type === 'application/json' || type.endsWith('+json');
}

/** Parses a JSON object body; returns undefined when the body is empty, not JSON, or not an object. */
export function tryParseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  if (body.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * v1.0 bodies must be JSON. The gateway reports a missing or non-JSON body as
 * 400 Missingbody "body is mandatory for this action." (documented for oauth2/accessToken).
 */
export function requireV1JsonBody(req: SandboxRequest): Record<string, unknown> {
  const parsed = isJsonContentType(req) || contentType(req) === '' ? tryParseJsonObject(req.body) : undefined;
  if (!parsed) throw new V1Error(400, 'Missingbody', 'body is mandatory for this action.');
  return parsed;
}

/** v1.0 body that may be absent (list endpoints accept an empty body). */
export function optionalV1JsonBody(req: SandboxRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  return requireV1JsonBody(req);
}

/** topapi accepts JSON or x-www-form-urlencoded bodies; values from forms stay strings. */
export function parseTopapiBody(req: SandboxRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  if (contentType(req) === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(req.body.toString('utf8')));
  }
  return tryParseJsonObject(req.body) ?? {};
}

/** The client IP, with IPv4-mapped IPv6 addresses unwrapped. */
export function clientIp(req: IncomingMessage): string {
  const addr = req.socket.remoteAddress ?? '';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}
