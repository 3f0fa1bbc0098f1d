import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isDynamoConditionFailure, isS3MissingKey } from '../../../lambdas/shared/aws-errors.ts';
import { noWaitClock } from '../../../lambdas/shared/clock.ts';
import { mapWithConcurrency } from '../../../lambdas/shared/concurrency.ts';
import { errorText } from '../../../lambdas/shared/error-text.ts';
import { retryWithBackoff } from '../../../lambdas/shared/retry.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../lambdas/shared/time.ts';
import { firstIssue, firstIssueText } from '../../../lambdas/shared/zod-issues.ts';

describe('shared kernel', () => {
  it('defines a day as 24 hours of 60 minutes', () => {
    expect(DAY_MS).toBe(24 * HOUR_MS);
    expect(HOUR_MS).toBe(60 * MINUTE_MS);
    expect(MINUTE_MS).toBe(60_000);
  });

  it('keeps input order when items finish out of order', async () => {
    const delays = [3, 0, 2, 1];
    const clock = noWaitClock(() => 0);
    const out = await mapWithConcurrency(delays, 2, async (d, i) => {
      for (let k = 0; k < d; k += 1) await clock.sleep(1);
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30]);
  });

  it('starts nothing after the first error, lets calls in flight finish, then rethrows it', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await Promise.resolve();
      if (item === 0) throw new Error('first');
      finished.push(item);
      return item;
    });
    await expect(run).rejects.toThrow('first');
    expect(started).toEqual([0, 1]);
    expect(finished, 'the call in flight finished').toEqual([1]);
  });

  it('names the first bad field of a zod error, or the given root for the whole input', () => {
    const schema = z.object({ aws: z.object({ siteBucket: z.string() }) });
    const bad = schema.safeParse({ aws: { siteBucket: 1 } });
    expect(bad.success).toBe(false);
    if (bad.success) return;
    expect(firstIssue(bad.error).where).toBe('aws.siteBucket');
    const root = z.string().safeParse(1);
    if (root.success) return;
    expect(firstIssueText(root.error, 'body')).toMatch(/^body: /);
  });

  it('gives the message of an Error and the text of anything else', () => {
    expect(errorText(new Error('boom'))).toBe('boom');
    expect(errorText('plain')).toBe('plain');
  });

  it('recognises AWS errors by name without the client classes', () => {
    expect(isDynamoConditionFailure({ name: 'ConditionalCheckFailedException' })).toBe(true);
    expect(isS3MissingKey({ name: 'NotFound' })).toBe(true);
    expect(isS3MissingKey(new Error('NoSuchKey'))).toBe(false);
  });

  it('moves a no-wait clock forward by what it slept when a retry backs off', async () => {
    const clock = noWaitClock(() => 1_000);
    let tries = 0;
    const result = await retryWithBackoff(
      async () => {
        tries += 1;
        if (tries < 3) throw new Error('again');
        return 'done';
      },
      {
        policy: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 },
        isRetryable: () => true,
        clock,
        random: () => 1,
      },
    );
    expect(result).toBe('done');
    expect(clock.nowMs()).toBe(1_000 + 100 + 200);
  });
});
