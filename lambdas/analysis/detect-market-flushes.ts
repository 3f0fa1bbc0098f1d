import type { DetectorConfig } from '../config.ts';
import type { FlushEvent, MarketWideSeries } from '../model/index.ts';
import { detectFlushes, type LevelSettings } from './detect-flushes.ts';

/** A flush of the whole market, with the coins that flushed inside it. */
export interface MarketFlush {
  /** The flush as the one detector found it on the market read as one asset. */
  event: FlushEvent;
  /** Coins whose own series flushed during the market's flush, most liquidated first. */
  coinsInFlush: string[];
  /** Most coins in a flush at once during the market's flush. */
  peakBreadth: number;
}

/** What {@link detectMarketFlushes} finds. */
export interface MarketFlushes {
  /** The input series with `breadth` filled in on every bar. */
  series: MarketWideSeries;
  flushes: MarketFlush[];
  /** Each coin's own flushes (the same detector on its own series). */
  coinFlushes: Record<string, FlushEvent[]>;
}

const overlaps = (a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }) =>
  a.startMs <= b.endMs && b.startMs <= a.endMs;

/**
 * Market flushes with the same relative trigger as one asset's (DESIGN.md §4, §5): the one
 * detector runs on the market read as one asset (`series.asAsset`) and on each coin's own
 * series. A bar's breadth is how many coins were inside one of their own flushes then; a market
 * flush lists the coins whose flush overlapped it, the most liquidated during it first.
 * @example detectMarketFlushes(buildMarketWideSeries(coins), config.detector).flushes[0]?.coinsInFlush
 */
export function detectMarketFlushes(
  series: MarketWideSeries,
  config: DetectorConfig,
  levels?: LevelSettings,
): MarketFlushes {
  const coinFlushes: Record<string, FlushEvent[]> = {};
  for (const coin of series.coinSeries)
    coinFlushes[coin.asset] = detectFlushes(coin, config, levels);
  const barMs = series.barMinutes * 60_000;
  const bars = series.bars.map((bar) => {
    const span = { startMs: bar.openTimeMs, endMs: bar.openTimeMs + barMs - 1 };
    const breadth = Object.values(coinFlushes).filter((events) =>
      events.some((e) => overlaps({ startMs: e.startMs, endMs: e.endMs + barMs - 1 }, span)),
    ).length;
    return { ...bar, breadth };
  });
  const withBreadth = { ...series, bars };
  const flushes = detectFlushes(series.asAsset, config, levels).map((event) => {
    const span = { startMs: event.startMs, endMs: event.endMs + barMs - 1 };
    const inside = bars.filter((b) => b.openTimeMs >= event.startMs && b.openTimeMs <= event.endMs);
    const liquidatedUsd = (coin: string) =>
      inside.reduce(
        (sum, b) => sum + (b.byCoin[coin]?.longUsd ?? 0) + (b.byCoin[coin]?.shortUsd ?? 0),
        0,
      );
    const coinsInFlush = Object.entries(coinFlushes)
      .filter(([, events]) =>
        events.some((e) => overlaps({ startMs: e.startMs, endMs: e.endMs + barMs - 1 }, span)),
      )
      .map(([coin]) => coin)
      .sort((a, b) => liquidatedUsd(b) - liquidatedUsd(a));
    return {
      event,
      coinsInFlush,
      peakBreadth: inside.reduce((most, b) => Math.max(most, b.breadth), 0),
    };
  });
  return { series: withBreadth, flushes, coinFlushes };
}
