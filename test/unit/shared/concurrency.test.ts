import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../../lambdas/shared/concurrency.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapWithConcurrency', () => {
  it('keeps the input order whatever order the calls finish in', async () => {
    const delaysMs = [5, 1, 3, 0, 2];
    const result = await mapWithConcurrency(delaysMs, 3, async (ms, i) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return i;
    });
    expect(result).toEqual([0, 1, 2, 3, 4]);
  });

  it('never has more than the limit in flight', async () => {
    let inFlight = 0;
    let most = 0;
    await mapWithConcurrency(
      Array.from({ length: 40 }, (_, i) => i),
      4,
      async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await tick();
        inFlight -= 1;
      },
    );
    expect(most).toBe(4);
  });

  it('rejects with the first error', async () => {
    await expect(
      mapWithConcurrency([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('object 2 unreadable');
        return n;
      }),
    ).rejects.toThrow('object 2 unreadable');
  });

  it('returns an empty list for no items', async () => {
    expect(await mapWithConcurrency([], 8, async () => 1)).toEqual([]);
  });
});
