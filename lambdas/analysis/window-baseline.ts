import { type FlushArrays, liqTotal, rangeSum } from './flush-arrays.ts';

/** First and last bar index of a flush already found. */
export interface BarRange {
  startIndex: number;
  endIndex: number;
}

/** Bar counts derived from the minute-based settings, so any bar size works. */
export interface WindowGeometry {
  windowBars: number;
  baselineBars: number;
  minBaselineMs: number;
  /** Length of a window in time (windowBars × bar size): baseline windows sit on its clock grid. */
  windowMs: number;
}

/**
 * The last bar before `startIndex` that closes on the window's clock grid (a whole hour for
 * 60-minute windows), so baseline windows are the same clock hours on 5-, 30- and 60-minute
 * bars; the partial window between it and `startIndex` is left out. Looks back at most one window.
 */
function gridAnchor(a: FlushArrays, startIndex: number, g: WindowGeometry): number {
  const barMs = a.barMinutes * 60_000;
  for (let end = startIndex - 1; end >= Math.max(0, startIndex - g.windowBars); end -= 1) {
    if (((a.openTimeMs[end] ?? 0) + barMs) % g.windowMs === 0) return end;
  }
  return startIndex - 1;
}

/**
 * A test "does [start, end] overlap a flush already found?" for ranges visited backwards in
 * time: it walks `excluded` (in time order) back alongside them, so each call is O(1)
 * amortised and leaving flushes out never rescans the history.
 * @example const overlaps = overlapTest([{ startIndex: 5, endIndex: 7 }]); overlaps(6, 9) // true
 */
export function overlapTest(excluded: readonly BarRange[]) {
  let r = excluded.length - 1;
  return (start: number, end: number): boolean => {
    while (r >= 0 && (excluded[r]?.startIndex ?? 0) > end) r -= 1;
    return r >= 0 && (excluded[r]?.endIndex ?? -1) >= start;
  };
}

/**
 * Liquidations of the trailing same-length windows, non-overlapping (stride = window length)
 * and aligned to the clock (see {@link gridAnchor}). A window with a bar of unknown liquidations (before collection began, a long outage) is left
 * out: counted as 0 it would pull the baseline down and make any burst look extreme. A window
 * that overlaps a flush already found is left out too: a crash in the baseline would raise
 * the 99th percentile for a month and hide its aftershocks (2026-02-23 behind 2026-02-05).
 * @example baselineWindows(arrays, 720, geometry, [{ startIndex: 500, endIndex: 510 }])
 */
export function baselineWindows(
  a: FlushArrays,
  startIndex: number,
  g: WindowGeometry,
  excluded: readonly BarRange[] = [],
): number[] {
  const from = Math.max(0, startIndex - g.baselineBars);
  const overlaps = overlapTest(excluded);
  const sample: number[] = [];
  for (
    let end = gridAnchor(a, startIndex, g);
    end - g.windowBars + 1 >= from;
    end -= g.windowBars
  ) {
    const start = end - g.windowBars + 1;
    if (rangeSum(a.cumKnown, start, end) < g.windowBars || overlaps(start, end)) continue;
    sample.push(liqTotal(a, start, end));
  }
  return sample;
}
