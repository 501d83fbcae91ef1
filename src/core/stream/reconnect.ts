/** How long the stream client waits before connecting again. */

export interface ReconnectPolicy {
  /** Delay cap of the first retry; doubles per failed attempt. Default 1 s. */
  readonly baseDelayMs: number;
  /** Upper bound of any delay. Default 60 s. */
  readonly maxDelayMs: number;
  /** A connection that stayed up this long resets the attempt count. Default 30 s. */
  readonly stableAfterMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { baseDelayMs: 1_000, maxDelayMs: 60_000, stableAfterMs: 30_000 };

/**
 * Exponential backoff with equal jitter (half fixed, half random): windows and machines that lost the network
 * together do not all come back in the same second, and no retry is instant. `attempt` is 1-based.
 */
export function reconnectDelay(attempt: number, random: () => number, policy: ReconnectPolicy = DEFAULT_RECONNECT): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.round(cap / 2 + random() * (cap / 2));
}
