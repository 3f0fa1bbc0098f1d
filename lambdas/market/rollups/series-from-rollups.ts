import { findSeriesGaps } from '../../analysis/index.ts';
import type {
  DayRollup,
  LiquidationFeedClass,
  MarketSeries,
  RollupBarMinutes,
  SeriesBar,
} from '../../model/index.ts';
import type { Span } from './apply-series-to-day.ts';

const overlaps = (a: Span, b: Span): boolean => a.fromMs < b.toMs && b.fromMs < a.toMs;

/**
 * The market series of `asset` over `range` at `barMinutes`, from day rollups (any order; days
 * that are missing are simply absent). Bars whose open lies in `range` are kept; the time no
 * rollup holds has no bars, so it shows as `gaps` and the detector treats it as unknown (a
 * missing day is never a day without liquidations). Null when no day holds a bar of the asset.
 * @example seriesFromRollups(days, 'BTC', { fromMs, toMs }, 5)?.bars.length
 */
export function seriesFromRollups(
  days: readonly DayRollup[],
  asset: string,
  range: Span,
  barMinutes: RollupBarMinutes,
): MarketSeries | null {
  const parts = [...days]
    .sort((a, b) => a.day.localeCompare(b.day))
    .flatMap((d) => (d.assets[asset] === undefined ? [] : [d.assets[asset]]));
  const barMs = barMinutes * 60_000;
  const bars: SeriesBar[] = parts
    .flatMap((p) => (barMinutes === 5 ? p.bars5m : p.bars1h))
    .filter((b) => b.openTimeMs >= range.fromMs && b.openTimeMs < range.toMs);
  if (bars.length === 0) return null;
  const span = {
    fromMs: bars[0]?.openTimeMs ?? range.fromMs,
    toMs: (bars.at(-1)?.openTimeMs ?? 0) + barMs,
  };
  const feeds: Record<string, LiquidationFeedClass> = {};
  for (const p of parts) Object.assign(feeds, p.liquidationFeeds);
  const venues = [...new Set(parts.flatMap((p) => p.venues))];
  return {
    asset,
    barMinutes,
    simulated: parts.some((p) => p.simulated),
    venues,
    missingVenues: [...new Set(parts.flatMap((p) => p.missingVenues))],
    liquidationFeeds: Object.fromEntries(venues.flatMap((v) => (feeds[v] ? [[v, feeds[v]]] : []))),
    liquidationsEstimated: false,
    bars,
    gaps: findSeriesGaps(
      bars.map((b) => b.openTimeMs),
      barMs,
    ),
    unwatchedLiquidations: parts
      .flatMap((p) => p.unwatchedLiquidations)
      .filter((u) => overlaps(u, span)),
    excludedInputs: parts.flatMap((p) => p.excludedInputs).filter((e) => overlaps(e, span)),
  };
}
