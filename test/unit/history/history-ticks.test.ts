import { describe, expect, it } from 'vitest';
import { simulatedMarketOf } from '../../../lambdas/market/history/history-ticks.ts';
import { buildHistorySeries } from '../../../lambdas/market/history/index.ts';
import { rollupSeriesSource } from '../../../lambdas/use-cases/market-series-source.ts';
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

  it('gives back the history series bar for bar when its rollups are read as the reporter reads them', async () => {
    const source = rollupSeriesSource(market.rollupStore(() => Number.POSITIVE_INFINITY));
    const read = await source.read({
      assets: ['BTC'],
      fromMs: 0,
      toMs: closeOf(HOURS),
      barMinutes: 60,
    });
    const original = series[0]?.series;
    expect(read.series.get('BTC')?.bars).toEqual(original?.bars);
    expect(read.series.get('BTC')?.venues).toEqual(['binanceusdm']);
    expect(read.series.get('BTC')?.gaps).toEqual([]);
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

  it('reads only the bars that had closed when the clock is in the middle of a day', async () => {
    const nowMs = closeOf(20) + 60_000;
    const source = rollupSeriesSource(market.rollupStore(() => nowMs));
    const read = await source.read({
      assets: ['BTC', 'ETH'],
      fromMs: START_MS + 15 * HOUR_MS,
      toMs: START_MS + 40 * HOUR_MS,
      barMinutes: 60,
    });
    const hours = read.series.get('BTC')?.bars.map((b) => (b.openTimeMs - START_MS) / HOUR_MS);
    expect(hours).toEqual([15, 16, 17, 18, 19, 20]);
    expect(read.series.has('ETH')).toBe(false);
    // The next day had no rollup yet: unknown, as a day the collector never wrote.
    expect(read.unknownDays).toEqual([{ day: '2025-01-02', reason: 'no rollup was written' }]);
  });

  it('counts the ticks a read sees, bars opening in [from, to) and closed by the clock', () => {
    const range = { fromMs: START_MS + 15 * HOUR_MS, toMs: START_MS + 17 * HOUR_MS };
    expect(market.visibleSpan(range, Number.POSITIVE_INFINITY)).toEqual({
      fromIndex: 15,
      toIndex: 17,
    });
    expect(market.visibleSpan(range, closeOf(15))).toEqual({ fromIndex: 15, toIndex: 16 });
    expect(market.visibleSpan(range, closeOf(15) - 1)).toEqual({ fromIndex: 15, toIndex: 15 });
  });

  it('refuses writes to its rollups when something tries to store into replayed history', async () => {
    const store = market.rollupStore(() => 0);
    await expect(
      store.put({ schemaVersion: 1, day: '2025-01-01', ticks: [], assets: {} }, null),
    ).rejects.toThrow('read-only');
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
