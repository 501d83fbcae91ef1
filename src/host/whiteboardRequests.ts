import type { RenderFormat, RenderResult, WebviewToHost } from '../shared/protocol';

/** What a request to the whiteboard page waits for: `done` (clear, add text) or a rendering in one format. */
export type ExpectedReply = { readonly type: 'done' } | { readonly type: 'rendered'; readonly format: RenderFormat };

/** The page's answers to requests. */
export type WebviewReply = Extract<WebviewToHost, { type: 'done' | 'rendered' }>;

/** What a request resolves with: nothing for `done`, the result for a rendering. */
export type ReplyValue<E extends ExpectedReply> = E extends { type: 'rendered' } ? RenderResult : undefined;

/** The errors a request fails with (the host localises them; they reach the user). */
export interface PendingRequestErrors {
  /** The page did not answer in time. */
  timedOut(): Error;
  /** The page answered the request with the wrong kind of reply (or a rendering in the wrong format). */
  mismatched(): Error;
}

/** English, for the log. */
export type RequestLog = (level: 'warn' | 'debug', message: string) => void;

function describeExpected(expected: ExpectedReply): string {
  return expected.type === 'rendered' ? `a ${expected.format} rendering` : "'done'";
}

function describeReply(reply: WebviewReply): string {
  if (reply.type === 'done') return "'done'";
  return reply.result.ok ? `a ${reply.result.format} rendering` : `a failed rendering (${reply.result.reason})`;
}

/**
 * Why `reply` does not answer a request that expects `expected` (English, for the log), or undefined when it
 * does. A rendering that failed (empty board, no canvas) answers a render request of either format.
 */
export function replyMismatch(expected: ExpectedReply, reply: WebviewReply): string | undefined {
  const mismatch = `expected ${describeExpected(expected)}, got ${describeReply(reply)}`;
  if (reply.type !== expected.type) return mismatch;
  if (expected.type === 'rendered' && reply.type === 'rendered' && reply.result.ok && reply.result.format !== expected.format) return mismatch;
  return undefined;
}

interface Entry {
  readonly expected: ExpectedReply;
  resolve(value: unknown): void;
  reject(err: Error): void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * The host's requests to the whiteboard page that await an answer, by request id. Each remembers the reply it
 * expects: a reply of another kind (or a rendering in another format) rejects the request instead of resolving
 * it with something its caller cannot use.
 */
export class PendingRequests {
  private nextId = 1;
  private readonly pending = new Map<number, Entry>();

  constructor(
    private readonly errors: PendingRequestErrors,
    private readonly log: RequestLog,
  ) {}

  /** Requests waiting for an answer. */
  get size(): number {
    return this.pending.size;
  }

  /** A new request id and the promise its answer settles (rejected after `timeoutMs` without one). */
  open<E extends ExpectedReply>(expected: E, timeoutMs: number): { readonly id: number; readonly reply: Promise<ReplyValue<E>> } {
    const id = this.nextId++;
    const reply = new Promise<ReplyValue<E>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.log('warn', `request ${id} (waiting for ${describeExpected(expected)}) got no answer within ${timeoutMs} ms`);
        reject(this.errors.timedOut());
      }, timeoutMs);
      this.pending.set(id, { expected, resolve: resolve as (value: unknown) => void, reject, timer });
    });
    return { id, reply };
  }

  /** Settles the request `reply` answers: resolved when it is the expected reply, else rejected. */
  answer(reply: WebviewReply): void {
    const entry = this.take(reply.requestId);
    if (!entry) {
      this.log('debug', `ignored ${describeReply(reply)} for request ${reply.requestId}, which is not pending`);
      return;
    }
    const mismatch = replyMismatch(entry.expected, reply);
    if (mismatch) {
      this.log('warn', `request ${reply.requestId}: ${mismatch}; failing the request`);
      entry.reject(this.errors.mismatched());
    } else entry.resolve(reply.type === 'rendered' ? reply.result : undefined);
  }

  /** Rejects one request (e.g. its message could not be posted). */
  fail(id: number, err: Error): void {
    this.take(id)?.reject(err);
  }

  /** Rejects every pending request (the view closed, the extension stops). */
  failAll(err: () => Error): void {
    for (const id of [...this.pending.keys()]) this.fail(id, err());
  }

  private take(id: number): Entry | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    return entry;
  }
}
