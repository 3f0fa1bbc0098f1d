import {
  buildMarketSeries,
  findSeriesGaps,
  readMarketBeyond,
  resampleBars,
} from '../analysis/index.ts';
import { InsufficientDataError } from '../errors.ts';
import { beyondFromRollups } from '../market/rollups/market-day-rollup.ts';
import { RollupDataError } from '../market/rollups/rollup-codec.ts';
import { daysCovering, monthsUpTo } from '../market/rollups/rollup-days.ts';
import type {
  DayStore,
  MarketHistoryStore,
  MarketRollupStore,
  RollupStore,
} from '../market/rollups/rollup-store.ts';
import { seriesFromRollups } from '../market/rollups/series-from-rollups.ts';
import type { MarketBeyond, MarketHour, MarketSeries, RollupBarMinutes } from '../model/index.ts';
import { mapWithConcurrency } from '../shared/concurrency.ts';
import type { SnapshotSource } from './snapshot-source.ts';

/** Which market series to read: assets, bars opening in `[fromMs, toMs)`, bar size. */
export interface MarketSeriesRequest {
  assets: readonly string[];
  fromMs: number;
  toMs: number;
  barMinutes: RollupBarMinutes;
  /** Read the market beyond the assets too (the digest's market does; the detector does not). */
  beyond?: boolean;
}

/** A day the source has no data for; its time has no bars (unknown, never zero). */
export interface UnknownDay {
  day: string;
  reason: string;
}

/** What a source returns: a series per asset that has at least one bar, and the unknown days. */
export interface MarketSeriesRead {
  series: Map<string, MarketSeries>;
  /** The market beyond the assets over the range (DESIGN.md §4); null where no tick read it. */
  beyond: MarketBeyond | null;
  /**
   * With `beyond`, the market's stored hourly history before `toMs` (up to
   * {@link HISTORY_MONTHS} months), for ranking an event; empty where none is stored.
   */
  history: MarketHour[];
  unknownDays: UnknownDay[];
}

/**
 * One log line naming the days a read found no data for (their time is a gap, not a calm),
 * consecutive days with the same reason joined into one range.
 * @example describeUnknownDays([{ day: '2026-03-01', reason: 'no rollup was written' }, { day: '2026-03-02', reason: 'no rollup was written' }])
 * // 'market data unknown (treated as gaps) on 2026-03-01..2026-03-02: no rollup was written'
 */
export function describeUnknownDays(days: readonly UnknownDay[]): string {
  const runs: Array<{ from: string; to: string; reason: string }> = [];
  for (const { day, reason } of days) {
    const last = runs.at(-1);
    const next = last && new Date(Date.parse(`${last.to}T00:00:00Z`) + 86_400_000);
    if (last && next?.toISOString().slice(0, 10) === day && last.reason === reason) last.to = day;
    else runs.push({ from: day, to: day, reason });
  }
  const parts = runs.map((r) => `${r.from === r.to ? r.from : `${r.from}..${r.to}`}: ${r.reason}`);
  return `market data unknown (treated as gaps) on ${parts.join('; ')}`;
}

/** Months of market history a report ranks its day against (two years). */
export const HISTORY_MONTHS = 24;

/**
 * Where the scheduled reporter's market series come from (DESIGN.md §8 "The live path is the
 * evaluated path"): day rollups in AWS and locally ({@link rollupSeriesSource}), stored
 * snapshots ({@link snapshotSeriesSource}), or history files. Time no source holds has no
 * bars, so it is a gap in the series and the detector treats it as unknown.
 */
export interface MarketSeriesSource {
  read(request: MarketSeriesRequest): Promise<MarketSeriesRead>;
}

/** Day rollups read at once (well under the SDK's default socket pool of 50). */
const READ_CONCURRENCY = 16;

/**
 * Each day's object of `store`, read in parallel; a day without one, or whose object is
 * unreadable, is null and (with `unknown`) named with the reason.
 */
async function readDays<T extends object>(
  store: DayStore<T>,
  days: readonly string[],
  unknown?: UnknownDay[],
): Promise<T[]> {
  const read = await mapWithConcurrency(days, READ_CONCURRENCY, async (day) => {
    try {
      const stored = await store.get(day);
      if (stored === null) unknown?.push({ day, reason: 'no rollup was written' });
      return stored?.rollup ?? null;
    } catch (error) {
      if (!(error instanceof RollupDataError)) throw error;
      unknown?.push({ day, reason: error.message });
      return null;
    }
  });
  return read.filter((r): r is T => r !== null);
}

/**
 * Series from day rollups: one object per UTC day in the range, read in parallel, shared by
 * every asset (a month is ~31 reads). A day without a rollup, or whose rollup is unreadable,
 * is unknown and named in `unknownDays` (with the reason), never read as a quiet day. Asked
 * for it, the market beyond the assets comes from `marketStore`'s days (a day without one had
 * no tick that read the market).
 */
export function rollupSeriesSource(
  store: RollupStore,
  marketStore?: MarketRollupStore,
): MarketSeriesSource {
  return {
    async read(request) {
      const days = daysCovering(request.fromMs, request.toMs);
      const unknownDays: UnknownDay[] = [];
      const [rollups, marketDays] = await Promise.all([
        readDays(store, days, unknownDays),
        request.beyond === true && marketStore !== undefined
          ? readDays(marketStore, days)
          : Promise.resolve([]),
      ]);
      const series = new Map<string, MarketSeries>();
      for (const asset of request.assets) {
        const s = seriesFromRollups(rollups, asset, request, request.barMinutes);
        if (s !== null) series.set(asset, s);
      }
      unknownDays.sort((a, b) => a.day.localeCompare(b.day));
      const beyond = beyondFromRollups(marketDays, request, request.barMinutes);
      const history =
        request.beyond === true && marketStore !== undefined
          ? await readHistory(marketStore.history, request.toMs, unknownDays)
          : [];
      return { series, beyond, history, unknownDays };
    },
  };
}

/**
 * The market's hours before `toMs` from its stored months. History stops after an unreadable
 * month (named in `unknown`): a rank must not reach past hours it could not read.
 */
async function readHistory(
  store: MarketHistoryStore,
  toMs: number,
  unknown: UnknownDay[],
): Promise<MarketHour[]> {
  const months = monthsUpTo(toMs - 1, HISTORY_MONTHS);
  const read = await mapWithConcurrency(months, READ_CONCURRENCY, async (month) => {
    try {
      return (await store.get(month))?.rollup.hours ?? [];
    } catch (error) {
      if (!(error instanceof RollupDataError)) throw error;
      unknown.push({ day: month, reason: `market history: ${error.message}` });
      return null;
    }
  });
  const lastUnreadable = read.lastIndexOf(null);
  return read
    .slice(lastUnreadable + 1)
    .flatMap((hours) => hours ?? [])
    .filter((h) => h.hourMs < toMs);
}

/**
 * Series built from stored snapshots by `buildMarketSeries` (hourly bars resampled from them):
 * for tests, scenarios and local runs without rollups. Reads every snapshot of the range, so
 * it is no way to read a month in AWS.
 */
export function snapshotSeriesSource(
  snapshots: SnapshotSource,
  configuredVenues: readonly string[],
): MarketSeriesSource {
  return {
    async read(request) {
      const stored = await snapshots.list({ fromMs: request.fromMs, toMs: request.toMs });
      const series = new Map<string, MarketSeries>();
      for (const asset of request.assets) {
        if (stored.length === 0) break;
        try {
          const built = buildMarketSeries(stored, asset, {
            configuredVenues: [...configuredVenues],
          });
          const bars =
            request.barMinutes === built.barMinutes
              ? built.bars
              : resampleBars(built.bars, request.barMinutes);
          const inRange = bars.filter(
            (b) => b.openTimeMs >= request.fromMs && b.openTimeMs < request.toMs,
          );
          if (inRange.length === 0) continue;
          const gaps = findSeriesGaps(
            inRange.map((b) => b.openTimeMs),
            request.barMinutes * 60_000,
          );
          series.set(asset, { ...built, barMinutes: request.barMinutes, bars: inRange, gaps });
        } catch (error) {
          if (!(error instanceof InsufficientDataError)) throw error;
        }
      }
      const beyond = request.beyond === true ? readMarketBeyond(stored, request.barMinutes) : null;
      // The snapshots read are all the history there is: the series carry it.
      return { series, beyond, history: [], unknownDays: [] };
    },
  };
}
