import { describe, expect, it } from 'vitest';
import { toFlushArrays } from '../../../lambdas/analysis/flush-arrays.ts';
import { detectFlushes, resampleBars } from '../../../lambdas/analysis/index.ts';
import { windowGeometry } from '../../../lambdas/analysis/scan-flush-windows.ts';
import { baselineWindows, overlapTest } from '../../../lambdas/analysis/window-baseline.ts';
import { configSchema } from '../../../lambdas/config.ts';
import type { MarketSeries } from '../../../lambdas/model/index.ts';
import { makeBar, makeSeries } from './series-fixtures.ts';
import { syntheticMarket } from './synthetic-market.ts';

const detector = configSchema.parse({}).detector;
const HOUR_MS = 3_600_000;

const hourly = (series: MarketSeries): MarketSeries => ({
  ...series,
  barMinutes: 60,
  bars: resampleBars(series.bars, 60),
});

/** 30 days: a $450M, −12 % crash over six hours on day 10, a $40M, −3.5 % hour on day 20. */
const crashThenAftershock = syntheticMarket({
  days: 30,
  shocks: [
    { at: '2026-01-10T15:00:00Z', minutes: 360, liqUsd: 450e6, moveFrac: -0.12, side: 'long' },
    { at: '2026-01-20T01:00:00Z', minutes: 60, liqUsd: 40e6, moveFrac: -0.035, side: 'long' },
  ],
});

describe('the trailing baseline leaves out flushes already found', () => {
  it('finds an aftershock ten days after a crash that would otherwise sit in its baseline', () => {
    const flushes = detectFlushes(hourly(crashThenAftershock), detector);
    expect(flushes.map((f) => new Date(f.startMs).toISOString())).toEqual([
      '2026-01-10T15:00:00.000Z',
      '2026-01-20T01:00:00.000Z',
    ]);
    // Six crash hours of ~$75M were above the $43M aftershock: with them the 99th percentile
    // of 30 days of hours was the crash itself, and z (2.3) stays under 3 on hourly data.
    const aftershock = flushes[1];
    expect(aftershock?.side).toBe('long');
    expect(aftershock?.liqTotalUsd).toBeGreaterThan(40e6);
    expect(aftershock?.liqZScore).toBeLessThan(detector.liqZScore);
  });

  it('skips every baseline window that overlaps an excluded range, and only those', () => {
    const bars = Array.from({ length: 48 }, (_, i) =>
      makeBar(i * HOUR_MS, { liqLongUsd: i, liqShortUsd: 0 }),
    );
    const arrays = toFlushArrays(makeSeries(bars, 60));
    const g = windowGeometry({ ...detector, windowMinutes: 120 }, 60);
    const all = baselineWindows(arrays, 40, g);
    expect(all.slice(0, 3), 'windows [38,39], [36,37], [34,35]').toEqual([77, 73, 69]);
    const without = baselineWindows(arrays, 40, g, [
      { startIndex: 5, endIndex: 6 },
      { startIndex: 35, endIndex: 38 },
    ]);
    expect(without.slice(0, 2), '[38,39] .. [34,35] touch bars 35–38').toEqual([65, 61]);
    expect(all.length - without.length, '3 windows near bar 36, 2 around bars 5–6').toBe(5);
  });

  it('answers overlaps for ranges visited backwards in time', () => {
    const overlaps = overlapTest([
      { startIndex: 10, endIndex: 12 },
      { startIndex: 20, endIndex: 29 },
    ]);
    expect([
      overlaps(30, 35),
      overlaps(25, 30),
      overlaps(13, 19),
      overlaps(12, 13),
      overlaps(0, 9),
    ]).toEqual([false, true, false, true, false]);
  });
});
