import type { MarketSeries, Snapshot, UnwatchedLiquidations } from '../model/index.ts';

function windowOf(snapshot: Snapshot): { fromMs: number; toMs: number } {
  return { fromMs: Date.parse(snapshot.window.from), toMs: Date.parse(snapshot.window.to) };
}

/** Venues that listened to a liquidation feed for `asset` in any snapshot. */
function venuesWithFeed(snapshots: readonly Snapshot[], asset: string): Set<string> {
  const venues = new Set<string>();
  for (const snapshot of snapshots)
    for (const part of snapshot.venues)
      if (
        part.status !== 'failed' &&
        part.liquidationFeed !== 'none' &&
        part.instruments.some((i) => i.asset === asset)
      )
        venues.add(part.venue);
  return venues;
}

/** Per venue, overlapping or touching intervals merged; ordered by start, then venue. */
function mergeByVenue(intervals: UnwatchedLiquidations[]): UnwatchedLiquidations[] {
  const sorted = [...intervals].sort(
    (a, b) => a.venue.localeCompare(b.venue) || a.fromMs - b.fromMs,
  );
  const merged: UnwatchedLiquidations[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && last.venue === interval.venue && interval.fromMs <= last.toMs)
      last.toMs = Math.max(last.toMs, interval.toMs);
    else merged.push({ ...interval });
  }
  return merged.sort((a, b) => a.fromMs - b.fromMs || a.venue.localeCompare(b.venue));
}

/**
 * When the liquidation feeds of `asset` were not listened to, per venue: the parts of a tick's
 * window its collector recorded as unwatched (`liquidationGaps`), and the time between two
 * ticks whose counting windows do not meet (a tick that failed or never ran), for every venue
 * with a feed. A venue missing from a whole tick is not listed: `missingVenues` covers it.
 * @example findUnwatchedLiquidations([tickAt10, tickAt20], 'BTC') // [{ venue: 'bybit', fromMs: <10:05>, toMs: <10:15> }] when 10:05–10:15 had no tick
 */
export function findUnwatchedLiquidations(
  snapshots: readonly Snapshot[],
  asset: string,
): UnwatchedLiquidations[] {
  const feeds = venuesWithFeed(snapshots, asset);
  const ordered = [...snapshots].sort((a, b) => windowOf(a).fromMs - windowOf(b).fromMs);
  const intervals: UnwatchedLiquidations[] = [];
  let watchedToMs: number | null = null;
  for (const snapshot of ordered) {
    const { fromMs, toMs } = windowOf(snapshot);
    if (watchedToMs !== null && fromMs > watchedToMs)
      for (const venue of feeds) intervals.push({ venue, fromMs: watchedToMs, toMs: fromMs });
    watchedToMs = Math.max(watchedToMs ?? toMs, toMs);
    for (const part of snapshot.venues) {
      if (!feeds.has(part.venue) || part.status === 'failed') continue;
      for (const gap of part.liquidationGaps ?? [])
        intervals.push({
          venue: part.venue,
          fromMs: Date.parse(gap.from),
          toMs: Date.parse(gap.to),
        });
    }
  }
  return mergeByVenue(intervals.filter((interval) => interval.toMs > interval.fromMs));
}

/** Whether any unwatched interval overlaps `[fromMs, toMs)`. */
export function unwatchedWithin(
  unwatched: readonly UnwatchedLiquidations[],
  range: { fromMs: number; toMs: number },
): boolean {
  return unwatched.some((u) => u.fromMs < range.toMs && u.toMs > range.fromMs);
}

/**
 * Whether liquidations reported over `[fromMs, toMs)` are only a lower bound: a venue was
 * missing, a feed is throttled or absent, or a feed went unwatched then. Estimated
 * liquidations are an estimate, not a bound.
 * @example liquidationsAreLowerBound(series, { fromMs: flush.startMs, toMs: closeMs })
 */
export function liquidationsAreLowerBound(
  series: MarketSeries,
  range: { fromMs: number; toMs: number },
): boolean {
  if (series.liquidationsEstimated) return false;
  return (
    series.missingVenues.length > 0 ||
    Object.values(series.liquidationFeeds).some((feed) => feed !== 'complete') ||
    unwatchedWithin(series.unwatchedLiquidations, range)
  );
}
