import { type PacingClock, SYSTEM_CLOCK } from './clock.ts';

/** Bounds of exponential backoff. */
export interface BackoffPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * "Full jitter" delay before retry number `retry` (1 = first retry): uniform in
 * [0, min(max, base·2^(retry-1))], so many callers that failed together do not retry in step.
 * Pass `random: () => 1` for plain (unjittered) exponential backoff.
 *
 * @example
 * backoffDelayMs(3, { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 10_000 }, () => 1); // 800
 */
export function backoffDelayMs(
  retry: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceilingMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceilingMs * random());
}

/** Options of {@link retryWithBackoff}. */
export interface RetryOptions {
  policy: BackoffPolicy;
  /** The caller's own policy of what may be tried again (throttling, a lost write race, …). */
  isRetryable: (error: unknown, tryNumber: number) => boolean;
  /** Sleeps between tries (default: the real clock). */
  clock?: PacingClock | undefined;
  /** Jitter source (default `Math.random`; `() => 1`: none). */
  random?: () => number;
  /** Once aborted no new try starts: the run is ending. */
  signal?: AbortSignal | undefined;
}

/**
 * Runs `attempt` until it succeeds, retrying with {@link backoffDelayMs} while
 * `isRetryable(error)` holds, at most `policy.maxAttempts` tries; the last error is rethrown.
 *
 * @example
 * await retryWithBackoff(() => save(), { policy, isRetryable: (e) => e instanceof WriteConflictError });
 */
export async function retryWithBackoff<T>(
  attempt: () => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  for (let tryNumber = 1; ; tryNumber += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tryNumber >= options.policy.maxAttempts || !options.isRetryable(error, tryNumber))
        throw error;
      if (options.signal?.aborted) throw error;
      await clock.sleep(backoffDelayMs(tryNumber, options.policy, options.random));
    }
  }
}
