/** Retry delays for retryable delivery failures. */

import type { DingTalkError } from '../dingtalk/errors';

/** Backoff settings of the delivery loop. */
export interface BackoffPolicy {
  /** Delay cap of the first retry; doubles per attempt. Default 2 s. */
  readonly baseDelayMs: number;
  /** Upper bound of any backoff delay (not of DingTalk's retry-after). Default 5 minutes. */
  readonly maxDelayMs: number;
}

/** Default {@link BackoffPolicy}. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 };

/**
 * The delay before the next attempt after `attempts` attempts failed with `error`.
 *
 * DingTalk's own retry-after (e.g. the custom robot's 10-minute throttle) is honoured exactly: trying earlier
 * would only extend the throttle. Otherwise exponential backoff with "equal jitter" (half fixed, half random),
 * so windows that failed together do not retry together, yet no retry comes back instantly.
 */
export function backoffDelay(attempts: number, error: DingTalkError, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (error.retryAfterMs !== undefined && error.retryAfterMs >= 0) return Math.ceil(error.retryAfterMs);
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.round(cap / 2 + random() * (cap / 2));
}
