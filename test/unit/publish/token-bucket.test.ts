import { describe, expect, it } from 'vitest';
import { RetryableSendError } from '../../../lambdas/errors.ts';
import { DEFAULT_SEND_BACKOFF, TokenBucket } from '../../../lambdas/publish/token-bucket.ts';
import type { PacingClock } from '../../../lambdas/shared/clock.ts';
import { backoffDelayMs, retryWithBackoff } from '../../../lambdas/shared/retry.ts';

/** A clock whose time only moves when someone sleeps; records each sleep. */
function fakeClock(startMs = 1_000_000) {
  let nowMs = startMs;
  const sleeps: number[] = [];
  const clock: PacingClock = {
    nowMs: () => nowMs,
    sleep: async (ms) => {
      sleeps.push(ms);
      nowMs += ms;
    },
  };
  return { clock, sleeps, elapsedMs: () => nowMs - startMs };
}

describe('TokenBucket', () => {
  it('paces 101 takes at 50/s to two seconds of clock time', async () => {
    const { clock, elapsedMs } = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 50, clock });
    for (let i = 0; i < 101; i += 1) await bucket.take();
    // One token to start with, then 100 more at 20 ms each.
    expect(elapsedMs()).toBe(2000);
  });

  it('does not wait while saved-up tokens remain', async () => {
    const { clock, sleeps } = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 200, clock });
    await clock.sleep(1000);
    sleeps.length = 0;
    for (let i = 0; i < 20; i += 1) await bucket.take();
    expect(sleeps, 'capacity is a tenth of a second: 20 tokens').toEqual([]);
    await bucket.take();
    expect(sleeps).toEqual([5]);
  });

  it('refuses a rate that is not positive', () => {
    const { clock } = fakeClock();
    expect(() => new TokenBucket({ ratePerSecond: 0, clock })).toThrow(RangeError);
  });
});

describe('backoffDelayMs', () => {
  it('doubles the ceiling per retry and caps it', () => {
    const top = () => 1;
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(retry, DEFAULT_SEND_BACKOFF, top))).toEqual([
      200, 400, 800, 1600,
    ]);
    expect(backoffDelayMs(20, DEFAULT_SEND_BACKOFF, top)).toBe(10_000);
    expect(
      backoffDelayMs(3, DEFAULT_SEND_BACKOFF, () => 0.5),
      'jitter scales the delay',
    ).toBe(400);
  });
});

describe('retryWithBackoff', () => {
  it('retries a throttled attempt with growing delays until it succeeds', async () => {
    const { clock, sleeps } = fakeClock();
    let calls = 0;
    const result = await retryWithBackoff(
      async () => {
        calls += 1;
        if (calls < 4) throw new RetryableSendError('Throttling');
        return 'sent';
      },
      {
        policy: DEFAULT_SEND_BACKOFF,
        clock,
        random: () => 1,
        isRetryable: (e) => e instanceof RetryableSendError,
      },
    );
    expect(result).toBe('sent');
    expect(sleeps).toEqual([200, 400, 800]);
  });

  it('gives up after maxAttempts and rethrows the last error', async () => {
    const { clock, sleeps } = fakeClock();
    const attempt = async () => {
      throw new RetryableSendError('Throttling');
    };
    await expect(
      retryWithBackoff(attempt, {
        policy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
        clock,
        random: () => 1,
        isRetryable: () => true,
      }),
    ).rejects.toThrow(RetryableSendError);
    expect(sleeps).toEqual([100, 200]);
  });

  it('does not retry an error that is not retryable', async () => {
    const { clock, sleeps } = fakeClock();
    await expect(
      retryWithBackoff(
        async () => {
          throw new Error('MessageRejected');
        },
        { policy: DEFAULT_SEND_BACKOFF, clock, isRetryable: () => false },
      ),
    ).rejects.toThrow('MessageRejected');
    expect(sleeps).toEqual([]);
  });
});
