import type { SeriesBar } from '../model/index.ts';

/**
 * Index of the first bar opening at or after `ms` (binary search: bars are in time order), so
 * a window of a long series is found without walking it from the start.
 * @example firstBarAt(bars, Date.UTC(2026, 1, 5)) // 812
 */
export function firstBarAt(bars: readonly SeriesBar[], ms: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((bars[mid]?.openTimeMs ?? ms) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
