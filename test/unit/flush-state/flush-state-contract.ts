import { expect, it } from 'vitest';
import {
  type FlushStateStore,
  flushStateKeys,
} from '../../../lambdas/publish/flush-state/flush-state-store.ts';

const T0 = Date.parse('2026-03-12T22:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The behaviour every {@link FlushStateStore} adapter must show; `fresh` gives an empty store. */
export function flushStateContract(fresh: () => Promise<FlushStateStore>): void {
  const key = flushStateKeys.flush('2026-03-12T20:30:00.000Z', 'long');

  it('grants a claim once when two runs race for the same flush', async () => {
    const store = await fresh();
    const item = { asset: 'BTC', key, data: { side: 'long', startMs: 1 } };
    const results = await Promise.all([
      store.claim(item, T0, 10 * MINUTE),
      store.claim(item, T0, 10 * MINUTE),
    ]);
    expect(results.filter(Boolean), 'exactly one winner').toHaveLength(1);
    expect(await store.claim(item, T0 + MINUTE, 10 * MINUTE), 'fresh claim held').toBe(false);
  });

  it('lets a later run take over a stale claim but never a settled item', async () => {
    const store = await fresh();
    const item = { asset: 'ETH', key, data: {} };
    expect(await store.claim(item, T0, 10 * MINUTE)).toBe(true);
    expect(await store.claim(item, T0 + 11 * MINUTE, 10 * MINUTE), 'stale').toBe(true);
    await store.settle('ETH', key, 'done', { reportId: 'r1', emailed: true });
    expect(await store.claim(item, T0 + 60 * MINUTE, 10 * MINUTE), 'done stays done').toBe(false);
    const [listed] = await store.list('ETH', flushStateKeys.flushesFrom('2026-03-12'));
    expect(listed?.status).toBe('done');
    expect(listed?.data).toEqual({ reportId: 'r1', emailed: true });
  });

  it('lists only the asset and key range asked for, in key order', async () => {
    const store = await fresh();
    const later = flushStateKeys.flush('2026-03-13T01:00:00.000Z', 'short');
    await store.claim({ asset: 'SOL', key: later, data: {} }, T0, MINUTE);
    await store.claim({ asset: 'SOL', key, data: {} }, T0, MINUTE);
    await store.claim(
      { asset: 'SOL', key: flushStateKeys.digest('2026-03-13'), data: {} },
      T0,
      MINUTE,
    );
    await store.claim({ asset: 'XRP', key, data: {} }, T0, MINUTE);
    const keys = (
      await store.list('SOL', flushStateKeys.flushesFrom('2026-03-12T00:00:00.000Z'))
    ).map((i) => i.key);
    expect(keys).toEqual([key, later]);
    const recent = await store.list('SOL', flushStateKeys.flushesFrom('2026-03-13T00:00:00.000Z'));
    expect(recent.map((i) => i.key)).toEqual([later]);
  });

  it('releases a claim so the next run can take it', async () => {
    const store = await fresh();
    const item = { asset: 'ADA', key, data: {} };
    await store.claim(item, T0, 10 * MINUTE);
    await store.release('ADA', key);
    expect(await store.claim(item, T0 + MINUTE, 10 * MINUTE)).toBe(true);
  });

  it('enforces the cooldown and lets only one of two racing flashes take it', async () => {
    const store = await fresh();
    const racing = await Promise.all([
      store.claimCooldown('DOGE', T0, 6 * HOUR),
      store.claimCooldown('DOGE', T0, 6 * HOUR),
    ]);
    expect(racing.filter((c) => c.claimed)).toHaveLength(1);
    expect((await store.claimCooldown('DOGE', T0 + 5 * HOUR, 6 * HOUR)).claimed, 'inside').toBe(
      false,
    );
    const after = await store.claimCooldown('DOGE', T0 + 6 * HOUR, 6 * HOUR);
    expect(after).toEqual({ claimed: true, previousFlashMs: T0 });
  });

  it('restores the previous flash time after a failed publish', async () => {
    const store = await fresh();
    await store.claimCooldown('LTC', T0, 6 * HOUR);
    const second = await store.claimCooldown('LTC', T0 + 7 * HOUR, 6 * HOUR);
    await store.restoreCooldown('LTC', T0 + 7 * HOUR, second.previousFlashMs);
    expect((await store.claimCooldown('LTC', T0 + 7 * HOUR, 6 * HOUR)).previousFlashMs).toBe(T0);
    const first = await store.claimCooldown('BCH', T0, 6 * HOUR);
    await store.restoreCooldown('BCH', T0, first.previousFlashMs);
    expect((await store.claimCooldown('BCH', T0 + MINUTE, 6 * HOUR)).claimed, 'no flash left').toBe(
      true,
    );
  });
}
