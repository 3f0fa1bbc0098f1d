import { InsufficientDataError } from '../errors.ts';
import type { MarketSeries, Snapshot } from '../model/index.ts';
import { type BuildSeriesOptions, buildMarketSeries } from './build-market-series.ts';

/** What {@link buildCoinSeries} built, and the coins it could not. */
export interface CoinSeriesSet {
  series: MarketSeries[];
  /** Coins without a usable bar, with the reason (e.g. every reading failed the gates). */
  missing: Array<{ coin: string; reason: string }>;
}

/**
 * One series per coin from ticks that hold many coins (an all-market collection): the ticks are
 * split by asset once, so each coin's series reads only its own instruments, then each is built
 * with {@link buildMarketSeries}. A coin without a usable bar is named in `missing`, never
 * dropped silently.
 * @example buildCoinSeries(snapshots, ['BTC', 'ETH'], { configuredVenues }).series.map((s) => s.asset)
 */
export function buildCoinSeries(
  snapshots: readonly Snapshot[],
  coins: readonly string[],
  options: BuildSeriesOptions,
): CoinSeriesSet {
  const wanted = new Set(coins);
  const byCoin = new Map<string, Snapshot[]>(coins.map((coin) => [coin, []]));
  for (const snapshot of snapshots) {
    const parts = new Map<string, Snapshot>();
    for (const coin of coins)
      parts.set(coin, {
        ...snapshot,
        venues: snapshot.venues.map((v) => ({
          ...v,
          instruments: [],
          refusedInstruments: v.refusedInstruments?.filter((r) => r.asset === coin),
        })),
      });
    snapshot.venues.forEach((venue, index) => {
      for (const instrument of venue.instruments) {
        if (!wanted.has(instrument.asset)) continue;
        parts.get(instrument.asset)?.venues[index]?.instruments.push(instrument);
      }
    });
    for (const [coin, part] of parts) byCoin.get(coin)?.push(part);
  }
  const series: MarketSeries[] = [];
  const missing: CoinSeriesSet['missing'] = [];
  for (const [coin, coinSnapshots] of byCoin) {
    try {
      series.push(buildMarketSeries(coinSnapshots, coin, options));
    } catch (error) {
      if (!(error instanceof InsufficientDataError)) throw error;
      missing.push({ coin, reason: error.message });
    }
  }
  return { series, missing };
}
