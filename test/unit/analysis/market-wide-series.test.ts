import { describe, expect, it } from 'vitest';
import {
  buildMarketWideSeries,
  detectMarketFlushes,
  MAX_COIN_OI_SHARE_FACTOR,
} from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import { InsufficientDataError } from '../../../lambdas/errors.ts';
import type { MarketSeries } from '../../../lambdas/model/index.ts';
import { makeBar, makeSeries } from './series-fixtures.ts';
import { type Burst, syntheticFlushSeries } from './synthetic-flush-series.ts';

const detector = configSchema.parse({}).detector;

/**
 * A labelled coin: the synthetic two-day series ($1B of OI, 5-minute bars) scaled by `scale`,
 * with its own bursts. Every coin shares the same calm wiggle, as coins do in a selloff.
 */
function coin(asset: string, scale: number, bursts: Burst[] = []): MarketSeries {
  const base = syntheticFlushSeries(bursts);
  return {
    ...base,
    asset,
    bars: base.bars.map((b) => ({
      ...b,
      oiBase: (b.oiBase ?? 0) * scale,
      oiUsd: (b.oiUsd ?? 0) * scale,
      liqLongUsd: (b.liqLongUsd ?? 0) * scale,
      liqShortUsd: (b.liqShortUsd ?? 0) * scale,
      liqByVenue: {
        bybit: { longUsd: (b.liqLongUsd ?? 0) * scale, shortUsd: (b.liqShortUsd ?? 0) * scale },
      },
    })),
  };
}

/** A 3-bar long flush at bar 600: $10M a bar per $1B of OI, price −1 % a bar. */
const flushAt600: Burst = { atBar: 600, bars: 3, liqPerBarUsd: 10e6, movePerBar: -0.01 };

describe('buildMarketWideSeries', () => {
  it('adds every coin’s liquidations and open interest up at each bar, with per-coin and per-venue parts', () => {
    const btc = makeSeries([
      makeBar(0, {
        liqLongUsd: 5e6,
        liqShortUsd: 1e6,
        oiUsd: 60e9,
        liqByVenue: { bybit: { longUsd: 5e6, shortUsd: 1e6 } },
      }),
    ]);
    const eth = {
      ...makeSeries([
        makeBar(0, {
          liqLongUsd: 2e6,
          liqShortUsd: 0,
          oiUsd: 25e9,
          liqByVenue: { okx: { longUsd: 2e6, shortUsd: 0 } },
        }),
      ]),
      asset: 'ETH',
    };
    const market = buildMarketWideSeries([eth, btc]);
    expect(market.coins, 'largest OI first').toEqual(['BTC', 'ETH']);
    const [bar] = market.bars;
    expect(bar?.liqLongUsd).toBe(7e6);
    expect(bar?.liqShortUsd).toBe(1e6);
    expect(bar?.oiUsd).toBe(85e9);
    expect(bar?.coinsReporting).toBe(2);
    expect(bar?.byCoin.ETH).toEqual({ longUsd: 2e6, shortUsd: 0, oiUsd: 25e9 });
    expect(bar?.byVenue).toEqual({
      bybit: { longUsd: 5e6, shortUsd: 1e6 },
      okx: { longUsd: 2e6, shortUsd: 0 },
    });
  });

  it('moves the price index by the OI-weighted mean log return of the coins', () => {
    // BTC holds 3/4 of the OI and rises 10 %; ETH holds 1/4 and does not move.
    const btc = makeSeries([
      makeBar(0, { close: 100, oiUsd: 30e9 }),
      makeBar(300_000, { close: 110, oiUsd: 30e9 }),
    ]);
    const eth = {
      ...makeSeries([
        makeBar(0, { close: 50, oiUsd: 10e9 }),
        makeBar(300_000, { close: 50, oiUsd: 10e9 }),
      ]),
      asset: 'ETH',
    };
    const index = buildMarketWideSeries([btc, eth]).asAsset.bars;
    expect(index[0]?.close).toBe(100);
    expect(index[1]?.open).toBe(100);
    expect(index[1]?.close).toBeCloseTo(100 * Math.exp(0.75 * Math.log(1.1)), 9);
    expect(index[1]?.high).toBeGreaterThanOrEqual(index[1]?.close ?? Number.POSITIVE_INFINITY);
    expect(index[1]?.low).toBeLessThanOrEqual(index[1]?.open ?? 0);
  });

  it('values open interest at each coin’s first price, so a rally alone does not read as new leverage', () => {
    const btc = makeSeries([
      makeBar(0, { close: 100, oiBase: 1000, oiUsd: 100_000 }),
      makeBar(300_000, { close: 200, oiBase: 1000, oiUsd: 200_000 }),
    ]);
    const [first, second] = buildMarketWideSeries([btc]).asAsset.bars;
    expect(second?.oiUsd, 'OI in USD doubles with the price').toBe(2 * (first?.oiUsd ?? 0));
    expect(second?.oiBase, 'the positions did not change').toBe(first?.oiBase);
  });

  it('counts only the coins with a bar at each time', () => {
    const at = (openTimeMs: number, liqLongUsd: number) =>
      makeBar(openTimeMs, { liqLongUsd, oiUsd: 1e9 });
    const btc = makeSeries([at(0, 1e6), at(300_000, 2e6)]);
    const sol = { ...makeSeries([at(300_000, 3e6)]), asset: 'SOL' };
    const bars = buildMarketWideSeries([btc, sol]).bars;
    expect(bars.map((b) => b.coinsReporting)).toEqual([1, 2]);
    expect(bars.map((b) => b.liqLongUsd)).toEqual([1e6, 5e6]);
  });

  it('says the totals are lower bounds when any coin’s venue has a throttled feed', () => {
    const complete = makeSeries([makeBar(0)]);
    const throttled = {
      ...makeSeries([makeBar(0)]),
      asset: 'ETH',
      liquidationFeeds: { okx: 'throttled' as const },
    };
    expect(buildMarketWideSeries([complete]).liqIsLowerBound).toBe(false);
    const market = buildMarketWideSeries([complete, throttled]);
    expect(market.liqIsLowerBound).toBe(true);
    expect(market.liquidationFeeds).toEqual({ bybit: 'complete', okx: 'throttled' });
  });

  it('leaves out and names a coin whose liquidations in one bar exceed its open interest', () => {
    const btc = makeSeries([makeBar(0, { oiUsd: 60e9, liqLongUsd: 1e6 })]);
    const bad = {
      ...makeSeries([makeBar(0, { oiUsd: 2e6, liqLongUsd: 9e6, liqShortUsd: 1e6 })]),
      asset: 'PUMP',
    };
    const market = buildMarketWideSeries([btc, bad]);
    expect(market.coins).toEqual(['BTC']);
    expect(market.bars[0]?.liqLongUsd, 'none of its $10M counts').toBe(1e6);
    expect(market.excludedCoins).toEqual([
      {
        coin: 'PUMP',
        reason:
          'its liquidations in the bar of 1970-01-01T00:00 UTC read 5.0× its whole open interest',
      },
    ]);
  });

  it(`leaves out and names a coin whose open interest reads over ${MAX_COIN_OI_SHARE_FACTOR}× all other coins’ together`, () => {
    const series = (asset: string, oiUsd: number) => ({
      ...makeSeries([makeBar(0, { oiUsd })]),
      asset,
    });
    const market = buildMarketWideSeries([
      series('BTC', 60e9),
      series('ETH', 25e9),
      series('XYZ', 85e12),
    ]);
    expect(market.coins).toEqual(['BTC', 'ETH']);
    expect(market.excludedCoins).toEqual([
      { coin: 'XYZ', reason: 'its open interest read 1,000× that of all other coins together' },
    ]);
    expect(market.bars[0]?.oiUsd).toBe(85e9);
  });

  it('refuses coins of different bar sizes, no coins, and a market where every coin is absurd', () => {
    const fiveMinutes = makeSeries([makeBar(0)], 5);
    const hourly = { ...makeSeries([makeBar(0)], 60), asset: 'ETH' };
    expect(() => buildMarketWideSeries([fiveMinutes, hourly])).toThrow(
      /mix bar sizes \(ETH has 60 minutes, BTC 5\)/,
    );
    expect(() => buildMarketWideSeries([])).toThrow(InsufficientDataError);
    const absurd = makeSeries([makeBar(0, { oiUsd: 1, liqLongUsd: 10 })]);
    expect(() => buildMarketWideSeries([absurd])).toThrow(
      /Every coin was left out of the market: BTC \(its liquidations/,
    );
  });
});

describe('detectMarketFlushes', () => {
  it('finds one market flush when three coins flush together, and names them by size', () => {
    const market = buildMarketWideSeries([
      coin('SOL', 0.5, [flushAt600]),
      coin('BTC', 6, [flushAt600]),
      coin('ETH', 2.5, [flushAt600]),
    ]);
    const { flushes, series, coinFlushes } = detectMarketFlushes(market, detector);
    expect(Object.values(coinFlushes).map((f) => f.length)).toEqual([1, 1, 1]);
    expect(flushes).toHaveLength(1);
    const [flush] = flushes;
    expect(flush?.event.asset).toBe('Market');
    expect(flush?.event.side).toBe('long');
    // The three bursts ($270M) and the calm bars' few thousand dollars the event spans around them.
    expect(flush?.event.liqLongUsd).toBeGreaterThanOrEqual(9 * 3 * 10e6);
    expect(flush?.event.liqLongUsd).toBeLessThan(9 * 3 * 10e6 * 1.01);
    expect(flush?.coinsInFlush).toEqual(['BTC', 'ETH', 'SOL']);
    expect(flush?.peakBreadth).toBe(3);
    expect(series.bars[600]?.breadth).toBe(3);
    expect(series.bars[100]?.breadth, 'a calm bar').toBe(0);
  });

  it('finds no market flush when one small coin flushes alone', () => {
    const market = buildMarketWideSeries([
      coin('BTC', 6),
      coin('ETH', 2.5),
      coin('PEPE', 0.05, [flushAt600]),
    ]);
    const { flushes, coinFlushes, series } = detectMarketFlushes(market, detector);
    expect(coinFlushes.PEPE, 'the coin flushed on its own scale').toHaveLength(1);
    expect(flushes, 'but $1.5M is 0.02 % of the market’s $8.55B of OI').toEqual([]);
    expect(series.bars[601]?.breadth).toBe(1);
  });

  it('lowers the market’s open interest as flushed coins lose theirs', () => {
    const deep: Burst = { ...flushAt600, oiDropPerBar: 0.05 };
    const market = buildMarketWideSeries([coin('BTC', 6, [deep]), coin('ETH', 2.5, [deep])]);
    const [flush] = detectMarketFlushes(market, detector).flushes;
    expect(flush?.event.oiChangePct).toBeCloseTo(-0.15, 2);
    expect(flush?.event.oiConfirmation).toBe('deep-reset');
    expect(market.bars.at(-1)?.oiUsd).toBeLessThan((market.bars[0]?.oiUsd ?? 0) * 0.9);
  });
});
