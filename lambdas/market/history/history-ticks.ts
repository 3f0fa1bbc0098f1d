import type {
  InstrumentSnapshot,
  MarketSeries,
  SeriesBar,
  Snapshot,
  VenueSnapshot,
} from '../../model/index.ts';
import { SNAPSHOT_SCHEMA_VERSION } from '../../model/index.ts';
import type { HistorySeries } from './build-history-series.ts';

/** A time range `[fromMs, toMs)` in epoch milliseconds (the use cases' `SnapshotRange`). */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** The scheduled reporter's stored-snapshot port (the use cases' `SnapshotSource`). */
export interface TickSource {
  list(range: TimeRange): Promise<Snapshot[]>;
}

/**
 * The market as the scheduled system would have seen it, replayed from history files: one
 * collection tick per history bar, taken when the bar closed. Every question is asked "as of"
 * a moment, and nothing after that moment is ever answered, so a simulation cannot look ahead.
 *
 * This is the one place the time machine gets its market from. Today the scheduled reporter
 * reads collection snapshots, so the ticks are snapshots; a reporter that reads rollups or a
 * series port is fed from {@link SimulatedMarket.seriesAsOf} instead.
 */
export interface SimulatedMarket {
  /** Assets the history covers, e.g. `['BTC']`. */
  assets: string[];
  /** Where the ticks come from, e.g. `coinglass-aggregate` (replayed history, not a live venue). */
  venues: string[];
  barMinutes: number;
  /** Close of every bar, oldest first: when a tick became visible to the detector. */
  tickTimesMs: readonly number[];
  /** The latest tick visible at `nowMs` (taken at or before it), or null before the first. */
  latestTickAtOrBefore(nowMs: number): number | null;
  /** The first tick taken after `nowMs`, or null after the last: when the data next changes. */
  nextTickAfter(nowMs: number): number | null;
  /** Snapshots taken in `[fromMs, toMs)` (as the snapshot stores list) and not after `nowMs`, oldest first. */
  snapshotsAsOf(range: TimeRange, nowMs: number): Snapshot[];
  /**
   * Which ticks {@link snapshotsAsOf} answers with, as `[fromIndex, toIndex)` into
   * `tickTimesMs`: two calls that return the same span return the same snapshots.
   */
  visibleSpan(range: TimeRange, nowMs: number): { fromIndex: number; toIndex: number };
  /**
   * The stored-snapshot port of the scheduled reporter, seeing only what had been collected by
   * `clock()`: a run at simulated time t that asks for later snapshots gets none.
   */
  snapshotSource(clock: () => number): TickSource;
  /** An asset's history bars that closed in `(fromMs, toMs]` and not after `nowMs`. */
  seriesAsOf(asset: string, range: TimeRange, nowMs: number): MarketSeries | null;
}

/** Which history series a simulation plays, and which it leaves out (and why). */
export interface SimulatedMarketChoice {
  market: SimulatedMarket;
  notes: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function venueOf(h: HistorySeries): string {
  return h.series.venues[0] ?? h.source;
}

function instrumentOf(h: HistorySeries, bar: SeriesBar, venue: string): InstrumentSnapshot {
  const liq =
    bar.liqByVenue[venue] ??
    (bar.liqLongUsd === null && bar.liqShortUsd === null
      ? null
      : { longUsd: bar.liqLongUsd ?? 0, shortUsd: bar.liqShortUsd ?? 0 });
  return {
    symbol: h.symbol,
    asset: h.series.asset,
    openInterest:
      bar.oiBase === null || bar.oiUsd === null ? null : { base: bar.oiBase, usd: bar.oiUsd },
    funding: bar.fundingRate8h === null ? null : { rate: bar.fundingRate8h, intervalHours: 8 },
    markPrice: null,
    indexPrice: null,
    perpBars: [
      {
        openTimeMs: bar.openTimeMs,
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        // History files without volume (CoinGlass) read as no volume rather than a guess.
        volumeBase: bar.perpVolumeUsd === null ? 0 : bar.perpVolumeUsd / bar.close,
        takerBuyVolumeBase: null,
      },
    ],
    spotBars: null,
    liquidations:
      liq === null
        ? []
        : [
            {
              openTimeMs: bar.openTimeMs,
              longUsd: liq.longUsd,
              longCount: 0,
              shortUsd: liq.shortUsd,
              shortCount: 0,
            },
          ],
  };
}

/** Collection ticks of the chosen series: one per bar close, every series' bar of that close in it. */
function buildTicks(chosen: readonly HistorySeries[], barMinutes: number): Snapshot[] {
  const barMs = barMinutes * 60_000;
  const byClose = new Map<number, VenueSnapshot[]>();
  for (const h of chosen) {
    const venue = venueOf(h);
    const feed = h.series.liquidationFeeds[venue] ?? 'none';
    for (const bar of h.series.bars) {
      const closeMs = bar.openTimeMs + barMs;
      const parts = byClose.get(closeMs) ?? [];
      parts.push({
        venue,
        status: 'ok',
        liquidationFeed: feed,
        instruments: [instrumentOf(h, bar, venue)],
      });
      byClose.set(closeMs, parts);
    }
  }
  return [...byClose.entries()]
    .sort(([a], [b]) => a - b)
    .map(([closeMs, venues]) => ({
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      takenAt: iso(closeMs),
      window: { from: iso(closeMs - barMs), to: iso(closeMs) },
      barMinutes,
      simulated: false,
      venues,
    }));
}

/** Index of the first element of `sorted` that is ≥ `value` (its length when none is). */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class HistoryMarket implements SimulatedMarket {
  public readonly tickTimesMs: number[];
  public readonly assets: string[];
  public readonly venues: string[];

  public constructor(
    private readonly chosen: readonly HistorySeries[],
    public readonly barMinutes: number,
    private readonly ticks: readonly Snapshot[],
  ) {
    this.tickTimesMs = ticks.map((t) => Date.parse(t.takenAt));
    this.assets = [...new Set(chosen.map((h) => h.series.asset))].sort();
    this.venues = [...new Set(chosen.map(venueOf))].sort();
  }

  public latestTickAtOrBefore(nowMs: number): number | null {
    const i = lowerBound(this.tickTimesMs, nowMs + 1) - 1;
    return i >= 0 ? (this.tickTimesMs[i] ?? null) : null;
  }

  public nextTickAfter(nowMs: number): number | null {
    return this.tickTimesMs[lowerBound(this.tickTimesMs, nowMs + 1)] ?? null;
  }

  public visibleSpan(range: TimeRange, nowMs: number) {
    const fromIndex = lowerBound(this.tickTimesMs, range.fromMs);
    const toIndex = Math.min(
      lowerBound(this.tickTimesMs, range.toMs),
      lowerBound(this.tickTimesMs, nowMs + 1),
    );
    return { fromIndex, toIndex: Math.max(fromIndex, toIndex) };
  }

  public snapshotsAsOf(range: TimeRange, nowMs: number): Snapshot[] {
    const { fromIndex, toIndex } = this.visibleSpan(range, nowMs);
    return this.ticks.slice(fromIndex, toIndex);
  }

  public snapshotSource(clock: () => number): TickSource {
    return { list: async (range) => this.snapshotsAsOf(range, clock()) };
  }

  public seriesAsOf(asset: string, range: TimeRange, nowMs: number): MarketSeries | null {
    const barMs = this.barMinutes * 60_000;
    const parts = this.chosen.filter((h) => h.series.asset === asset);
    const endMs = Math.min(range.toMs, nowMs);
    const bars = parts
      .flatMap((h) => h.series.bars)
      .filter((b) => b.openTimeMs + barMs > range.fromMs && b.openTimeMs + barMs <= endMs)
      .sort((a, b) => a.openTimeMs - b.openTimeMs);
    const first = parts[0];
    if (first === undefined || bars.length === 0) return null;
    const from = bars[0]?.openTimeMs ?? 0;
    return {
      ...first.series,
      venues: [...new Set(parts.map(venueOf))],
      liquidationFeeds: Object.assign({}, ...parts.map((h) => h.series.liquidationFeeds)),
      bars,
      gaps: parts
        .flatMap((h) => h.series.gaps)
        .filter((g) => g.toMs > from && g.fromMs < endMs)
        .sort((a, b) => a.fromMs - b.fromMs),
    };
  }
}

/**
 * The simulated market of imported history: the series at `barMinutes` (one size, as the
 * collector stores one bar size), each bar a tick taken at its close. Series at other bar sizes
 * are left out and named in `notes`.
 */
export function simulatedMarketOf(
  all: readonly HistorySeries[],
  barMinutes = 60,
): SimulatedMarketChoice {
  const chosen = all.filter((h) => h.series.barMinutes === barMinutes && h.series.bars.length > 0);
  const notes = all
    .filter((h) => !chosen.includes(h))
    .map(
      (h) => `${h.label}: not played (the simulated collector stores ${barMinutes}-minute bars)`,
    );
  return {
    market: new HistoryMarket(chosen, barMinutes, buildTicks(chosen, barMinutes)),
    notes,
  };
}
