import {
  type Bar,
  type ExcludedInput,
  type LiquidationBucket,
  type LiquidationFeedClass,
  sumLiquidationBuckets,
} from '../model/index.ts';
import type { CountedWindows } from './counted-windows.ts';
import type { GatedReading, VenueReadingGate } from './gates/venue-reading-gate.ts';
import { toFundingRate8h } from './normalize-funding.ts';
import type { TimeInterval, VenueTick } from './venue-ticks.ts';

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

/** A venue's history before any snapshot is read. */
export function emptyHistory(venue: string): VenueHistory {
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
    earlier === undefined ? bucket : sumLiquidationBuckets(earlier, bucket),
  );
}

/** The gates and counted time of one venue, kept while its snapshots are read. */
export interface VenueReader {
  history: VenueHistory;
  gate: VenueReadingGate;
  counted: CountedWindows;
}

/**
 * Adds one gated reading to the venue's history: its tick, its bars (later readings win), its
 * liquidation buckets where their time was not counted yet, and what the gates left out.
 */
export function addReading(
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
