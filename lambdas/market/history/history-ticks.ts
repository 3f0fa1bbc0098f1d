import type { DayRollup } from '../../model/index.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../shared/time.ts';
import { DAY_ROLLUP_CODEC } from '../rollups/rollup-codec.ts';
import { dayOf, dayStartMs } from '../rollups/rollup-days.ts';
import type { RollupStore, VersionedRollup } from '../rollups/rollup-store.ts';
import { rollupsOfSeries } from '../rollups/rollups-of-series.ts';
import type { HistorySeries } from './build-history-series.ts';

/** A time range `[fromMs, toMs)` in epoch milliseconds. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/**
 * The market as the scheduled system would have seen it, replayed from history files: one
 * collection tick per history bar, taken when the bar closed, kept in day rollups as the
 * collector keeps them. Every question is asked "as of" a moment, and nothing after that
 * moment is ever answered, so a simulation cannot look ahead.
 *
 * This is the one place the time machine gets its market from: the scheduled reporter reads
 * {@link SimulatedMarket.rollupStore} through the live path's own `rollupSeriesSource`.
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
  /**
   * Which ticks a read of the bars opening in `[fromMs, toMs)` sees at `nowMs`, as
   * `[fromIndex, toIndex)` into `tickTimesMs`: two reads that see the same span read the same
   * bars.
   */
  visibleSpan(range: TimeRange, nowMs: number): { fromIndex: number; toIndex: number };
  /**
   * The day rollups as the collector would have left them at `clock()`: a day's bars that had
   * closed by then, no rollup for a day without one. Read-only (`put` throws).
   */
  rollupStore(clock: () => number): RollupStore;
}

/** Which history series a simulation plays, and which it leaves out (and why). */
export interface SimulatedMarketChoice {
  market: SimulatedMarket;
  notes: string[];
}

function venueOf(h: HistorySeries): string {
  return h.series.venues[0] ?? h.source;
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

/**
 * A day's rollup as it stood at `visibleEndMs` (the close of the latest tick by then): its bars
 * that had closed, and its collection windows up to then. Null when nothing of it had.
 */
function rollupAsOf(full: DayRollup, visibleEndMs: number): DayRollup | null {
  const closed = (bars: DayRollup['assets'][string]['bars1h'], barMs: number) =>
    bars.filter((b) => b.openTimeMs + barMs <= visibleEndMs);
  const ticks = full.ticks
    .filter((t) => t.fromMs < visibleEndMs)
    .map((t) => ({ fromMs: t.fromMs, toMs: Math.min(t.toMs, visibleEndMs) }));
  if (ticks.length === 0) return null;
  const assets: DayRollup['assets'] = {};
  for (const [asset, day] of Object.entries(full.assets)) {
    const bars5m = closed(day.bars5m, 5 * MINUTE_MS);
    const bars1h = closed(day.bars1h, HOUR_MS);
    if (bars5m.length > 0 || bars1h.length > 0) assets[asset] = { ...day, bars5m, bars1h };
  }
  return { ...full, ticks, assets };
}

class HistoryMarket implements SimulatedMarket {
  public readonly tickTimesMs: number[];
  public readonly assets: string[];
  public readonly venues: string[];
  private readonly rollups: Map<string, DayRollup>;

  public constructor(
    chosen: readonly HistorySeries[],
    public readonly barMinutes: number,
  ) {
    const barMs = barMinutes * MINUTE_MS;
    const closes = new Set(chosen.flatMap((h) => h.series.bars.map((b) => b.openTimeMs + barMs)));
    this.tickTimesMs = [...closes].sort((a, b) => a - b);
    this.assets = [...new Set(chosen.map((h) => h.series.asset))].sort();
    this.venues = [...new Set(chosen.map(venueOf))].sort();
    this.rollups = new Map(rollupsOfSeries(chosen.map((h) => h.series)).map((r) => [r.day, r]));
  }

  public latestTickAtOrBefore(nowMs: number): number | null {
    const i = lowerBound(this.tickTimesMs, nowMs + 1) - 1;
    return i >= 0 ? (this.tickTimesMs[i] ?? null) : null;
  }

  public nextTickAfter(nowMs: number): number | null {
    return this.tickTimesMs[lowerBound(this.tickTimesMs, nowMs + 1)] ?? null;
  }

  public visibleSpan(range: TimeRange, nowMs: number) {
    // A bar opening in [fromMs, toMs) is the tick taken at its close, one bar later.
    const barMs = this.barMinutes * MINUTE_MS;
    const fromIndex = lowerBound(this.tickTimesMs, range.fromMs + barMs);
    const toIndex = Math.min(
      lowerBound(this.tickTimesMs, range.toMs + barMs),
      lowerBound(this.tickTimesMs, nowMs + 1),
    );
    return { fromIndex, toIndex: Math.max(fromIndex, toIndex) };
  }

  public rollupStore(clock: () => number): RollupStore {
    return {
      get: async (day): Promise<VersionedRollup | null> => {
        const full = this.rollups.get(day);
        const visibleEndMs = this.latestTickAtOrBefore(clock());
        if (full === undefined || visibleEndMs === null) return null;
        // A day whose last tick had been taken is complete; today is cut at the clock.
        const rollup =
          visibleEndMs >= dayStartMs(day) + DAY_MS ? full : rollupAsOf(full, visibleEndMs);
        return rollup === null ? null : { rollup, version: `${day}@${visibleEndMs}` };
      },
      put: async () => {
        throw new Error('The simulated market is replayed history: its rollups are read-only.');
      },
      same: DAY_ROLLUP_CODEC.same,
    };
  }
}

/**
 * Series of one asset that overlap in time an earlier chosen one (two files of one market):
 * a day rollup holds one series per asset, so only the first is played.
 */
function overlapping(series: readonly HistorySeries[]): Set<HistorySeries> {
  const left = new Set<HistorySeries>();
  const kept: HistorySeries[] = [];
  const days = (h: HistorySeries) => new Set(h.series.bars.map((b) => dayOf(b.openTimeMs)));
  for (const h of series) {
    const mine = days(h);
    const clash = kept.some(
      (k) => k.series.asset === h.series.asset && [...days(k)].some((d) => mine.has(d)),
    );
    if (clash) left.add(h);
    else kept.push(h);
  }
  return left;
}

/**
 * The simulated market of imported history: the series at `barMinutes` (one size, as the
 * collector stores one bar size), each bar a tick taken at its close. Series at other bar sizes,
 * and a second series of one asset over the same days, are left out and named in `notes`.
 */
export function simulatedMarketOf(
  all: readonly HistorySeries[],
  barMinutes = 60,
): SimulatedMarketChoice {
  const sized = all.filter((h) => h.series.barMinutes === barMinutes && h.series.bars.length > 0);
  const clashing = overlapping(sized);
  const chosen = sized.filter((h) => !clashing.has(h));
  const notes = all
    .filter((h) => !chosen.includes(h))
    .map((h) =>
      clashing.has(h)
        ? `${h.label}: not played (another ${h.series.asset} series covers the same days)`
        : `${h.label}: not played (the simulated collector stores ${barMinutes}-minute bars)`,
    );
  return { market: new HistoryMarket(chosen, barMinutes), notes };
}
