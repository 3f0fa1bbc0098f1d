import type {
  Bar,
  ExcludedInput,
  LiquidationBucket,
  LiquidationFeedClass,
  Snapshot,
} from '../model/index.ts';
import { CountedWindows } from './counted-windows.ts';
import { type GatedReading, VenueReadingGate } from './gates/venue-reading-gate.ts';
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
  /** The instrument's ccxt symbol (the first seen), null before any. */
  symbol: string | null;
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
  /** Bars whose liquidations a plausibility gate left out: unknown for this venue, not zero. */
  unknownLiquidations: Set<number>;
  /** Inputs the plausibility gates left out, in the order they were read. */
  excluded: ExcludedInput[];
  /** Number of snapshots in which the venue was absent, failed or lacked the asset. */
  absentTicks: number;
}

function emptyHistory(venue: string): VenueHistory {
  return {
    venue,
    symbol: null,
    feed: 'none',
    ticks: [],
    perpBars: new Map(),
    spotBars: new Map(),
    liquidations: new Map(),
    watched: [],
    unknownLiquidations: new Set(),
    excluded: [],
    absentTicks: 0,
  };
}

function premiumOf(mark: number | null, index: number | null): number | null {
  if (mark === null || index === null || index <= 0) return null;
  return (mark - index) / index;
}

// Each tick counts liquidations only inside its own window, so two ticks listening within the
// same bar each hold part of it: the bar's total is their sum (a repeated window is dropped
// before this, see CountedWindows).
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

/** The gates and counted time of one venue, kept while its snapshots are read. */
interface VenueReader {
  history: VenueHistory;
  gate: VenueReadingGate;
  counted: CountedWindows;
}

function addReading(
  reader: VenueReader,
  reading: GatedReading,
  takenAtMs: number,
  listened: TimeInterval[],
  barMs: number,
): void {
  const { history, counted } = reader;
  history.ticks.push({
    takenAtMs,
    oiBase: reading.openInterest?.base ?? null,
    oiUsd: reading.openInterest?.usd ?? null,
    fundingRate8h: reading.funding
      ? toFundingRate8h(reading.funding.rate, reading.funding.intervalHours)
      : null,
    premium: premiumOf(reading.markPrice, reading.indexPrice),
  });
  for (const bar of reading.perpBars) history.perpBars.set(bar.openTimeMs, bar);
  for (const bar of reading.spotBars) history.spotBars.set(bar.openTimeMs, bar);
  for (const bucket of reading.liquidations) {
    const bar = { fromMs: bucket.openTimeMs, toMs: bucket.openTimeMs + barMs };
    if (!counted.alreadyCounted(bar, listened)) addBucket(history.liquidations, bucket);
  }
  for (const openTimeMs of reading.unknownLiquidationBars)
    history.unknownLiquidations.add(openTimeMs);
  counted.add(listened);
  history.watched.push(...listened);
  history.excluded.push(...reading.excluded);
}

/**
 * Splits snapshots into per-venue histories for one asset, through the plausibility gates
 * ({@link VenueReadingGate}): what a gate refuses is left out and listed in `excluded`.
 * Snapshots are applied in `takenAt` order, so where bars overlap the later snapshot wins;
 * liquidation buckets of the same bar are summed instead (each snapshot counts only its own
 * window), and a window already counted is not counted again ({@link CountedWindows}).
 * A venue `failed` in a snapshot contributes nothing for that tick. Where a
 * venue lists several instruments of the asset, the first one is used.
 */
export function collectVenueHistories(
  snapshots: readonly Snapshot[],
  asset: string,
  configuredVenues: readonly string[],
): Map<string, VenueHistory> {
  const readers = new Map<string, VenueReader>();
  const barMs = (snapshots[0]?.barMinutes ?? 5) * 60_000;
  const readerOf = (venue: string): VenueReader => {
    const existing = readers.get(venue);
    if (existing !== undefined) return existing;
    const reader = {
      history: emptyHistory(venue),
      gate: new VenueReadingGate(venue, barMs),
      counted: new CountedWindows(),
    };
    readers.set(venue, reader);
    return reader;
  };
  for (const venue of configuredVenues) readerOf(venue);
  const ordered = [...snapshots].sort((a, b) => Date.parse(a.takenAt) - Date.parse(b.takenAt));
  for (const snapshot of ordered) {
    const window = {
      fromMs: Date.parse(snapshot.window.from),
      toMs: Date.parse(snapshot.window.to),
    };
    const seen = new Set<string>();
    for (const part of snapshot.venues) {
      const instrument = part.instruments.find((i) => i.asset === asset);
      if (part.status === 'failed' || instrument === undefined) continue;
      const reader = readerOf(part.venue);
      seen.add(part.venue);
      reader.history.feed = part.liquidationFeed;
      reader.history.symbol ??= instrument.symbol;
      const listened = part.liquidationFeed === 'none' ? [] : watchedPartOf(snapshot, part);
      const reading = reader.gate.gate(instrument, window);
      addReading(reader, reading, Date.parse(snapshot.takenAt), listened, barMs);
    }
    for (const { history } of readers.values())
      if (!seen.has(history.venue)) history.absentTicks += 1;
  }
  return new Map([...readers].map(([venue, reader]) => [venue, reader.history]));
}
