import type { Snapshot } from '../model/index.ts';
import { CountedWindows } from './counted-windows.ts';
import { VenueReadingGate } from './gates/venue-reading-gate.ts';
import { addReading, emptyHistory, type VenueHistory, type VenueReader } from './venue-history.ts';

export type { VenueHistory } from './venue-history.ts';

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

function watchedPartOf(snapshot: Snapshot, part: Snapshot['venues'][number]): TimeInterval[] {
  const window = { fromMs: Date.parse(snapshot.window.from), toMs: Date.parse(snapshot.window.to) };
  const gaps = (part.liquidationGaps ?? []).map((g) => ({
    fromMs: Date.parse(g.from),
    toMs: Date.parse(g.to),
  }));
  return subtractIntervals(window, gaps);
}

/**
 * Splits snapshots into per-venue histories for one asset, through the plausibility gates
 * ({@link VenueReadingGate}): what a gate refuses is left out and listed in `excluded`, with
 * the instruments the collector already refused.
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
      for (const refused of part.refusedInstruments ?? [])
        if (refused.asset === asset)
          readerOf(part.venue).history.excluded.push({
            venue: part.venue,
            symbol: refused.symbol,
            input: 'instrument',
            ...window,
            reason: refused.reason,
          });
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
