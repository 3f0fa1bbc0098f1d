import { describe, expect, it } from 'vitest';
import { deliveryConfigSchema } from '../../../lambdas/config.ts';
import { runTimes } from '../../../lambdas/handlers/send-handler.ts';

const SECOND = 1_000;

describe('runTimes', () => {
  it('stops claiming 16 s and aborts calls 3 s before a 15-minute deadline, with the default timeouts', () => {
    const times = runTimes(900 * SECOND, deliveryConfigSchema.parse({}), 5 * SECOND);
    expect(times).toEqual({
      deadlineMs: 905 * SECOND,
      stopInMs: 884 * SECOND,
      abortInMs: 897 * SECOND,
    });
  });

  it('still stops before it aborts when less time is left than one call takes', () => {
    const times = runTimes(5 * SECOND, deliveryConfigSchema.parse({}), 0);
    expect([times.stopInMs, times.abortInMs]).toEqual([1, 2 * SECOND]);
  });
});
