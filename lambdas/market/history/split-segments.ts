import { findSeriesGaps } from '../../analysis/index.ts';
import type { MarketSeries } from '../../model/index.ts';

/** Missing bars a segment may hold (kept as `gaps`) before the series is split. */
export const MAX_GAP_BARS = 2;

/** The gaps inside a segment's bars (as `findSeriesGaps` finds them), without copying its times. */
function gapsOf(bars: MarketSeries['bars'], barMs: number): MarketSeries['gaps'] {
  const gaps: MarketSeries['gaps'] = [];
  for (let i = 1; i < bars.length; i += 1) {
    const previous = (bars[i - 1] as MarketSeries['bars'][number]).openTimeMs;
    const current = (bars[i] as MarketSeries['bars'][number]).openTimeMs;
    if (current - previous > barMs) gaps.push(...findSeriesGaps([previous, current], barMs));
  }
  return gaps;
}

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
  const bars = series.bars;
  for (let i = 1; i <= bars.length; i += 1) {
    const step =
      i < bars.length ? (bars[i]?.openTimeMs ?? 0) - (bars[i - 1]?.openTimeMs ?? 0) : Infinity;
    if (step <= (maxGapBars + 1) * barMs) continue;
    // An unbroken series is its own segment: no copy of a year of bars.
    const part = start === 0 && i === bars.length ? bars : bars.slice(start, i);
    segments.push({ ...series, bars: part, gaps: gapsOf(part, barMs) });
    start = i;
  }
  return segments.filter((s) => s.bars.length > 0);
}
