/** Time as the pacing code sees it; injected so tests run on a fake clock. */
export interface PacingClock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock: `Date.now` and `setTimeout`. */
export const SYSTEM_CLOCK: PacingClock = {
  nowMs: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A clock whose sleeps return at once and move its time forward instead: the pacing code runs
 * unchanged and in order, without waiting for real (the CLI's outbox needs no rate). Its time
 * runs ahead of `now` by everything slept so far.
 */
export function noWaitClock(now: () => number = Date.now): PacingClock {
  let aheadMs = 0;
  return {
    nowMs: () => now() + aheadMs,
    sleep: async (ms) => {
      aheadMs += ms;
    },
  };
}

/** Settings of a {@link TokenBucket}. */
export interface TokenBucketOptions {
  ratePerSecond: number;
  /** Most tokens saved up; defaults to a tenth of a second's worth (at least 1). */
  capacity?: number;
  clock: PacingClock;
}

/**
 * Paces calls to `ratePerSecond` on average. Tokens refill continuously from
 * elapsed clock time (not per sleep), so timer lateness does not lower the rate;
 * the small capacity keeps bursts short. It starts with one token.
 *
 * @example
 * const bucket = new TokenBucket({ ratePerSecond: 14, clock: SYSTEM_CLOCK });
 * await bucket.take(); // then send one message
 */
export class TokenBucket {
  private tokens = 1;
  private lastRefillMs: number;
  private readonly capacity: number;

  public constructor(private readonly options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.capacity = Math.max(1, options.capacity ?? options.ratePerSecond / 10);
    this.lastRefillMs = options.clock.nowMs();
  }

  private refill(): void {
    const nowMs = this.options.clock.nowMs();
    const earned = ((nowMs - this.lastRefillMs) * this.options.ratePerSecond) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + earned);
    this.lastRefillMs = nowMs;
  }

  /** Waits until a token is available and spends it. */
  public async take(): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      const waitMs = ((1 - this.tokens) * 1000) / this.options.ratePerSecond;
      await this.options.clock.sleep(Math.max(1, Math.ceil(waitMs)));
      this.refill();
    }
    this.tokens -= 1;
  }
}

/** Bounds of exponential backoff. */
export interface BackoffPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Backoff for SES throttling: 6 tries, 200 ms doubling up to 10 s. */
export const DEFAULT_SEND_BACKOFF: BackoffPolicy = {
  maxAttempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
};

/**
 * "Full jitter" delay before retry number `retry` (1 = first retry): uniform in
 * [0, min(max, base·2^(retry-1))], so many throttled senders do not retry in step.
 *
 * @example
 * backoffDelayMs(3, DEFAULT_SEND_BACKOFF, () => 1); // 800
 */
export function backoffDelayMs(
  retry: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceilingMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceilingMs * random());
}

/**
 * Runs `attempt` until it succeeds, retrying with {@link backoffDelayMs} while
 * `isRetryable(error)` holds, at most `policy.maxAttempts` tries; the last error is rethrown.
 * Once `signal` is aborted no new try starts: the run is ending.
 */
export async function retryWithBackoff<T>(
  attempt: () => Promise<T>,
  options: {
    policy: BackoffPolicy;
    isRetryable: (error: unknown) => boolean;
    clock: PacingClock;
    random?: () => number;
    signal?: AbortSignal | undefined;
  },
): Promise<T> {
  for (let tryNumber = 1; ; tryNumber += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tryNumber >= options.policy.maxAttempts || !options.isRetryable(error)) throw error;
      if (options.signal?.aborted) throw error;
      await options.clock.sleep(backoffDelayMs(tryNumber, options.policy, options.random));
    }
  }
}
