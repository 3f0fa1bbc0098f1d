import { describe, expect, it } from 'vitest';
import { resampleBars } from '../../../lambdas/analysis/index.ts';
import { resamplePrices } from '../../../lambdas/analysis/resample-bars.ts';
import { createPrng } from '../../../lambdas/market/scenarios/prng.ts';
import { makeBar } from './series-fixtures.ts';

const M5 = 300_000;

describe('resampleBars', () => {
  it('builds OHLC, sums flows and keeps the last OI per 15-minute bucket', () => {
    const bars = [
      makeBar(0, {
        open: 10,
        high: 12,
        low: 9,
        close: 11,
        oiBase: 5,
        perpVolumeUsd: 1,
        liqLongUsd: 2,
      }),
      makeBar(M5, {
        open: 11,
        high: 15,
        low: 10,
        close: 14,
        oiBase: 6,
        perpVolumeUsd: 2,
        liqLongUsd: null,
      }),
      makeBar(2 * M5, {
        open: 14,
        high: 14,
        low: 8,
        close: 9,
        oiBase: null,
        perpVolumeUsd: 3,
        liqLongUsd: 4,
      }),
      makeBar(3 * M5, { open: 9, high: 10, low: 9, close: 10, oiBase: 7 }),
    ];
    const [first, second] = resampleBars(bars, 15);
    expect(first).toMatchObject({
      openTimeMs: 0,
      open: 10,
      high: 15,
      low: 8,
      close: 9,
      perpVolumeUsd: 6,
      liqLongUsd: 6,
    });
    expect(first?.oiBase, 'last non-null OI in the bucket').toBe(6);
    expect(second?.openTimeMs).toBe(15 * 60_000);
  });

  it('gives null for a summed field only when every source bar is null', () => {
    const bars = [makeBar(0, { spotVolumeUsd: null }), makeBar(M5, { spotVolumeUsd: null })];
    expect(resampleBars(bars, 60)[0]?.spotVolumeUsd).toBeNull();
  });

  it('skips empty buckets so gaps stay gaps', () => {
    const bars = [makeBar(0), makeBar(3 * 3_600_000)];
    expect(resampleBars(bars, 60).map((b) => b.openTimeMs)).toEqual([0, 3 * 3_600_000]);
  });
});

describe('resamplePrices', () => {
  it('gives the buckets and prices resampleBars gives, on random bars with gaps', () => {
    const rng = createPrng(21);
    for (let run = 0; run < 50; run += 1) {
      let t = Math.floor(rng.uniform() * 12) * M5;
      const bars = Array.from({ length: 1 + Math.floor(rng.uniform() * 80) }, () => {
        t += (rng.uniform() < 0.1 ? 1 + Math.floor(rng.uniform() * 20) : 1) * M5;
        const open = 100 + 10 * rng.normal();
        const close = open * (1 + 0.01 * rng.normal());
        const high = Math.max(open, close) * (1 + 0.005 * rng.uniform());
        return makeBar(t, { open, close, high, low: Math.min(open, close) * 0.99 });
      });
      const full = resampleBars(bars, 60).map(({ openTimeMs, open, high, low, close }) => ({
        openTimeMs,
        open,
        high,
        low,
        close,
      }));
      expect(resamplePrices(bars, 60)).toEqual(full);
    }
  });
});
