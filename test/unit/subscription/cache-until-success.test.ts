import { describe, expect, it } from 'vitest';
import { cacheUntilSuccess } from '../../../lambdas/handlers/cache-until-success.ts';

describe('cacheUntilSuccess', () => {
  it('builds once and gives every caller the same result', async () => {
    let builds = 0;
    const get = cacheUntilSuccess(async () => {
      builds += 1;
      return { built: builds };
    });
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(builds, 'concurrent and later callers share one build').toBe(1);
  });

  it('tries again after a failure, so a transient cold-start error does not stick', async () => {
    let attempts = 0;
    const get = cacheUntilSuccess(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('Secrets Manager timed out');
      return 'ready';
    });
    await expect(get()).rejects.toThrow('timed out');
    expect(await get()).toBe('ready');
  });

  it('treats a synchronous throw like a rejection', async () => {
    let attempts = 0;
    const get = cacheUntilSuccess((): Promise<string> => {
      attempts += 1;
      if (attempts === 1) throw new Error('bad config');
      return Promise.resolve('ok');
    });
    await expect(get()).rejects.toThrow('bad config');
    expect(await get()).toBe('ok');
  });
});
