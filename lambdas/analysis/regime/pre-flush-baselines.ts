import type { SeriesBar } from '../../model/index.ts';
import { medianAndMad } from '../order-statistics.ts';
import { median } from '../robust-stats.ts';

const HOUR_MS = 3_600_000;

/** The asset's own usual levels before a flush, that the aftermath is judged against. */
export interface PreFlushBaselines {
  /** Median and MAD of funding (8h) over the baseline days; null without funding then. */
  fundingMedian8h: number | null;
  fundingMad8h: number | null;
  /** Median of the hourly spot/perp volume ratios over the 30 days before; null without any. */
  spotPerpHourlyMedian: number | null;
}

/**
 * What a series' baselines are computed from, built once per bar array: clock-hour runs with
 * their spot and perp volume sums (as `resampleBars` would sum them), and memos of the windows
 * already asked for. Every checkpoint of a flush asks for the same pre-flush window, so it is
 * measured once, not four times over 30 days of bars.
 */
interface SeriesIndex {
  /** Index one past the last bar of each bar's clock-hour run. */
  hourRunEnd: Int32Array;
  /** Spot/perp ratio of the whole run starting at that bar (NaN where none, or not a run start). */
  hourRunRatio: Float64Array;
  hasSpot: boolean;
  /** Each bar's funding (8h), NaN where missing or not finite. */
  fundingRates: Float64Array;
  funding: Map<string, { median: number; mad: number } | null>;
  spotPerp: Map<string, number | null>;
}

/** Series bars are never changed once built, so an index stays valid as long as its bars live. */
const INDEXES = new WeakMap<readonly SeriesBar[], SeriesIndex>();

/** Running spot and perp volume sums of one clock hour, null-aware as `resampleBars` sums. */
class HourSums {
  spot = 0;
  perp = 0;
  anySpot = false;
  anyPerp = false;

  add(bar: SeriesBar): void {
    if (bar.spotVolumeUsd !== null) {
      this.spot += bar.spotVolumeUsd;
      this.anySpot = true;
    }
    if (bar.perpVolumeUsd !== null) {
      this.perp += bar.perpVolumeUsd;
      this.anyPerp = true;
    }
  }

  /** Spot ÷ perp of the hour; NaN unless both volumes are there, finite, and perp is positive. */
  ratio(): number {
    if (!this.anySpot || !this.anyPerp || !Number.isFinite(this.spot)) return Number.NaN;
    return Number.isFinite(this.perp) && this.perp > 0 ? this.spot / this.perp : Number.NaN;
  }
}

/** Spot ÷ perp volume of bars [from, to) taken as one hourly bar; NaN when it has none. */
function hourRatio(bars: readonly SeriesBar[], from: number, to: number): number {
  const sums = new HourSums();
  for (let i = from; i < to; i += 1) sums.add(bars[i] as SeriesBar);
  return sums.ratio();
}

/**
 * One pass over the bars: a series of a million bars is half a gigabyte of objects, so every
 * pass over it costs tens of milliseconds in memory reads alone.
 */
function buildIndex(bars: readonly SeriesBar[]): SeriesIndex {
  const n = bars.length;
  const hourRunEnd = new Int32Array(n);
  const hourRunRatio = new Float64Array(n).fill(Number.NaN);
  const fundingRates = new Float64Array(n);
  let hasSpot = false;
  let runStart = 0;
  let runHour = Number.NaN;
  let sums = new HourSums();
  for (let i = 0; i <= n; i += 1) {
    const bar = bars[i];
    const hour = bar === undefined ? Number.NaN : Math.floor(bar.openTimeMs / HOUR_MS);
    if (i > 0 && hour !== runHour) {
      hourRunEnd.fill(i, runStart, i);
      hourRunRatio[runStart] = sums.ratio();
      runStart = i;
      sums = new HourSums();
    }
    if (bar === undefined) break;
    runHour = hour;
    sums.add(bar);
    hasSpot ||= bar.spotVolumeUsd !== null;
    const rate = bar.fundingRate8h;
    fundingRates[i] = rate !== null && Number.isFinite(rate) ? rate : Number.NaN;
  }
  return {
    hourRunEnd,
    hourRunRatio,
    hasSpot,
    fundingRates,
    funding: new Map(),
    spotPerp: new Map(),
  };
}

function indexOf(bars: readonly SeriesBar[]): SeriesIndex {
  let index = INDEXES.get(bars);
  if (index === undefined) {
    index = buildIndex(bars);
    INDEXES.set(bars, index);
  }
  return index;
}

/**
 * Whether any bar of the series has spot volume (asked at every checkpoint; answered once).
 * @example seriesHasSpot(series.bars) // false for CoinGlass aggregates
 */
export function seriesHasSpot(bars: readonly SeriesBar[]): boolean {
  return indexOf(bars).hasSpot;
}

/**
 * Median and MAD of the finite funding rates of bars [from, to), or null without any.
 * @example fundingBaseline(series.bars, 120, 8760) // { median: 0.0001, mad: 0.00003 }
 */
export function fundingBaseline(bars: readonly SeriesBar[], from: number, to: number) {
  const { funding: memo, fundingRates } = indexOf(bars);
  const key = `${from}:${to}`;
  if (memo.has(key)) return memo.get(key) ?? null;
  const values = new Float64Array(Math.max(0, to - from));
  let n = 0;
  for (let i = from; i < to; i += 1) {
    const v = fundingRates[i] as number;
    if (!Number.isNaN(v)) values[n++] = v;
  }
  const result = n === 0 ? null : medianAndMad(values.subarray(0, n));
  memo.set(key, result);
  return result;
}

/**
 * Median of the spot/perp volume ratios of the clock hours of bars [from, to), each hour's
 * volumes summed over the bars of it inside the range (so a range starting mid-hour counts that
 * part-hour on its own, as resampling the range would); null when no hour has both volumes.
 * Whole hours come from the index; at most the two end hours are summed here.
 * @example spotPerpHourlyMedian(series.bars, 0, 720) // 0.31
 */
export function spotPerpHourlyMedian(
  bars: readonly SeriesBar[],
  from: number,
  to: number,
): number | null {
  const index = indexOf(bars);
  const key = `${from}:${to}`;
  if (index.spotPerp.has(key)) return index.spotPerp.get(key) ?? null;
  const ratios: number[] = [];
  for (let i = from; i < to; ) {
    const runEnd = index.hourRunEnd[i] as number;
    const end = Math.min(runEnd, to);
    const whole = end === runEnd && (i === 0 || (index.hourRunEnd[i - 1] as number) === i);
    const ratio = whole ? (index.hourRunRatio[i] as number) : hourRatio(bars, i, end);
    if (!Number.isNaN(ratio)) ratios.push(ratio);
    i = end;
  }
  const result = ratios.length === 0 ? null : median(ratios);
  index.spotPerp.set(key, result);
  return result;
}
