import { findSeriesGaps } from '../../analysis/index.ts';
import type { MarketSeries } from '../../model/index.ts';

/** Missing bars a segment may hold (kept as `gaps`) before the series is split. */
export const MAX_GAP_BARS = 2;

/**
 * Splits a series into contiguous segments wherever more than `maxGapBars`
 * bars are missing. The detector treats the bar array as continuous, so days
 * years apart must not share a baseline or a window; short gaps (CoinGlass's
 * occasional missing hour) stay inside a segment and are listed in `gaps`.
 * @example splitSegments(series).length // 3 for three separate crash days
 */
export function splitSegments(series: MarketSeries, maxGapBars = MAX_GAP_BARS): MarketSeries[] {
  const barMs = series.barMinutes * 60_000;
  const segments: MarketSeries[] = [];
  let start = 0;
  let gaps: MarketSeries['gaps'] = [];
  const bars = series.bars;
  // One pass finds both the splits and each segment's short gaps (as findSeriesGaps would):
  // reading a million bars' times twice is measurable.
  for (let i = 1; i <= bars.length; i += 1) {
    const previous = bars[i - 1]?.openTimeMs ?? 0;
    const step = i < bars.length ? (bars[i]?.openTimeMs ?? 0) - previous : Infinity;
    if (step <= (maxGapBars + 1) * barMs) {
      if (step > barMs) gaps.push(...findSeriesGaps([previous, previous + step], barMs));
      continue;
    }
    // An unbroken series is its own segment: no copy of a year of bars.
    const part = start === 0 && i === bars.length ? bars : bars.slice(start, i);
    segments.push({ ...series, bars: part, gaps });
    start = i;
    gaps = [];
  }
  return segments.filter((s) => s.bars.length > 0);
}
