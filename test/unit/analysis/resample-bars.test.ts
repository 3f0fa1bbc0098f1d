import { describe, expect, it } from 'vitest';
import { resampleBars } from '../../../lambdas/analysis/index.ts';
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
