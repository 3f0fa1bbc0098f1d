import type { ReferenceLevelSource, SeriesBar } from '../model/index.ts';

const HOUR_MS = 3_600_000;

/** The level a flush's aftermath is judged against (DESIGN.md §5 v2: `K`). */
export interface ReferenceLevel {
  price: number;
  source: ReferenceLevelSource;
}

/** Index of the first bar opening at or after `ms` (binary search: bars are in time order). */
function firstAtOrAfter(bars: readonly SeriesBar[], ms: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((bars[mid]?.openTimeMs ?? ms) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `K`: the low of the `lookbackHours` before the flush when a long flush broke it (the high,
 * for a short squeeze), else the price where the flush began. Defined in time, so 5-minute and
 * hourly bars of the same market give the same level; a day's range is where stops cluster.
 * `bars` must be in time order; only bars that opened in `[startMs − lookback, startMs)` count.
 * @example referenceLevel(bars, flush.startMs, flush.priceBefore, flush.extremePrice, 1, 24)
 * // { price: 83108, source: 'broken-range-extreme' }
 */
export function referenceLevel(
  bars: readonly SeriesBar[],
  startMs: number,
  priceBefore: number,
  extremePrice: number,
  direction: 1 | -1,
  lookbackHours: number,
): ReferenceLevel {
  const fromMs = startMs - lookbackHours * HOUR_MS;
  let rangeExtreme: number | null = null;
  for (let i = firstAtOrAfter(bars, fromMs); i < bars.length; i += 1) {
    const bar = bars[i] as SeriesBar;
    if (bar.openTimeMs >= startMs) break;
    const value = direction === 1 ? bar.low : bar.high;
    if (rangeExtreme === null || direction * (value - rangeExtreme) < 0) rangeExtreme = value;
  }
  if (rangeExtreme === null) return { price: priceBefore, source: 'flush-start' };
  // Never beyond the starting price: a gap at the open must not put K on the far side of P_pre.
  const level =
    direction === 1 ? Math.min(rangeExtreme, priceBefore) : Math.max(rangeExtreme, priceBefore);
  const broken = direction * (extremePrice - level) < 0;
  return broken
    ? { price: level, source: 'broken-range-extreme' }
    : { price: priceBefore, source: 'flush-start' };
}
