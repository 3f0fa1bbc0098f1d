import { describe, expect, it } from 'vitest';
import { buildMarketSeries } from '../../../lambdas/analysis/index.ts';
import { InsufficientDataError } from '../../../lambdas/errors.ts';
import type { Snapshot } from '../../../lambdas/model/index.ts';
import { makeSnapshot } from './series-fixtures.ts';

const M5 = 300_000;
const T0 = Date.UTC(2026, 2, 1);
const venues = ['binanceusdm', 'bybit'];

/** `snapshot` with its counting window set to `[fromMs, toMs)`. */
function withWindow(snapshot: Snapshot, fromMs: number, toMs: number): Snapshot {
  return {
    ...snapshot,
    window: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
  };
}

describe('buildMarketSeries', () => {
  it('lets the later snapshot win where bars overlap', () => {
    const early = makeSnapshot(T0 + 2 * M5, [
      { venue: 'bybit', price: 100, barOpenTimesMs: [T0, T0 + M5] },
    ]);
    const late = makeSnapshot(T0 + 3 * M5, [
      { venue: 'bybit', price: 110, barOpenTimesMs: [T0 + M5, T0 + 2 * M5] },
    ]);
    const series = buildMarketSeries([late, early], 'BTC', { configuredVenues: ['bybit'] });
    expect(series.bars.map((b) => b.close)).toEqual([100, 110, 110]);
  });

  it('records a gap instead of inventing bars', () => {
    const a = makeSnapshot(T0 + M5, [{ venue: 'bybit', barOpenTimesMs: [T0] }]);
    const b = makeSnapshot(T0 + 4 * M5, [{ venue: 'bybit', barOpenTimesMs: [T0 + 3 * M5] }]);
    const series = buildMarketSeries([a, b], 'BTC', { configuredVenues: ['bybit'] });
    expect(series.bars).toHaveLength(2);
    expect(series.gaps).toEqual([{ fromMs: T0 + M5, toMs: T0 + 3 * M5 }]);
  });

  it('sums OI, normalises funding to 8h and weights it by OI', () => {
    const snap = makeSnapshot(T0 + M5, [
      { venue: 'binanceusdm', oiBase: 300, funding: { rate: 0.0001, intervalHours: 8 } },
      { venue: 'bybit', oiBase: 100, funding: { rate: 0.0001, intervalHours: 1 } },
    ]);
    const [bar] = buildMarketSeries([snap], 'BTC', { configuredVenues: venues }).bars;
    expect(bar?.oiBase).toBe(400);
    expect(bar?.oiUsd).toBe(40_000);
    // 0.0001/8h weighted 3:1 with 0.0008/8h.
    expect(bar?.fundingRate8h).toBeCloseTo((3 * 0.0001 + 0.0008) / 4, 12);
  });

  it('keeps the open interest of the venues with a liquidation feed apart, unknown when one of them gives none', () => {
    const withHyperliquid = ['binanceusdm', 'bybit', 'hyperliquid'];
    const snap = makeSnapshot(T0 + M5, [
      { venue: 'binanceusdm', feed: 'throttled', oiBase: 300 },
      { venue: 'bybit', feed: 'complete', oiBase: 100 },
      { venue: 'hyperliquid', feed: 'none', oiBase: 50 },
    ]);
    const [bar] = buildMarketSeries([snap], 'BTC', { configuredVenues: withHyperliquid }).bars;
    expect(bar?.oiUsd, 'every venue').toBe(45_000);
    expect(bar?.fedOiUsd, 'Hyperliquid, without a feed, left out').toBe(40_000);
    const silent = makeSnapshot(T0 + M5, [
      { venue: 'binanceusdm', feed: 'throttled', oiBase: 300 },
      { venue: 'bybit', feed: 'complete', oiBase: null },
      { venue: 'hyperliquid', feed: 'none', oiBase: 50 },
    ]);
    const [partial] = buildMarketSeries([silent], 'BTC', {
      configuredVenues: withHyperliquid,
    }).bars;
    expect(partial?.oiUsd).toBe(35_000);
    expect(partial?.fedOiUsd, 'not a part passing for the whole').toBeNull();
  });

  it('computes premium, USD volume and taker delta from the venue payloads', () => {
    const snap = makeSnapshot(T0 + M5, [
      { venue: 'bybit', price: 100, markPrice: 101, spot: true },
    ]);
    const [bar] = buildMarketSeries([snap], 'BTC', { configuredVenues: ['bybit'] }).bars;
    expect(bar?.premium).toBeCloseTo(0.01, 12);
    expect(bar?.perpVolumeUsd).toBe(1000);
    expect(bar?.spotVolumeUsd).toBe(1000);
    expect(bar?.perpTakerDeltaUsd, '(2·6 − 10) × 100').toBe(200);
  });

  it('leaves taker delta and spot volume null where the venue does not publish them', () => {
    const snap = makeSnapshot(T0 + M5, [{ venue: 'bybit', takerBuyBase: null }]);
    const [bar] = buildMarketSeries([snap], 'BTC', { configuredVenues: ['bybit'] }).bars;
    expect(bar?.perpTakerDeltaUsd).toBeNull();
    expect(bar?.spotVolumeUsd).toBeNull();
  });

  it('sums liquidations over venues with a feed and gives null when none has one', () => {
    const withFeeds = makeSnapshot(T0 + M5, [
      { venue: 'binanceusdm', feed: 'throttled', liqLongUsd: 5 },
      { venue: 'bybit', feed: 'complete', liqLongUsd: 7 },
    ]);
    const [bar] = buildMarketSeries([withFeeds], 'BTC', { configuredVenues: venues }).bars;
    expect(bar?.liqLongUsd).toBe(12);
    expect(bar?.liqByVenue.bybit).toEqual({ longUsd: 7, shortUsd: 0 });
    const noFeed = makeSnapshot(T0 + M5, [{ venue: 'bybit', feed: 'none' }]);
    const [blind] = buildMarketSeries([noFeed], 'BTC', { configuredVenues: ['bybit'] }).bars;
    expect(blind?.liqLongUsd, 'no feed is unknown, not zero').toBeNull();
  });

  it('sums the liquidations two ticks of one venue counted in the same bar', () => {
    // Two ticks inside the bar at T0: each counted its own half of the bar's liquidations.
    const first = withWindow(
      makeSnapshot(T0 + 2 * M5, [{ venue: 'bybit', liqLongUsd: 5, barOpenTimesMs: [T0] }]),
      T0,
      T0 + M5 / 2,
    );
    const second = withWindow(
      makeSnapshot(T0 + 2 * M5 + 1_000, [{ venue: 'bybit', liqLongUsd: 7, barOpenTimesMs: [T0] }]),
      T0 + M5 / 2,
      T0 + M5,
    );
    const series = buildMarketSeries([second, first], 'BTC', { configuredVenues: ['bybit'] });
    expect(series.bars[0]?.liqLongUsd, "neither tick's part is lost").toBe(12);
    expect(series.bars[0]?.liqByVenue.bybit).toEqual({ longUsd: 12, shortUsd: 0 });
  });

  it('drops coverage and names the venue when one fails, using its last known OI as weight', () => {
    const ok = makeSnapshot(T0 + M5, [
      { venue: 'binanceusdm', oiBase: 300, barOpenTimesMs: [T0] },
      { venue: 'bybit', oiBase: 100, barOpenTimesMs: [T0] },
    ]);
    const failed = makeSnapshot(T0 + 2 * M5, [
      { venue: 'binanceusdm', status: 'failed' },
      { venue: 'bybit', oiBase: 100, barOpenTimesMs: [T0 + M5] },
    ]);
    const series = buildMarketSeries([ok, failed], 'BTC', { configuredVenues: venues });
    expect(series.bars.map((b) => b.coverage)).toEqual([1, 0.25]);
    expect(series.missingVenues).toEqual(['binanceusdm']);
    expect(series.bars[1]?.oiBase, 'only reporting venues are summed').toBe(100);
  });

  it('counts a configured venue never seen with the average share of the others', () => {
    const snap = makeSnapshot(T0 + M5, [
      { venue: 'binanceusdm', oiBase: 300 },
      { venue: 'bybit', oiBase: 100 },
    ]);
    const series = buildMarketSeries([snap], 'BTC', { configuredVenues: [...venues, 'okx'] });
    expect(series.bars[0]?.coverage).toBeCloseTo(400 / 600, 12);
    expect(series.missingVenues).toEqual(['okx']);
  });

  it('forward-fills OI from the latest tick at or before the bar close', () => {
    const first = makeSnapshot(T0 + M5, [
      { venue: 'bybit', oiBase: 100, barOpenTimesMs: [T0, T0 + M5] },
    ]);
    const series = buildMarketSeries([first], 'BTC', { configuredVenues: ['bybit'] });
    expect(series.bars[0]?.oiBase).toBe(100);
    expect(series.bars[1]?.oiBase, 'no later tick: the last OI carries forward').toBe(100);
  });

  it('takes OI and funding for the last bar from a tick that came less than a bar after it', () => {
    // One live tick 30 s after the last bar closed: without it that bar would have no OI at all.
    const tick = makeSnapshot(T0 + M5 + 30_000, [
      { venue: 'bybit', oiBase: 100, barOpenTimesMs: [T0 - M5, T0] },
    ]);
    const series = buildMarketSeries([tick], 'BTC', { configuredVenues: ['bybit'] });
    expect(series.bars.map((b) => b.oiBase)).toEqual([null, 100]);
    expect(series.bars[1]?.fundingRate8h).toBeCloseTo(0.0001, 12);
  });

  it('leaves liquidations unknown for bars no tick listened to', () => {
    // The tick's counting window covers only the second bar; the first came from the bar lookback.
    const snapshot = makeSnapshot(T0 + 2 * M5, [
      { venue: 'bybit', liqLongUsd: 7, barOpenTimesMs: [T0 - 2 * M5, T0 + M5] },
    ]);
    const series = buildMarketSeries(
      [{ ...snapshot, window: { from: new Date(T0 + M5).toISOString(), to: snapshot.takenAt } }],
      'BTC',
      { configuredVenues: ['bybit'] },
    );
    expect(series.bars[0]?.liqLongUsd, 'before listening began: unknown, not $0').toBeNull();
    expect(series.bars[0]?.liqByVenue).toEqual({});
    expect(series.bars[1]?.liqLongUsd).toBe(7);
  });

  it('marks the series simulated when any snapshot is', () => {
    const snap = makeSnapshot(T0 + M5, [{ venue: 'bybit' }], true);
    expect(buildMarketSeries([snap], 'BTC', { configuredVenues: ['bybit'] }).simulated).toBe(true);
  });

  it('throws InsufficientDataError without snapshots or without bars of the asset', () => {
    expect(() => buildMarketSeries([], 'BTC', { configuredVenues: [] })).toThrow(
      InsufficientDataError,
    );
    const snap = makeSnapshot(T0 + M5, [{ venue: 'bybit' }]);
    expect(() => buildMarketSeries([snap], 'ETH', { configuredVenues: ['bybit'] })).toThrow(
      InsufficientDataError,
    );
  });
});
