import type { MarketSeries, SeriesBar, Snapshot } from '../../../lambdas/model/index.ts';

/** A flat series bar at `openTimeMs` with every input present; override what the test is about. */
export function makeBar(openTimeMs: number, overrides: Partial<SeriesBar> = {}): SeriesBar {
  return {
    openTimeMs,
    open: 100,
    high: 101,
    low: 99,
    close: 100,
    oiBase: 1000,
    oiUsd: 100_000,
    fedOiUsd: null,
    fundingRate8h: 0.0001,
    premium: 0,
    perpVolumeUsd: 1000,
    spotVolumeUsd: 250,
    perpTakerDeltaUsd: 0,
    spotTakerDeltaUsd: 0,
    liqLongUsd: 0,
    liqShortUsd: 0,
    liqByVenue: {},
    coverage: 1,
    ...overrides,
  };
}

/** Flat bars at the given closes (open = close, high/low ± 0.5), one per `barMinutes`. */
export function barsFromCloses(
  closes: readonly number[],
  barMinutes: number,
  startMs = 0,
): SeriesBar[] {
  return closes.map((close, i) =>
    makeBar(startMs + i * barMinutes * 60_000, {
      open: close,
      close,
      high: close + 0.5,
      low: close - 0.5,
    }),
  );
}

/** Wraps bars into a series. */
export function makeSeries(bars: SeriesBar[], barMinutes = 5): MarketSeries {
  return {
    asset: 'BTC',
    barMinutes,
    simulated: true,
    venues: ['bybit'],
    missingVenues: [],
    liquidationFeeds: { bybit: 'complete' },
    liquidationsEstimated: false,
    bars,
    gaps: [],
    unwatchedLiquidations: [],
    excludedInputs: [],
  };
}

/** Options of one venue in a hand-made snapshot. */
export interface VenuePart {
  venue: string;
  status?: 'ok' | 'failed';
  feed?: 'complete' | 'throttled' | 'none';
  /** Null: the venue gave no open interest. */
  oiBase?: number | null;
  price?: number;
  funding?: { rate: number; intervalHours: number };
  markPrice?: number;
  barOpenTimesMs?: number[];
  liqLongUsd?: number;
  takerBuyBase?: number | null;
  spot?: boolean;
}

/** A minimal valid snapshot taken at `takenAtMs` with 5-minute bars. */
export function makeSnapshot(takenAtMs: number, parts: VenuePart[], simulated = false): Snapshot {
  return {
    schemaVersion: 1,
    takenAt: new Date(takenAtMs).toISOString(),
    window: {
      from: new Date(takenAtMs - 600_000).toISOString(),
      to: new Date(takenAtMs).toISOString(),
    },
    barMinutes: 5,
    simulated,
    venues: parts.map((p) => {
      const price = p.price ?? 100;
      const bars = (p.barOpenTimesMs ?? [takenAtMs - 300_000]).map((openTimeMs) => ({
        openTimeMs,
        open: price,
        high: price + 1,
        low: price - 1,
        close: price,
        volumeBase: 10,
        takerBuyVolumeBase: p.takerBuyBase === undefined ? 6 : p.takerBuyBase,
      }));
      if (p.status === 'failed') {
        return {
          venue: p.venue,
          status: 'failed' as const,
          error: 'NetworkError',
          liquidationFeed: p.feed ?? 'complete',
          instruments: [],
        };
      }
      return {
        venue: p.venue,
        status: 'ok' as const,
        liquidationFeed: p.feed ?? 'complete',
        instruments: [
          {
            symbol: 'BTC/USDT:USDT',
            asset: 'BTC',
            openInterest:
              p.oiBase === null ? null : { base: p.oiBase ?? 100, usd: (p.oiBase ?? 100) * price },
            funding: p.funding ?? { rate: 0.0001, intervalHours: 8 },
            markPrice: p.markPrice ?? price,
            indexPrice: price,
            perpBars: bars,
            spotBars: p.spot ? bars : null,
            liquidations:
              p.feed === 'none'
                ? []
                : bars.map((b) => ({
                    openTimeMs: b.openTimeMs,
                    longUsd: p.liqLongUsd ?? 0,
                    longCount: 0,
                    shortUsd: 0,
                    shortCount: 0,
                  })),
          },
        ],
      };
    }),
  };
}
