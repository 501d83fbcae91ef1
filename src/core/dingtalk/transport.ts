/**
 * HTTP transport shared by the DingTalk clients.
 *
 * - `fetch`, clock, sleep and randomness are injected, so tests are deterministic and need no timers.
 * - Each attempt is built afresh by the caller's `prepare(attempt)`: signed webhook requests get a fresh
 *   timestamp and signature, and a rate limiter can be waited on.
 * - Only retryable failures are retried (network, timeout, 5xx, rate limits whose delay is acceptable), with
 *   exponential backoff and full jitter; non-idempotent requests are not retried when the server may already
 *   have acted on them.
 * - Every log line passes through the redactor.
 */

import { redact } from '../redact';
import { DingTalkError, DingTalkSurface, errorFromFetchFailure, errorFromResponse } from './errors';
import { nodeHttpFetch } from './nodeHttp';

/** Source of the current time in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Waits `ms`; rejects with a `cancelled` DingTalkError when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Timer-based sleep. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** The `cancelled` error thrown when a caller's AbortSignal fires. */
export function cancelledError(): DingTalkError {
  return new DingTalkError({ kind: 'cancelled' });
}

/** Throws `cancelled` if `signal` has already aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

/** Minimal logger the core uses; the host adapts its own logger to it. Lines arrive already redacted. */
export interface CoreLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that drops everything (the default). */
export const noopLogger: CoreLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Wraps a logger so every line is redacted, whatever the caller passes. */
export function redactingLogger(logger: CoreLogger): CoreLogger {
  return {
    debug: (m) => logger.debug(redact(m)),
    info: (m) => logger.info(redact(m)),
    warn: (m) => logger.warn(redact(m)),
    error: (m) => logger.error(redact(m)),
  };
}

/**
 * Bytes read while they are sent (a file streamed from disk), so reading overlaps the upload and the whole file
 * is never in memory. `open` is called once per attempt; it must yield exactly `byteLength` bytes.
 */
export interface ByteSource {
  readonly byteLength: number;
  open(): AsyncIterable<Uint8Array>;
}

/** One piece of a request body. */
export type BodyChunk = Uint8Array | ByteSource;

/**
 * The request body could not be produced: its source failed to read (`cause`, e.g. the file was deleted), or
 * yielded a different length than it declared (the file changed). The transport rethrows `cause` as it is and
 * does not retry: it is not a network failure.
 */
export class RequestBodyError extends Error {
  constructor(message: string, override readonly cause: unknown) {
    super(message);
    this.name = 'RequestBodyError';
  }
}

/** A source yielded more or fewer bytes than it declared. */
export class BodyLengthError extends Error {
  constructor(readonly declared: number, readonly actual: number) {
    super(`the content changed while it was sent: ${declared} bytes were expected, ${actual > declared ? 'more' : actual} were read`);
    this.name = 'BodyLengthError';
  }
}

/** A request as the transport hands it to {@link FetchLike}. */
export interface HttpRequestInit {
  method: string;
  headers?: Record<string, string>;
  /** A string (sent as UTF-8), bytes, or chunks sent one after another without joining them. */
  body?: string | Uint8Array | readonly BodyChunk[];
  signal?: AbortSignal;
}

/** How the transport performs one HTTP exchange: fetch's shape, with the bodies above. */
export type FetchLike = (url: string, init: HttpRequestInit) => Promise<Response>;

/** Backoff settings. */
export interface RetryPolicy {
  /** Total attempts including the first. Default 4. */
  maxAttempts: number;
  /** Backoff base: the cap of the n-th retry's jittered delay is base·2^(n-1). Default 500 ms. */
  baseDelayMs: number;
  /** Upper bound of a jittered backoff delay. Default 8 s. */
  maxDelayMs: number;
  /**
   * A rate-limit delay longer than this is not waited out: the error is thrown so the user learns about it
   * (the custom robot's 10-minute throttle). Default 60 s.
   */
  maxRetryAfterMs: number;
}

/** Default {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/** Dependencies and settings shared by every client. All optional. */
export interface TransportOptions {
  /** Default: {@link nodeHttpFetch} (Node's http/https, proxy-aware in VS Code). */
  fetch?: FetchLike;
  clock?: Clock;
  sleep?: Sleep;
  /** Uniform [0, 1) source for jitter. Default Math.random. */
  random?: () => number;
  logger?: CoreLogger;
  /** Per-attempt timeout. Default 15 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** One concrete attempt. */
export interface PreparedRequest {
  url: string;
  headers?: Record<string, string>;
  /** Sent as is (a multipart body comes encoded, with its content type in the headers). */
  body?: HttpRequestInit['body'];
}

/** What to send, and how to interpret failures. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Short operation name for logs, e.g. "robot.send". Must not contain secrets (it is redacted anyway). */
  operation: string;
  surface: DingTalkSurface;
  /** Builds attempt `attempt` (1-based). Called again for every retry. */
  prepare(attempt: number): PreparedRequest | Promise<PreparedRequest>;
  /**
   * Whether repeating the request is harmless. When false, failures after which DingTalk may already have
   * acted (timeouts, 5xx, dropped connections) are not retried; refused connections and rate limits still are.
   * Default: true for GET/PUT/DELETE, false for POST.
   */
  idempotent?: boolean;
  signal?: AbortSignal;
  /** Per-attempt timeout for this request (e.g. longer for large uploads). Default: the transport's. */
  timeoutMs?: number;
  /** Called with each failed attempt's error before deciding to retry (e.g. to penalise a rate limiter). */
  onAttemptError?(error: DingTalkError, attempt: number): void;
}

/** A successful response. */
export interface TransportResponse<T> {
  status: number;
  body: T;
  attempts: number;
}

/** Errors for which the request definitely never reached DingTalk's application logic. */
const NOT_DELIVERED_CAUSES = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;

/** HTTP client with retries, timeouts, cancellation and redacted logging. */
export class HttpTransport {
  private readonly fetchImpl: FetchLike;
  readonly clock: Clock;
  readonly sleep: Sleep;
  private readonly random: () => number;
  readonly logger: CoreLogger;
  private readonly timeoutMs: number;
  readonly retry: RetryPolicy;

  constructor(options: TransportOptions = {}) {
    this.fetchImpl = options.fetch ?? nodeHttpFetch;
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.logger = redactingLogger(options.logger ?? noopLogger);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  /** Sends `spec`, retrying retryable failures; resolves with the parsed JSON body or throws a DingTalkError. */
  async request<T>(spec: RequestSpec): Promise<TransportResponse<T>> {
    const idempotent = spec.idempotent ?? spec.method !== 'POST';
    for (let attempt = 1; ; attempt++) {
      throwIfCancelled(spec.signal);
      const prepared = await spec.prepare(attempt);
      throwIfCancelled(spec.signal);
      const outcome = await this.attempt<T>(spec, prepared, attempt);
      if (outcome.ok) return { status: outcome.status, body: outcome.body, attempts: attempt };

      const error = outcome.error;
      spec.onAttemptError?.(error, attempt);
      const delay = this.retryDelay(error, attempt, idempotent, outcome.delivered);
      if (delay === undefined) {
        const line = `${spec.operation}: failed after ${attempt} attempt(s): ${error.kind}${error.code ? ` (${error.code})` : ''}: ${error.message}`;
        // A rejected token is replaced and the call repeated by the token manager: not worth a warning yet.
        if (error.kind === 'invalidAccessToken' || error.kind === 'cancelled') this.logger.debug(line);
        else this.logger.warn(line);
        throw error;
      }
      this.logger.warn(`${spec.operation}: attempt ${attempt} failed with ${error.kind}${error.code ? ` (${error.code})` : ''}; retrying in ${delay} ms`);
      await this.sleep(delay, spec.signal);
    }
  }

  /** The delay before the next attempt, or undefined when the error must be thrown. */
  private retryDelay(error: DingTalkError, attempt: number, idempotent: boolean, delivered: boolean): number | undefined {
    if (!error.retryable || attempt >= this.retry.maxAttempts) return undefined;
    if (!idempotent && delivered && error.kind !== 'rateLimited') return undefined;
    if (error.retryAfterMs !== undefined) {
      return error.retryAfterMs <= this.retry.maxRetryAfterMs ? error.retryAfterMs : undefined;
    }
    const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * cap);
  }

  private async attempt<T>(
    spec: RequestSpec,
    prepared: PreparedRequest,
    attempt: number,
  ): Promise<{ ok: true; status: number; body: T } | { ok: false; error: DingTalkError; delivered: boolean }> {
    const started = this.clock.now();
    const timeout = AbortSignal.timeout(spec.timeoutMs ?? this.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    this.logger.debug(`${spec.operation}: → ${spec.method} ${prepared.url} (attempt ${attempt}/${this.retry.maxAttempts})`);

    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(prepared.url, { method: spec.method, headers: prepared.headers, body: prepared.body, signal });
      text = await response.text();
    } catch (err) {
      if (err instanceof RequestBodyError) throw err.cause;
      const error = errorFromFetchFailure(err, { timedOut: timeout.aborted, cancelled: spec.signal?.aborted ?? false });
      if (error.kind === 'cancelled') throw error;
      const cause = String(error.details.cause ?? '');
      return { ok: false, error, delivered: !NOT_DELIVERED_CAUSES.test(cause) };
    }

    const elapsed = this.clock.now() - started;
    const body = parseJson(text);
    const ctx = { now: this.clock.now(), surface: spec.surface, retryAfterHeader: response.headers.get('retry-after') };
    this.logger.debug(`${spec.operation}: ← HTTP ${response.status} in ${elapsed} ms`);

    if (body === undefined) {
      if (response.ok && text.trim() === '') return { ok: true, status: response.status, body: {} as T };
      // Not JSON: a proxy's page, DingTalk's HTML ban page, or an empty 5xx. Classified by status alone.
      const error = response.ok
        ? new DingTalkError({ kind: 'unknown', httpStatus: response.status, dingTalkMessage: `non-JSON response (${text.length} bytes)` })
        : errorFromResponse(response.status, { message: '' }, ctx)!;
      return { ok: false, error, delivered: true };
    }
    const error = errorFromResponse(response.status, body, ctx);
    if (error) return { ok: false, error, delivered: true };
    return { ok: true, status: response.status, body: body as T };
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
