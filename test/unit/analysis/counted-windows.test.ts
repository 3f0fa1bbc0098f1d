import { describe, expect, it } from 'vitest';
import { CountedWindows } from '../../../lambdas/analysis/counted-windows.ts';
import { buildMarketSeries } from '../../../lambdas/analysis/index.ts';
import type { MarketSeries, Snapshot } from '../../../lambdas/model/index.ts';
import { scenarioSeries } from '../scenarios/scenario-series.ts';
import { M5, T0, tick } from './gate-fixtures.ts';

function liquidatedUsd(series: MarketSeries): number {
  return series.bars.reduce((sum, b) => sum + (b.liqLongUsd ?? 0) + (b.liqShortUsd ?? 0), 0);
}

function tickUsd(snapshot: Snapshot): number {
  return snapshot.venues
    .flatMap((v) => v.instruments)
    .flatMap((i) => i.liquidations)
    .reduce((sum, b) => sum + b.longUsd + b.shortUsd, 0);
}

describe('the same counting window stored twice', () => {
  it('counts the scenario’s largest tick once when it is stored again 2 s later', () => {
    const { scenario, series } = scenarioSeries('long-flush-reclaim');
    const largest = [...scenario.snapshots].sort((a, b) => tickUsd(b) - tickUsd(a))[0];
    if (largest === undefined) throw new Error('the scenario has no ticks');
    const again = {
      ...largest,
      takenAt: new Date(Date.parse(largest.takenAt) + 2_000).toISOString(),
    };
    const twice = buildMarketSeries([...scenario.snapshots, again], scenario.asset, {
      configuredVenues: scenario.configuredVenues,
    });
    expect(Math.round(tickUsd(largest) / 1e5) / 10, 'the tick holds $83.7M').toBe(83.7);
    expect(Math.round(liquidatedUsd(series) / 1e5) / 10, 'the scenario: $837.3M').toBe(837.3);
    expect(liquidatedUsd(twice), 'not $921.0M (+10 %) as before').toBe(liquidatedUsd(series));
    expect(twice.bars).toEqual(series.bars);
  });

  it('drops the later tick’s buckets of the bars two overlapping windows share, and keeps the rest', () => {
    // Window A counts bars 0 and 1; window B, [5, 15) minutes, counts bar 1 again and bar 2.
    const a = tick(0, [{ venue: 'bybit', liqLongUsd: 5, barOpenTimesMs: [T0, T0 + M5] }]);
    const b = tick(1, [{ venue: 'bybit', liqLongUsd: 11, barOpenTimesMs: [T0 + M5, T0 + 2 * M5] }]);
    const windowOf = (fromMs: number, toMs: number) => ({
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
    });
    const series = buildMarketSeries(
      [
        { ...a, window: windowOf(T0, T0 + 2 * M5) },
        { ...b, window: windowOf(T0 + M5, T0 + 3 * M5) },
      ],
      'BTC',
      { configuredVenues: ['bybit'] },
    );
    expect(
      series.bars.map((bar) => bar.liqLongUsd),
      'bar 1 from A only',
    ).toEqual([5, 5, 11]);
  });
});

describe('CountedWindows', () => {
  it('sees time already counted but not time that only touches it', () => {
    const counted = new CountedWindows();
    counted.add([{ fromMs: 0, toMs: 10 }]);
    const listened = [{ fromMs: 5, toMs: 20 }];
    expect(counted.alreadyCounted({ fromMs: 5, toMs: 15 }, listened)).toBe(true);
    expect(counted.alreadyCounted({ fromMs: 10, toMs: 15 }, listened)).toBe(false);
    expect(counted.alreadyCounted({ fromMs: 0, toMs: 5 }, listened), 'not listened then').toBe(
      false,
    );
  });

  it('keeps windows added out of order merged', () => {
    const counted = new CountedWindows();
    counted.add([
      { fromMs: 20, toMs: 30 },
      { fromMs: 0, toMs: 10 },
      { fromMs: 10, toMs: 20 },
    ]);
    expect(counted.alreadyCounted({ fromMs: 25, toMs: 26 }, [{ fromMs: 0, toMs: 40 }])).toBe(true);
    expect(counted.alreadyCounted({ fromMs: 30, toMs: 40 }, [{ fromMs: 0, toMs: 40 }])).toBe(false);
  });
});
