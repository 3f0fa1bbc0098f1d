import type { MarketSeries } from '../model/index.ts';
import { coverageAdjustedOi } from './coverage-adjusted-oi.ts';

/** Column arrays and prefix sums of a series, so every window statistic is O(1). */
export interface FlushArrays {
  n: number;
  barMinutes: number;
  openTimeMs: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  liqLong: number[];
  liqShort: number[];
  /** Prefix sums: `cumTotal[i]` = liquidations of bars 0..i−1. */
  cumLong: number[];
  cumShort: number[];
  /** Prefix count of bars whose liquidations are known (not null): baselines use only those. */
  cumKnown: number[];
  /** Bars per detection window (W) the window returns below are measured over. */
  windowBars: number;
  /** Prefix sums of 1-bar log returns. */
  cumReturn: number[];
  /**
   * Prefix sums of W-bar log returns (ending at each bar from W − 1 on, 0 before) and of their
   * squares: the displacement's σ is that of window-length returns, so it means the same on
   * 30- and 60-minute bars (σ of 1-bar returns × √W assumes returns are independent bar to bar).
   */
  cumWindowReturn: number[];
  cumWindowReturnSq: number[];
  /** Coverage-adjusted OI, forward-filled from the last bar that had one; null before the first. */
  oiBase: Array<number | null>;
  oiUsd: Array<number | null>;
  coverage: number[];
}

function prefix(values: readonly number[]): number[] {
  const out = [0];
  let sum = 0;
  for (const v of values) {
    sum += v;
    out.push(sum);
  }
  return out;
}

function forwardFill(values: ReadonlyArray<number | null>): Array<number | null> {
  let last: number | null = null;
  return values.map((v) => {
    if (v !== null) last = v;
    return last;
  });
}

function windowReturns(cumReturn: readonly number[], windowBars: number): number[] {
  return cumReturn
    .slice(1)
    .map((_, k) => (k < windowBars - 1 ? 0 : rangeSum(cumReturn, k - windowBars + 1, k)));
}

/**
 * Builds the column arrays the detector works on, for windows of `windowBars` bars. Null
 * (unknown) liquidations count as 0 in sums, and `cumKnown` lets a baseline leave such bars out.
 * @example toFlushArrays(hourlySeries, 1).cumWindowReturn.length // bars + 1
 */
export function toFlushArrays(series: MarketSeries, windowBars = 1): FlushArrays {
  const bars = series.bars;
  const close = bars.map((b) => b.close);
  const returns = bars.map((b, i) =>
    Math.log(b.close / (i === 0 ? b.open : (close[i - 1] ?? b.open))),
  );
  const cumReturn = prefix(returns);
  const window = windowReturns(cumReturn, windowBars);
  const liqLong = bars.map((b) => b.liqLongUsd ?? 0);
  const liqShort = bars.map((b) => b.liqShortUsd ?? 0);
  return {
    n: bars.length,
    barMinutes: series.barMinutes,
    openTimeMs: bars.map((b) => b.openTimeMs),
    open: bars.map((b) => b.open),
    high: bars.map((b) => b.high),
    low: bars.map((b) => b.low),
    close,
    liqLong,
    liqShort,
    cumLong: prefix(liqLong),
    cumShort: prefix(liqShort),
    cumKnown: prefix(bars.map((b) => (b.liqLongUsd === null && b.liqShortUsd === null ? 0 : 1))),
    windowBars,
    cumReturn,
    cumWindowReturn: prefix(window),
    cumWindowReturnSq: prefix(window.map((r) => r * r)),
    oiBase: forwardFill(bars.map((b) => coverageAdjustedOi(b, 'oiBase'))),
    oiUsd: forwardFill(bars.map((b) => coverageAdjustedOi(b, 'oiUsd'))),
    coverage: bars.map((b) => b.coverage),
  };
}

/** Sum over bars [from, to] inclusive of a prefix-summed column. */
export function rangeSum(cum: readonly number[], from: number, to: number): number {
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
