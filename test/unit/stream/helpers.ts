/** Shared set-up for the stream tests: a sandbox with fast timers, a client on virtual time, and event waits. */
import { nodeHttpFetch } from '../../../src/core/dingtalk/nodeHttp';
import type { CoreLogger, FetchLike, HttpRequestInit } from '../../../src/core/dingtalk/transport';
import { gatewayUrlFor } from '../../../src/core/stream/gateway';
import { StreamClient, StreamClientOptions, StreamClientState } from '../../../src/core/stream/streamClient';
import type { Event } from '../../../src/core/outbox/events';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { VirtualTime } from '../outbox/helpers';

export { VirtualTime };

/** A sandbox whose stream timers are short, so re-deliveries happen within a test. */
export async function streamSandbox(): Promise<Sandbox> {
  const sb = await startSandbox({ port: 0 });
  sb.stream.configure({ eventRetryMs: 30, disconnectGraceMs: 10_000 });
  return sb;
}

/** Every line the client logs, for assertions and the redaction checks. */
export class LogLines implements CoreLogger {
  readonly lines: string[] = [];
  debug = (m: string) => void this.lines.push(`debug ${m}`);
  info = (m: string) => void this.lines.push(`info ${m}`);
  warn = (m: string) => void this.lines.push(`warn ${m}`);
  error = (m: string) => void this.lines.push(`error ${m}`);
}

export interface TestClient {
  client: StreamClient;
  time: VirtualTime;
  log: LogLines;
}

/** A client for the sandbox's demo app on virtual time (backoff and keep-alive only move when the test says). */
export function testClient(sb: Sandbox, options: Partial<StreamClientOptions> = {}): TestClient {
  const time = new VirtualTime(Date.now());
  const log = new LogLines();
  const client = new StreamClient({
    gatewayUrl: () => gatewayUrlFor(sb.baseUrl),
    credentials: async () => ({ clientId: sb.demo.app.appKey, clientSecret: sb.demo.app.appSecret }),
    clock: time,
    sleep: time.sleep,
    random: () => 0.5,
    keepAliveMs: 0,
    logger: log,
    ...options,
  });
  return { client, time, log };
}

/** Resolves with the first value `event` fires that satisfies `predicate`; fails after `ms` of real time. */
export function next<T>(event: Event<T>, predicate: (value: T) => boolean = () => true, ms = 5_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no matching event within ${ms} ms`));
    }, ms);
    const sub = event((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(value);
    });
  });
}

/** Resolves once the client is in `state` (at once if it already is). */
export async function reach(client: StreamClient, state: StreamClientState): Promise<void> {
  if (client.state === state) return;
  await next(client.onDidChangeState, (s) => s === state);
}

/** Polls `condition` on every event-loop turn until it holds (for state that changes without an event). */
export async function until(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
  }
}

/** Wraps fetch to observe (and optionally act after) every request. */
export function observingFetch(after?: (url: string, init: HttpRequestInit, res: Response) => void): FetchLike & { calls: Array<{ url: string; headers: Record<string, string> }> } {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const f = (async (url: string, init: HttpRequestInit) => {
    calls.push({ url, headers: { ...init.headers } });
    const res = await nodeHttpFetch(url, init);
    after?.(url, init, res);
    return res;
  }) as FetchLike & { calls: typeof calls };
  f.calls = calls;
  return f;
}
