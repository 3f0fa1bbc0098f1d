import { describe, expect, it } from 'vitest';
import {
  buildMarketSeries,
  findUnwatchedLiquidations,
  unwatchedWithin,
} from '../../../lambdas/analysis/index.ts';
import { subtractIntervals } from '../../../lambdas/analysis/venue-ticks.ts';
import type { Snapshot } from '../../../lambdas/model/index.ts';
import { makeSnapshot } from './series-fixtures.ts';

const M5 = 300_000;
const T0 = Date.UTC(2026, 2, 1);
const iso = (ms: number) => new Date(ms).toISOString();

/** A tick whose counting window is [fromMs, fromMs + 5 min), Binance and Bybit both listening. */
function tick(fromMs: number, gaps: Record<string, Array<[number, number]>> = {}): Snapshot {
  const snapshot = makeSnapshot(fromMs + M5, [
    { venue: 'binanceusdm', feed: 'throttled' },
    { venue: 'bybit', feed: 'complete' },
    { venue: 'hyperliquid', feed: 'none' },
  ]);
  return {
    ...snapshot,
    window: { from: iso(fromMs), to: iso(fromMs + M5) },
    venues: snapshot.venues.map((v) => {
      const venueGaps = gaps[v.venue];
      return venueGaps
        ? {
            ...v,
            liquidationGaps: venueGaps.map(([from, to]) => ({ from: iso(from), to: iso(to) })),
          }
        : v;
    }),
  };
}

describe('findUnwatchedLiquidations', () => {
  it('finds nothing when windows meet and every feed was listened to throughout', () => {
    expect(findUnwatchedLiquidations([tick(T0), tick(T0 + M5), tick(T0 + 2 * M5)], 'BTC')).toEqual(
      [],
    );
  });

  it('lists the time between two ticks whose windows do not meet, for every venue with a feed', () => {
    const unwatched = findUnwatchedLiquidations([tick(T0 + 2 * M5), tick(T0)], 'BTC');
    expect(unwatched, 'a missed tick leaves 5 minutes nobody listened to').toEqual([
      { venue: 'binanceusdm', fromMs: T0 + M5, toMs: T0 + 2 * M5 },
      { venue: 'bybit', fromMs: T0 + M5, toMs: T0 + 2 * M5 },
    ]);
    expect(
      unwatched.some((u) => u.venue === 'hyperliquid'),
      'a venue without a feed never listened, so nothing went unwatched',
    ).toBe(false);
  });

  it('lists the gaps a tick recorded inside its own window, merged where they touch', () => {
    const unwatched = findUnwatchedLiquidations(
      [
        tick(T0, { bybit: [[T0 + M5 - 4_000, T0 + M5]] }),
        tick(T0 + M5, { bybit: [[T0 + M5, T0 + M5 + 2_000]] }),
      ],
      'BTC',
    );
    expect(unwatched).toEqual([{ venue: 'bybit', fromMs: T0 + M5 - 4_000, toMs: T0 + M5 + 2_000 }]);
  });

  it('leaves out venues that do not quote the asset', () => {
    expect(findUnwatchedLiquidations([tick(T0), tick(T0 + 2 * M5)], 'DOGE')).toEqual([]);
  });
});

describe('subtractIntervals', () => {
  it('cuts holes out of an interval and drops what is left empty', () => {
    expect(
      subtractIntervals({ fromMs: 0, toMs: 10 }, [
        { fromMs: 2, toMs: 4 },
        { fromMs: 8, toMs: 12 },
      ]),
    ).toEqual([
      { fromMs: 0, toMs: 2 },
      { fromMs: 4, toMs: 8 },
    ]);
    expect(subtractIntervals({ fromMs: 0, toMs: 10 }, [{ fromMs: -1, toMs: 11 }])).toEqual([]);
  });
});

describe('unwatchedWithin', () => {
  const unwatched = [{ venue: 'bybit', fromMs: 100, toMs: 200 }];

  it('is true when an unwatched stretch overlaps the range', () => {
    expect(unwatchedWithin(unwatched, { fromMs: 150, toMs: 400 })).toBe(true);
  });

  it('is false when the stretch only touches the range', () => {
    expect(unwatchedWithin(unwatched, { fromMs: 200, toMs: 400 }), 'ranges are half-open').toBe(
      false,
    );
  });
});

describe('buildMarketSeries unwatched liquidations', () => {
  it('carries the unwatched stretches of contributing venues', () => {
    const series = buildMarketSeries([tick(T0), tick(T0 + 2 * M5)], 'BTC', {
      configuredVenues: ['binanceusdm', 'bybit', 'hyperliquid'],
    });
    expect(series.unwatchedLiquidations.map((u) => u.venue)).toEqual(['binanceusdm', 'bybit']);
  });
});
