import type { SeriesBar } from '../model/index.ts';

/**
 * Open interest scaled up by the bar's coverage, i.e. an estimate of the
 * whole market's OI that assumes a silent venue moved like the ones that
 * reported. Without it a venue dropping out reads as an OI collapse. Null
 * when the bar has no OI or no coverage.
 * @example coverageAdjustedOi({ ...bar, oiBase: 55, coverage: 0.55 }, 'oiBase') // 100
 */
export function coverageAdjustedOi(bar: SeriesBar, field: 'oiBase' | 'oiUsd'): number | null {
  const oi = bar[field];
  if (oi === null || bar.coverage <= 0) return null;
  return oi / bar.coverage;
}
