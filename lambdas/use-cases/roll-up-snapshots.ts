import { buildMarketSeries, readMarketBeyond } from '../analysis/index.ts';
import { InsufficientDataError } from '../errors.ts';
import { applySeriesToDay, type Span } from '../market/rollups/apply-series-to-day.ts';
import { applyBeyondToMarketRollup } from '../market/rollups/market-day-rollup.ts';
import { applyHoursToMonth, marketHoursOf } from '../market/rollups/market-history.ts';
import { DAY_MS, dayStartMs, daysCovering, monthOf } from '../market/rollups/rollup-days.ts';
import {
  type MarketRollupStore,
  type RollupStore,
  updateDayRollup,
} from '../market/rollups/rollup-store.ts';
import type { MarketSeries, Snapshot } from '../model/index.ts';
import { MINUTE_MS } from '../shared/time.ts';
import type { SnapshotSource } from './snapshot-source.ts';

const BAR_MS = 5 * MINUTE_MS;

/**
 * Snapshots read before the bars being rolled up. The plausibility gates compare a venue's
 * reading with its last 12 (an hour of ticks) and a bar's price with the bar before, so with
 * 90 minutes of earlier snapshots a bar comes out as it does in a build over all history.
 */
export const ROLLUP_WARMUP_MS = 90 * MINUTE_MS;
/**
 * Snapshots read after: a later tick re-reads the last bars (three bars plus its window), and
 * where bars overlap the later snapshot wins, as in `buildMarketSeries` over all history.
 */
export const ROLLUP_LOOKAHEAD_MS = 30 * MINUTE_MS;

/** What rolling snapshots up needs: where snapshots and rollups are, and what to roll up. */
export interface RollUpInput {
  snapshots: SnapshotSource;
  rollups: RollupStore;
  /** Where the market beyond the assets is rolled up (DESIGN.md §4); absent = not rolled up. */
  marketRollups?: MarketRollupStore | undefined;
  config: { assets: readonly string[]; venues: ReadonlyArray<{ id: string }> };
}

const floorBar = (ms: number): number => Math.floor(ms / BAR_MS) * BAR_MS;
const ceilBar = (ms: number): number => Math.ceil(ms / BAR_MS) * BAR_MS;

/**
 * The bars a snapshot can change: from the first bar it carries (or its counting window, if
 * earlier) to the end of its window, on the 5-minute grid.
 */
export function spanOfSnapshot(snapshot: Snapshot): Span {
  let fromMs = Date.parse(snapshot.window.from);
  for (const venue of snapshot.venues)
    for (const instrument of venue.instruments)
      for (const bar of instrument.perpBars) fromMs = Math.min(fromMs, bar.openTimeMs);
  const toMs = Math.max(Date.parse(snapshot.window.to), Date.parse(snapshot.takenAt));
  return { fromMs: floorBar(fromMs), toMs: ceilBar(toMs) };
}

/** Every configured asset's series built from `snapshots`; assets they hold no bar of are left out. */
function seriesOf(snapshots: readonly Snapshot[], input: RollUpInput): Map<string, MarketSeries> {
  const configuredVenues = input.config.venues.map((v) => v.id);
  const out = new Map<string, MarketSeries>();
  if (snapshots.length === 0) return out;
  for (const asset of input.config.assets) {
    try {
      const series = buildMarketSeries(snapshots, asset, { configuredVenues });
      if (series.barMinutes !== 5)
        throw new InsufficientDataError(
          `Rollups keep 5-minute bars; these snapshots have ${series.barMinutes}-minute bars.`,
        );
      out.set(asset, series);
    } catch (error) {
      // No bar of this asset around the span: its bars there stay unknown.
      if (!(error instanceof InsufficientDataError) || /5-minute/.test(error.message)) throw error;
    }
  }
  return out;
}

/**
 * Rolls the bars of `span` up into the rollups of the days it touches, from the snapshots
 * stored around it (the same `buildMarketSeries` as everywhere, with {@link ROLLUP_WARMUP_MS}
 * before and {@link ROLLUP_LOOKAHEAD_MS} after). Each day is a conditional read-modify-write
 * that re-reads the snapshots after reading the rollup, so concurrent writers never lose a
 * tick; rolling the same span up twice writes nothing the second time.
 * @returns the days whose rollup changed.
 */
export async function rollUpSpan(
  input: RollUpInput,
  span: Span,
  options: { replaceUnreadable?: boolean } = {},
): Promise<string[]> {
  const changed: string[] = [];
  for (const day of daysCovering(span.fromMs, span.toMs)) {
    const start = dayStartMs(day);
    const daySpan = {
      fromMs: Math.max(span.fromMs, start),
      toMs: Math.min(span.toMs, start + DAY_MS),
    };
    const updated = await updateDayRollup(
      input.rollups,
      day,
      async (current) => {
        const snapshots = await input.snapshots.list({
          fromMs: daySpan.fromMs - ROLLUP_WARMUP_MS,
          toMs: daySpan.toMs + ROLLUP_LOOKAHEAD_MS,
        });
        const ticks = snapshots.map((s) => ({
          fromMs: Date.parse(s.window.from),
          toMs: Date.parse(s.window.to),
        }));
        const held = ticks.filter((t) => t.fromMs < daySpan.toMs && t.toMs > daySpan.fromMs);
        return applySeriesToDay(current, day, seriesOf(snapshots, input), daySpan, held);
      },
      options,
    );
    const marketUpdated = await rollUpMarketDay(input, day, daySpan, options);
    const historyUpdated = await rollUpMarketHistory(input, day, daySpan, options);
    if (updated || marketUpdated || historyUpdated) changed.push(day);
  }
  return changed;
}

// The day's market beyond the assets, a read-modify-write of its own object (the detector reads
// the assets' rollups at every run and none of this), from the same snapshots around the span.
async function rollUpMarketDay(
  input: RollUpInput,
  day: string,
  daySpan: Span,
  options: { replaceUnreadable?: boolean },
): Promise<boolean> {
  const store = input.marketRollups;
  if (store === undefined) return false;
  return updateDayRollup(
    store,
    day,
    async (current) => {
      const snapshots = await input.snapshots.list({
        fromMs: daySpan.fromMs - ROLLUP_WARMUP_MS,
        toMs: daySpan.toMs + ROLLUP_LOOKAHEAD_MS,
      });
      return applyBeyondToMarketRollup(current, day, readMarketBeyond(snapshots, 5), daySpan);
    },
    options,
  );
}

// The hours of the span in the month's market history, from the day's two rollups as stored now.
async function rollUpMarketHistory(
  input: RollUpInput,
  day: string,
  daySpan: Span,
  options: { replaceUnreadable?: boolean },
): Promise<boolean> {
  const store = input.marketRollups;
  if (store === undefined) return false;
  const month = monthOf(daySpan.fromMs);
  return updateDayRollup(
    store.history,
    month,
    async (current) => {
      // Read after the month, as updateDayRollup asks: the write that wins saw both days' latest.
      const [assetDay, marketDay] = await Promise.all([input.rollups.get(day), store.get(day)]);
      const hours = marketHoursOf(assetDay?.rollup ?? null, marketDay?.rollup ?? null, daySpan);
      if (current === null && hours.length === 0) return null;
      return applyHoursToMonth(current, month, hours, daySpan);
    },
    options,
  );
}

/**
 * The collector's step after storing a tick: rolls up the bars that tick can change. A
 * repeated tick (same collection window) changes nothing.
 */
export function rollUpTick(input: RollUpInput, snapshot: Snapshot): Promise<string[]> {
  return rollUpSpan(input, spanOfSnapshot(snapshot));
}

/**
 * Rebuilds the rollups of every UTC day in `[fromMs, toMs)` from the stored snapshots, one day
 * at a time (`aftershock rollups rebuild`); idempotent, safe beside a running collector, and
 * the fix for an unreadable rollup (it is replaced, not read).
 * @returns per day, whether its rollup changed.
 */
export async function rebuildRollups(
  input: RollUpInput,
  range: Span,
  onDay?: (day: string, changed: boolean) => void,
): Promise<Array<{ day: string; changed: boolean }>> {
  const out: Array<{ day: string; changed: boolean }> = [];
  for (const day of daysCovering(range.fromMs, range.toMs)) {
    const start = dayStartMs(day);
    const whole = { fromMs: start, toMs: start + DAY_MS };
    // A whole day is rebuilt from its snapshots alone, so an unreadable rollup is replaced.
    const changed = (await rollUpSpan(input, whole, { replaceUnreadable: true })).length > 0;
    onDay?.(day, changed);
    out.push({ day, changed });
  }
  return out;
}
