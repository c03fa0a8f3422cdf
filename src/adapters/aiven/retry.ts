export interface RetryPolicy {
  /** Tries in total, the first one included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };

/**
 * Exponential backoff with full jitter: spreads the retries of many callers hitting the same outage
 * instead of having them come back in lockstep.
 */
export function backoffDelayMs(policy: RetryPolicy, retryIndex: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

/** Retry-After in seconds, capped: a server asking for minutes must not stall a Slack interaction. */
export function retryAfterDelayMs(header: string | null, policy: RetryPolicy): number | undefined {
  if (header === null || !/^\s*\d+(\.\d+)?\s*$/.test(header)) return undefined;
  return Math.min(Math.round(Number(header) * 1000), policy.maxDelayMs);
}

/** The longest one call can take: every try timing out, with the longest backoff between tries. */
export function worstCaseCallMs(policy: RetryPolicy, timeoutMs: number): number {
  let total = policy.attempts * timeoutMs;
  for (let retry = 0; retry < policy.attempts - 1; retry++) {
    total += Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  }
  return total;
}
