import { resampleBars } from '../../analysis/index.ts';
import {
  type AssetDayRollup,
  type DayRollup,
  type MarketSeries,
  ROLLUP_SCHEMA_VERSION,
  type SeriesBar,
} from '../../model/index.ts';
import { DAY_MS, dayStartMs } from './rollup-days.ts';

/** A half-open time interval `[fromMs, toMs)`. */
export interface Span {
  fromMs: number;
  toMs: number;
}

const inSpan = (ms: number, span: Span): boolean => ms >= span.fromMs && ms < span.toMs;

/** Intervals joined where they overlap or touch, in time order. */
export function mergeIntervals(intervals: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const interval of [...intervals].sort((a, b) => a.fromMs - b.fromMs)) {
    const last = merged.at(-1);
    if (last !== undefined && interval.fromMs <= last.toMs)
      last.toMs = Math.max(last.toMs, interval.toMs);
    else if (interval.toMs > interval.fromMs)
      merged.push({ fromMs: interval.fromMs, toMs: interval.toMs });
  }
  return merged;
}

const union = (a: readonly string[], b: readonly string[]): string[] =>
  [...new Set([...a, ...b])].sort();

function emptyAsset(): AssetDayRollup {
  return {
    simulated: false,
    venues: [],
    missingVenues: [],
    liquidationFeeds: {},
    unwatchedLiquidations: [],
    excludedInputs: [],
    bars5m: [],
    bars1h: [],
  };
}

/** A fresh rollup of `day` that holds nothing yet (every bar of it unknown). */
export function emptyDayRollup(day: string): DayRollup {
  return { schemaVersion: ROLLUP_SCHEMA_VERSION, day, ticks: [], assets: {} };
}

/**
 * The asset's day with its bars, unwatched times and left-out inputs inside `span` replaced by
 * those of `series` (built from the stored snapshots around `span`), and its hourly bars
 * re-derived from the 5-minute ones. Only what starts inside `span` is replaced, so a tick
 * touches only the bars its snapshot could change.
 */
function applyToAsset(current: AssetDayRollup, series: MarketSeries, span: Span): AssetDayRollup {
  const keep = <T extends { fromMs: number }>(items: readonly T[]) =>
    items.filter((i) => !inSpan(i.fromMs, span));
  const take = <T extends { fromMs: number }>(items: readonly T[]) =>
    items.filter((i) => inSpan(i.fromMs, span));
  const bars5m: SeriesBar[] = [
    ...current.bars5m.filter((b) => !inSpan(b.openTimeMs, span)),
    ...series.bars.filter((b) => inSpan(b.openTimeMs, span)),
  ].sort((a, b) => a.openTimeMs - b.openTimeMs);
  const byTime = (a: { fromMs: number }, b: { fromMs: number }) => a.fromMs - b.fromMs;
  return {
    simulated: current.simulated || series.simulated,
    venues: union(current.venues, series.venues),
    missingVenues: union(current.missingVenues, series.missingVenues),
    liquidationFeeds: { ...current.liquidationFeeds, ...series.liquidationFeeds },
    unwatchedLiquidations: [
      ...keep(current.unwatchedLiquidations),
      ...take(series.unwatchedLiquidations),
    ].sort(byTime),
    excludedInputs: [...keep(current.excludedInputs), ...take(series.excludedInputs)].sort(byTime),
    bars5m,
    bars1h: resampleBars(bars5m, 60),
  };
}

function withoutSpan(current: AssetDayRollup, span: Span): AssetDayRollup {
  const bars5m = current.bars5m.filter((b) => !inSpan(b.openTimeMs, span));
  return { ...current, bars5m, bars1h: resampleBars(bars5m, 60) };
}

/**
 * `day`'s rollup after the series of each asset, built from the snapshots around `span`, was
 * applied to it, and after the collection `ticks` (their counting windows) were marked as held.
 * Pure and deterministic: the same series and span give the same rollup, so re-applying a
 * tick is a no-op.
 * @throws Error when a series is not at 5-minute bars (rollups keep 5 minutes and 1 hour).
 */
export function applySeriesToDay(
  current: DayRollup | null,
  day: string,
  seriesByAsset: ReadonlyMap<string, MarketSeries>,
  span: Span,
  ticks: readonly Span[],
): DayRollup {
  const start = dayStartMs(day);
  const clipped = {
    fromMs: Math.max(span.fromMs, start),
    toMs: Math.min(span.toMs, start + DAY_MS),
  };
  const base = current ?? emptyDayRollup(day);
  const assets = { ...base.assets };
  // An asset the snapshots around the span hold no bar of: its bars there are unknown now.
  for (const [asset, rollup] of Object.entries(assets))
    if (!seriesByAsset.has(asset)) assets[asset] = withoutSpan(rollup, clipped);
  for (const [asset, series] of seriesByAsset) {
    if (series.barMinutes !== 5)
      throw new Error(
        `Rollups keep 5-minute bars; the ${asset} series has ${series.barMinutes}-minute bars.`,
      );
    assets[asset] = applyToAsset(assets[asset] ?? emptyAsset(), series, clipped);
  }
  const dayTicks = ticks
    .map((t) => ({ fromMs: Math.max(t.fromMs, start), toMs: Math.min(t.toMs, start + DAY_MS) }))
    .filter((t) => t.toMs > t.fromMs);
  const sortedAssets = Object.fromEntries(
    Object.entries(assets).sort(([a], [b]) => a.localeCompare(b)),
  );
  return { ...base, ticks: mergeIntervals([...base.ticks, ...dayTicks]), assets: sortedAssets };
}
