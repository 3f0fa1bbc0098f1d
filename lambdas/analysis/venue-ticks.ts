import type { Bar, LiquidationBucket, LiquidationFeedClass, Snapshot } from '../model/index.ts';
import { toFundingRate8h } from './normalize-funding.ts';

/** What one venue said about one asset at one collection tick. */
export interface VenueTick {
  takenAtMs: number;
  oiBase: number | null;
  oiUsd: number | null;
  fundingRate8h: number | null;
  /** (mark − index) / index, or null without both prices. */
  premium: number | null;
}

/** A half-open time interval `[fromMs, toMs)`. */
export interface TimeInterval {
  fromMs: number;
  toMs: number;
}

/**
 * `interval` without the parts covered by `holes`.
 * @example subtractIntervals({ fromMs: 0, toMs: 10 }, [{ fromMs: 2, toMs: 4 }]) // [{ fromMs: 0, toMs: 2 }, { fromMs: 4, toMs: 10 }]
 */
export function subtractIntervals(
  interval: TimeInterval,
  holes: readonly TimeInterval[],
): TimeInterval[] {
  let pieces = [interval];
  for (const hole of holes) {
    pieces = pieces.flatMap((p) => {
      if (hole.toMs <= p.fromMs || hole.fromMs >= p.toMs) return [p];
      return [
        { fromMs: p.fromMs, toMs: hole.fromMs },
        { fromMs: hole.toMs, toMs: p.toMs },
      ].filter((piece) => piece.toMs > piece.fromMs);
    });
  }
  return pieces;
}

/** Everything one venue reported for one asset across all snapshots, deduplicated. */
export interface VenueHistory {
  venue: string;
  feed: LiquidationFeedClass;
  /** Ticks in time order. */
  ticks: VenueTick[];
  perpBars: Map<number, Bar>;
  spotBars: Map<number, Bar>;
  liquidations: Map<number, LiquidationBucket>;
  /**
   * When the venue's liquidation feed was listened to: each tick's counting window minus the
   * gaps it recorded. A bar outside all of them has unknown liquidations, not zero.
   */
  watched: TimeInterval[];
  /** Number of snapshots in which the venue was absent, failed or lacked the asset. */
  absentTicks: number;
}

function emptyHistory(venue: string): VenueHistory {
  return {
    venue,
    feed: 'none',
    ticks: [],
    perpBars: new Map(),
    spotBars: new Map(),
    liquidations: new Map(),
    watched: [],
    absentTicks: 0,
  };
}

function premiumOf(mark: number | null, index: number | null): number | null {
  if (mark === null || index === null || index <= 0) return null;
  return (mark - index) / index;
}

// Each tick counts liquidations only inside its own window and windows never overlap, so two
// ticks listening within the same bar each hold part of it: the bar's total is their sum.
function addBucket(buckets: Map<number, LiquidationBucket>, bucket: LiquidationBucket): void {
  const earlier = buckets.get(bucket.openTimeMs);
  buckets.set(
    bucket.openTimeMs,
    earlier === undefined
      ? bucket
      : {
          openTimeMs: bucket.openTimeMs,
          longUsd: earlier.longUsd + bucket.longUsd,
          longCount: earlier.longCount + bucket.longCount,
          shortUsd: earlier.shortUsd + bucket.shortUsd,
          shortCount: earlier.shortCount + bucket.shortCount,
        },
  );
}

function watchedPartOf(snapshot: Snapshot, part: Snapshot['venues'][number]): TimeInterval[] {
  const window = { fromMs: Date.parse(snapshot.window.from), toMs: Date.parse(snapshot.window.to) };
  const gaps = (part.liquidationGaps ?? []).map((g) => ({
    fromMs: Date.parse(g.from),
    toMs: Date.parse(g.to),
  }));
  return subtractIntervals(window, gaps);
}

/**
 * Splits snapshots into per-venue histories for one asset. Snapshots are
 * applied in `takenAt` order, so where bars overlap the later snapshot wins;
 * liquidation buckets of the same bar are summed instead (each snapshot counts
 * only its own, non-overlapping window).
 * A venue `failed` in a snapshot contributes nothing for that tick. Where a
 * venue lists several instruments of the asset, the first one is used.
 */
export function collectVenueHistories(
  snapshots: readonly Snapshot[],
  asset: string,
  configuredVenues: readonly string[],
): Map<string, VenueHistory> {
  const histories = new Map<string, VenueHistory>();
  for (const venue of configuredVenues) histories.set(venue, emptyHistory(venue));
  const ordered = [...snapshots].sort((a, b) => Date.parse(a.takenAt) - Date.parse(b.takenAt));
  for (const snapshot of ordered) {
    const takenAtMs = Date.parse(snapshot.takenAt);
    const seen = new Set<string>();
    for (const part of snapshot.venues) {
      const instrument = part.instruments.find((i) => i.asset === asset);
      if (part.status === 'failed' || instrument === undefined) continue;
      let history = histories.get(part.venue);
      if (history === undefined) {
        history = emptyHistory(part.venue);
        histories.set(part.venue, history);
      }
      seen.add(part.venue);
      history.feed = part.liquidationFeed;
      history.ticks.push({
        takenAtMs,
        oiBase: instrument.openInterest?.base ?? null,
        oiUsd: instrument.openInterest?.usd ?? null,
        fundingRate8h: instrument.funding
          ? toFundingRate8h(instrument.funding.rate, instrument.funding.intervalHours)
          : null,
        premium: premiumOf(instrument.markPrice, instrument.indexPrice),
      });
      for (const bar of instrument.perpBars) history.perpBars.set(bar.openTimeMs, bar);
      for (const bar of instrument.spotBars ?? []) history.spotBars.set(bar.openTimeMs, bar);
      for (const bucket of instrument.liquidations) addBucket(history.liquidations, bucket);
      if (part.liquidationFeed !== 'none') history.watched.push(...watchedPartOf(snapshot, part));
    }
    for (const history of histories.values())
      if (!seen.has(history.venue)) history.absentTicks += 1;
  }
  return histories;
}
