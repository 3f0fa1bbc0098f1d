import { describe, expect, it } from 'vitest';
import { detectFlushes } from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import { makeBar, makeSeries } from './series-fixtures.ts';

const HOUR_MS = 3_600_000;

/**
 * 48 quiet hourly bars with a gentle random-looking wiggle, then one hour in
 * which longs worth 2 % of OI were liquidated while the price wicked 8 % down
 * and closed only 0.3 % lower — the shape of 2025-10-10 21:00 on hourly bars.
 */
function hourlyWickSeries() {
  const bars = Array.from({ length: 48 }, (_, i) => {
    const close = 100 + (i % 2 === 0 ? 0.2 : -0.2);
    return makeBar(i * HOUR_MS, {
      open: 100,
      close,
      high: 100.4,
      low: 99.6,
      liqLongUsd: 50,
      liqShortUsd: 50,
    });
  });
  bars.push(
    makeBar(48 * HOUR_MS, {
      open: 100,
      high: 100.2,
      low: 92,
      close: 99.7,
      liqLongUsd: 2000,
      liqShortUsd: 20,
    }),
  );
  for (let i = 49; i < 54; i += 1)
    bars.push(makeBar(i * HOUR_MS, { liqLongUsd: 50, liqShortUsd: 50 }));
  return makeSeries(bars, 60);
}

describe('detectFlushes on hourly bars', () => {
  it('finds a long flush whose wick recovered before the hour closed', () => {
    const flushes = detectFlushes(hourlyWickSeries(), configSchema.parse({}).detector);
    expect(flushes.length, 'the open-to-close move alone is under 3σ; the wick is not').toBe(1);
    expect(flushes[0]?.side).toBe('long');
    expect(flushes[0]?.startMs).toBe(48 * HOUR_MS);
    expect(flushes[0]?.extremePrice).toBe(92);
  });

  it('still ignores a wick in the direction opposite to the liquidated side', () => {
    const series = hourlyWickSeries();
    const bars = series.bars.map((b, i) =>
      i === 48 ? { ...b, liqLongUsd: 20, liqShortUsd: 2000 } : b,
    );
    const flushes = detectFlushes({ ...series, bars }, configSchema.parse({}).detector);
    expect(flushes, 'shorts liquidated while price wicked down is no squeeze').toEqual([]);
  });
});
