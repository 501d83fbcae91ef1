/** Deterministic test doubles: a fake clock/sleep pair and a scripted fetch that records requests. */
import type { Clock, FetchLike, HttpRequestInit, Sleep } from '../../../src/core/dingtalk/transport';
import { DingTalkError } from '../../../src/core/dingtalk/errors';
import { useSecret } from './logCapture';

/**
 * Marks every credential a request carries (access_token / sign query values, the token header, an appSecret in
 * the body) as a secret for the run-wide redaction audit, so the audit covers what the client really sent.
 */
export function auditCredentials(url: string, headers: Record<string, string>, body: unknown): void {
  const found: (string | null | undefined)[] = [];
  try {
    const params = new URL(url).searchParams;
    found.push(params.get('access_token'), params.get('sign'));
    const rawSign = /[?&]sign=([^&]+)/.exec(url)?.[1];
    found.push(rawSign);
  } catch {
    // not a URL: nothing to collect
  }
  found.push(headers['x-acs-dingtalk-access-token']);
  if (typeof body === 'string' && body.includes('appSecret')) {
    try {
      found.push((JSON.parse(body) as { appSecret?: string }).appSecret);
    } catch {
      // not JSON
    }
  }
  for (const value of found) if (value && value.length >= 8) useSecret(value);
}

/** Marks the token in a token response as a secret for the audit. */
export function auditTokenResponse(text: string): void {
  try {
    const body = JSON.parse(text) as { accessToken?: unknown; access_token?: unknown };
    for (const t of [body.accessToken, body.access_token]) if (typeof t === 'string' && t.length >= 8) useSecret(t);
  } catch {
    // not JSON
  }
}

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  constructor(private current = 1_700_000_000_000) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

/** A sleep that advances `clock` instantly and records every delay; honours AbortSignal. */
export function fakeSleep(clock: { advance(ms: number): void }): Sleep & { delays: number[] } {
  const delays: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw new DingTalkError({ kind: 'cancelled' });
    delays.push(ms);
    clock.advance(ms);
    // Let other promise chains run, as a real timer would.
    await Promise.resolve();
  };
  return Object.assign(sleep, { delays });
}

/** What the fake fetch saw. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: HttpRequestInit['body'];
}

export type Responder = (req: RecordedRequest) => Response | Promise<Response>;

/** A fetch whose answers come from a list of responders (the last one repeats). */
export function scriptedFetch(...responders: Responder[]): FetchLike & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (url: string, init: HttpRequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
    const req: RecordedRequest = { url, method: init.method, headers, body: init.body };
    requests.push(req);
    auditCredentials(url, headers, req.body);
    const responder = responders[Math.min(requests.length - 1, responders.length - 1)];
    const res = await responder(req);
    auditTokenResponse(await res.clone().text());
    return res;
  };
  return Object.assign(fetchImpl, { requests });
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** An error shaped like undici's "fetch failed" with a system error cause. */
export function networkError(code: string): TypeError {
  const cause = Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });
  return new TypeError('fetch failed', { cause });
}

/** An error like the one fetch throws when AbortSignal.timeout fires. */
export function timeoutError(): Error {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}
