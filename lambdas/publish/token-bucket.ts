import type { PacingClock } from '../shared/clock.ts';
import type { BackoffPolicy } from '../shared/retry.ts';

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

/** Backoff for SES throttling: 6 tries, 200 ms doubling up to 10 s. */
export const DEFAULT_SEND_BACKOFF: BackoffPolicy = {
  maxAttempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
};
