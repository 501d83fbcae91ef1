/**
 * Fault injection: make the next N (or a fraction of) matching requests misbehave, so a client's
 * retry, timeout and re-authentication paths can be tested without a flaky network.
 */
export interface FaultAction {
  /** Answer with this HTTP status (and `body`, or a surface-appropriate default body). */
  status?: number;
  /** Answer with this JSON body (status defaults to 200 when only a body is given). */
  body?: unknown;
  /** Wait this long (real milliseconds) before doing anything else. */
  delayMs?: number;
  /** Destroy the connection without answering (the client sees ECONNRESET / socket hang up). */
  reset?: boolean;
  /** Expire the token the request carries, then handle the request normally. */
  expireToken?: boolean;
  /** Answer with the surface's rate-limit error (custom robot errcode, v1.0 403 QpsLimitForApi, oapi 90018). */
  rateLimit?: boolean;
}

export interface FaultSpec {
  match: { path: string; method?: string };
  action: FaultAction;
  /** Number of matching requests to affect. Default 1, or unlimited when `fraction` is given. */
  count?: number;
  /** Probability (0..1) that a matching request is affected; drawn from a seeded PRNG. */
  fraction?: number;
}

export interface ActiveFault {
  id: string;
  spec: FaultSpec;
  /** Requests still to affect; null = unlimited. */
  remaining: number | null;
  hits: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(seed: number) {
    this.random = mulberry32(seed);
  }

  reseed(seed: number): void {
    this.random = mulberry32(seed);
  }

  add(spec: unknown): ActiveFault {
    const valid = validateFaultSpec(spec);
    const remaining = valid.count ?? (valid.fraction !== undefined ? null : 1);
    const fault: ActiveFault = { id: `fault-${this.nextId++}`, spec: valid, remaining, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => structuredClone(f));
  }

  /** The action for this request, if a fault fires; consumes one use of that fault. */
  take(method: string, path: string): FaultAction | undefined {
    for (const fault of this.faults) {
      const { match, fraction } = fault.spec;
      if (!path.startsWith(match.path)) continue;
      if (match.method && match.method.toUpperCase() !== method.toUpperCase()) continue;
      if (fault.remaining !== null && fault.remaining <= 0) continue;
      if (fraction !== undefined && this.random() >= fraction) continue;
      if (fault.remaining !== null) fault.remaining--;
      fault.hits++;
      this.faults = this.faults.filter((f) => f.remaining === null || f.remaining > 0);
      return fault.spec.action;
    }
    return undefined;
  }
}

export function validateFaultSpec(raw: unknown): FaultSpec {
  const fail = (msg: string): never => {
    throw new Error(`invalid fault: ${msg}`);
  };
  if (!raw || typeof raw !== 'object') fail('expected a JSON object');
  const spec = raw as Record<string, unknown>;
  const match = spec.match as Record<string, unknown> | undefined;
  if (!match || typeof match.path !== 'string' || !match.path.startsWith('/')) fail('match.path must be a path prefix starting with "/"');
  if (match!.method !== undefined && typeof match!.method !== 'string') fail('match.method must be a string');
  if ((match!.path as string).startsWith('/__sandbox')) fail('control endpoints (/__sandbox) cannot be faulted');
  const action = spec.action as Record<string, unknown> | undefined;
  if (!action || typeof action !== 'object') fail('action must be an object');
  const a = action!;
  const known = ['status', 'body', 'delayMs', 'reset', 'expireToken', 'rateLimit'];
  for (const key of Object.keys(a)) if (!known.includes(key)) fail(`unknown action "${key}"`);
  if (a.status !== undefined && (!Number.isInteger(a.status) || (a.status as number) < 100 || (a.status as number) > 599)) fail('action.status must be an HTTP status');
  if (a.delayMs !== undefined && (typeof a.delayMs !== 'number' || a.delayMs < 0 || a.delayMs > 120_000)) fail('action.delayMs must be 0..120000');
  for (const flag of ['reset', 'expireToken', 'rateLimit']) if (a[flag] !== undefined && typeof a[flag] !== 'boolean') fail(`action.${flag} must be a boolean`);
  if (Object.keys(a).length === 0) fail('action must do something');
  if (spec.count !== undefined && (!Number.isInteger(spec.count) || (spec.count as number) < 1)) fail('count must be a positive integer');
  if (spec.fraction !== undefined && (typeof spec.fraction !== 'number' || spec.fraction < 0 || spec.fraction > 1)) fail('fraction must be between 0 and 1');
  return {
    match: { path: match!.path as string, method: match!.method as string | undefined },
    action: a as FaultAction,
    count: spec.count as number | undefined,
    fraction: spec.fraction as number | undefined,
  };
}

/** Small seeded PRNG so `fraction` faults behave the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
