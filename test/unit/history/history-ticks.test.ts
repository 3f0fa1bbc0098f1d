import { describe, expect, it } from 'vitest';
import { buildMarketSeries } from '../../../lambdas/analysis/index.ts';
import { simulatedMarketOf } from '../../../lambdas/market/history/history-ticks.ts';
import { buildHistorySeries } from '../../../lambdas/market/history/index.ts';
import { HOUR_MS, klinesCsv, metricsCsv, START_MS } from './history-csv-fixtures.ts';

const HOURS = 48;
const files = [
  { name: 'k/BTCUSDT-1h-2025-01-01.csv', text: klinesCsv({ hours: HOURS, crashHour: 30 }) },
  { name: 'm/BTCUSDT-metrics-2025-01-01.csv', text: metricsCsv(HOURS, (h) => 90_000 - h * 10) },
];
const { series } = buildHistorySeries(files, { barMinutes: 60 });
const { market } = simulatedMarketOf(series);
const closeOf = (hour: number) => START_MS + (hour + 1) * HOUR_MS;

describe('simulatedMarketOf', () => {
  it('makes one tick per hourly bar, taken when the bar closes', () => {
    expect(market.tickTimesMs).toHaveLength(HOURS);
    expect(market.tickTimesMs[0]).toBe(closeOf(0));
    expect(market.assets).toEqual(['BTC']);
    expect(market.venues).toEqual(['binanceusdm']);
  });

  it('rebuilds the history series bar for bar when its ticks go through buildMarketSeries', () => {
    const ticks = market.snapshotsAsOf({ fromMs: 0, toMs: Number.POSITIVE_INFINITY }, Infinity);
    const rebuilt = buildMarketSeries(ticks, 'BTC', { configuredVenues: [] });
    const original = series[0]?.series;
    const fields = ['openTimeMs', 'open', 'high', 'low', 'close', 'oiBase', 'oiUsd'] as const;
    const pick = (bar: Record<(typeof fields)[number], number | null>) => fields.map((f) => bar[f]);
    expect(rebuilt.bars.map(pick)).toEqual(original?.bars.map(pick));
    expect(rebuilt.bars.every((b) => b.coverage === 1)).toBe(true);
    expect(rebuilt.excludedInputs).toEqual([]);
  });

  it('shows a bar only once it has closed when asked in the middle of the next one', () => {
    const midBar = closeOf(10) + 30 * 60_000;
    expect(market.latestTickAtOrBefore(midBar)).toBe(closeOf(10));
    expect(market.latestTickAtOrBefore(closeOf(10))).toBe(closeOf(10));
    expect(market.latestTickAtOrBefore(closeOf(10) - 1)).toBe(closeOf(9));
    expect(market.latestTickAtOrBefore(START_MS)).toBeNull();
    expect(market.nextTickAfter(closeOf(10))).toBe(closeOf(11));
    expect(market.nextTickAfter(closeOf(HOURS - 1))).toBeNull();
  });

  it('answers a range that reaches past the clock with the ticks taken by then only', async () => {
    const nowMs = closeOf(20) + 60_000;
    const source = market.snapshotSource(() => nowMs);
    const listed = await source.list({ fromMs: closeOf(15), toMs: closeOf(40) });
    expect(listed.map((s) => Date.parse(s.takenAt))).toEqual([15, 16, 17, 18, 19, 20].map(closeOf));
    // [from, to) as the snapshot stores list: a tick taken at `toMs` is not in it.
    const halfOpen = market.snapshotsAsOf({ fromMs: closeOf(15), toMs: closeOf(17) }, Infinity);
    expect(halfOpen.map((s) => Date.parse(s.takenAt))).toEqual([closeOf(15), closeOf(16)]);
    expect(market.visibleSpan({ fromMs: closeOf(15), toMs: closeOf(17) }, Infinity)).toEqual({
      fromIndex: 15,
      toIndex: 17,
    });
  });

  it('gives the series as of a moment without the bars that had not closed', () => {
    const asOf = market.seriesAsOf('BTC', { fromMs: 0, toMs: closeOf(40) }, closeOf(12) + 1);
    expect(asOf?.bars.at(-1)?.openTimeMs).toBe(START_MS + 12 * HOUR_MS);
    expect(asOf?.bars).toHaveLength(13);
    expect(market.seriesAsOf('ETH', { fromMs: 0, toMs: closeOf(40) }, Infinity)).toBeNull();
  });

  it('leaves out series of another bar size and says why when history mixes sizes', () => {
    const mixed = buildHistorySeries(
      [
        ...files,
        { name: 'k/BTCUSDT-4h-2025-01-01.csv', text: klinesCsv({ hours: 12, stepMinutes: 240 }) },
      ],
      { barMinutes: 60 },
    );
    const choice = simulatedMarketOf(mixed.series);
    expect(choice.market.tickTimesMs).toHaveLength(HOURS);
    expect(choice.notes).toEqual([
      'binance-vision BTCUSDT 240m: not played (the simulated collector stores 60-minute bars)',
    ]);
  });
});
