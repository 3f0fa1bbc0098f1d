import type { MarketSeries } from '../model/index.ts';
import { coverageAdjustedOi } from './coverage-adjusted-oi.ts';

/**
 * Column arrays and prefix sums of a series, so every window statistic is O(1). Numeric columns
 * are typed arrays: a year of 1-minute bars is 525,600 values a column, and plain arrays of that
 * size built by `map` cost more in garbage collection than the detector spends reading them.
 */
export interface FlushArrays {
  n: number;
  barMinutes: number;
  openTimeMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  liqLong: Float64Array;
  liqShort: Float64Array;
  /** Prefix sums: `cumTotal[i]` = liquidations of bars 0..i−1. */
  cumLong: Float64Array;
  cumShort: Float64Array;
  /** Prefix count of bars whose liquidations are known (not null): baselines use only those. */
  cumKnown: Float64Array;
  /** Bars per detection window (W) the window returns below are measured over. */
  windowBars: number;
  /** Prefix sums of 1-bar log returns. */
  cumReturn: Float64Array;
  /**
   * Prefix sums of W-bar log returns (ending at each bar from W − 1 on, 0 before) and of their
   * squares: the displacement's σ is that of window-length returns, so it means the same on
   * 30- and 60-minute bars (σ of 1-bar returns × √W assumes returns are independent bar to bar).
   */
  cumWindowReturn: Float64Array;
  cumWindowReturnSq: Float64Array;
  /** Coverage-adjusted OI, forward-filled from the last bar that had one; NaN before the first (read with {@link oiAt}). */
  oiBase: Float64Array;
  oiUsd: Float64Array;
  /**
   * What liquidations are divided by (L/OI): the open interest of the venues with a liquidation
   * feed where the bars keep it (`fedOiUsd`, forward-filled once seen), else `oiUsd`. Like for
   * like: a venue without a feed (Hyperliquid) holds open interest whose liquidations are never
   * counted, and the thresholds were calibrated on CoinGlass's aggregate of fed venues only.
   */
  liqOiUsd: Float64Array;
  /** 1 where `liqOiUsd` is the fed venues' open interest, 0 where it is every venue's. */
  liqOiFed: Uint8Array;
  coverage: Float64Array;
}

/** Running sum: `out[0]` = 0, `out[i + 1]` = values[0] + … + values[i], summed in order. */
function prefix(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length + 1);
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    sum += values[i] as number;
    out[i + 1] = sum;
  }
  return out;
}

/**
 * The price, liquidation and OI columns and the prefix sums of returns and known bars, in one
 * pass: a million bars are half a gigabyte of objects, and each pass costs tens of ms to read.
 */
function barColumns(bars: MarketSeries['bars']) {
  const n = bars.length;
  const c = {
    openTimeMs: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    liqLong: new Float64Array(n),
    liqShort: new Float64Array(n),
    coverage: new Float64Array(n),
    cumKnown: new Float64Array(n + 1),
    cumReturn: new Float64Array(n + 1),
    oiBase: new Float64Array(n),
    oiUsd: new Float64Array(n),
    liqOiUsd: new Float64Array(n),
    liqOiFed: new Uint8Array(n),
  };
  let known = 0;
  let logReturns = 0;
  // Coverage-adjusted OI, forward-filled from the last bar that had one.
  let oiBase = Number.NaN;
  let oiUsd = Number.NaN;
  let fedOiUsd = Number.NaN;
  for (let i = 0; i < n; i += 1) {
    const b = bars[i] as MarketSeries['bars'][number];
    c.openTimeMs[i] = b.openTimeMs;
    c.open[i] = b.open;
    c.high[i] = b.high;
    c.low[i] = b.low;
    c.close[i] = b.close;
    c.liqLong[i] = b.liqLongUsd ?? 0;
    c.liqShort[i] = b.liqShortUsd ?? 0;
    c.coverage[i] = b.coverage;
    known += b.liqLongUsd === null && b.liqShortUsd === null ? 0 : 1;
    c.cumKnown[i + 1] = known;
    logReturns += Math.log(b.close / (i === 0 ? b.open : (c.close[i - 1] as number)));
    c.cumReturn[i + 1] = logReturns;
    oiBase = coverageAdjustedOi(b, 'oiBase') ?? oiBase;
    oiUsd = coverageAdjustedOi(b, 'oiUsd') ?? oiUsd;
    c.oiBase[i] = oiBase;
    c.oiUsd[i] = oiUsd;
    fedOiUsd = b.fedOiUsd ?? fedOiUsd;
    c.liqOiUsd[i] = Number.isNaN(fedOiUsd) ? oiUsd : fedOiUsd;
    c.liqOiFed[i] = Number.isNaN(fedOiUsd) ? 0 : 1;
  }
  return c;
}

/**
 * The forward-filled OI of bar `k`; null before the first bar with OI, or outside the series.
 * @example oiAt(arrays.oiUsd, trigger.startIndex - 1) // 7.1e9
 */
export function oiAt(column: Float64Array, k: number): number | null {
  const v = column[k];
  return v === undefined || Number.isNaN(v) ? null : v;
}

/** Prefix sums of the W-bar log returns ending at each bar (0 before W − 1), and of their squares. */
function windowReturnSums(cumReturn: Float64Array, windowBars: number) {
  const n = cumReturn.length - 1;
  const cumWindowReturn = new Float64Array(n + 1);
  const cumWindowReturnSq = new Float64Array(n + 1);
  let sum = 0;
  let sumSq = 0;
  for (let k = 0; k < n; k += 1) {
    const r = k < windowBars - 1 ? 0 : rangeSum(cumReturn, k - windowBars + 1, k);
    sum += r;
    sumSq += r * r;
    cumWindowReturn[k + 1] = sum;
    cumWindowReturnSq[k + 1] = sumSq;
  }
  return { cumWindowReturn, cumWindowReturnSq };
}

/**
 * Builds the column arrays the detector works on, for windows of `windowBars` bars. Null
 * (unknown) liquidations count as 0 in sums, and `cumKnown` lets a baseline leave such bars out.
 * @example toFlushArrays(hourlySeries, 1).cumWindowReturn.length // bars + 1
 */
export function toFlushArrays(series: MarketSeries, windowBars = 1): FlushArrays {
  const bars = series.bars;
  const c = barColumns(bars);
  return {
    n: bars.length,
    barMinutes: series.barMinutes,
    openTimeMs: c.openTimeMs,
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    liqLong: c.liqLong,
    liqShort: c.liqShort,
    cumLong: prefix(c.liqLong),
    cumShort: prefix(c.liqShort),
    cumKnown: c.cumKnown,
    windowBars,
    cumReturn: c.cumReturn,
    ...windowReturnSums(c.cumReturn, windowBars),
    oiBase: c.oiBase,
    oiUsd: c.oiUsd,
    liqOiUsd: c.liqOiUsd,
    liqOiFed: c.liqOiFed,
    coverage: c.coverage,
  };
}

/** Sum over bars [from, to] inclusive of a prefix-summed column. */
export function rangeSum(cum: ArrayLike<number>, from: number, to: number): number {
  if (to < from) return 0;
  return (cum[to + 1] ?? 0) - (cum[Math.max(0, from)] ?? 0);
}

/** Liquidations (long + short) of bars [from, to] inclusive. */
export function liqTotal(a: FlushArrays, from: number, to: number): number {
  return rangeSum(a.cumLong, from, to) + rangeSum(a.cumShort, from, to);
}

/**
 * Population σ of the W-bar log returns lying wholly inside bars [from, to] (overlapping, one
 * per bar); 0 with fewer than two. On hourly bars with W = 1 it is σ of hourly returns.
 * @example windowReturnSigma(arrays, 0, 719) // σ of 60-minute returns over 30 days
 */
export function windowReturnSigma(a: FlushArrays, from: number, to: number): number {
  const first = Math.max(from + a.windowBars - 1, a.windowBars - 1);
  const count = to - first + 1;
  if (count < 2) return 0;
  const m = rangeSum(a.cumWindowReturn, first, to) / count;
  const variance = rangeSum(a.cumWindowReturnSq, first, to) / count - m * m;
  return Math.sqrt(Math.max(0, variance));
}
