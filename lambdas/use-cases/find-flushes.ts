import type { DetectorConfig, RegimeConfig } from '../config.ts';
import { detectSegment } from '../market/history/replay-history.ts';
import { splitSegments } from '../market/history/split-segments.ts';
import type { FlushEvent, MarketSeries } from '../model/index.ts';

/** A flush and the contiguous segment it was found in (what its report is built from). */
export interface FoundFlush {
  flush: FlushEvent;
  segment: MarketSeries;
}

/**
 * Flushes in a series exactly as replay finds them (`replayHistory`): split into contiguous
 * segments where bars are missing (unknown time never joins two stretches into one baseline),
 * then {@link detectSegment} on each. The scheduled detector calls this on the month it reads
 * from rollups, so live and replay give the same flushes on the same bars.
 */
export function findFlushes(
  series: MarketSeries,
  config: { detector: DetectorConfig; regime: RegimeConfig },
): FoundFlush[] {
  return splitSegments(series).flatMap((raw) => {
    const detected = detectSegment(raw, config);
    return detected.flushes.map((flush) => ({ flush, segment: detected.series }));
  });
}

/** The contiguous segment of `series` holding time `ms` (or ending last before it), or null. */
export function segmentAt(series: MarketSeries, ms: number): MarketSeries | null {
  const segments = splitSegments(series);
  return (
    segments.filter((s) => (s.bars[0]?.openTimeMs ?? Number.POSITIVE_INFINITY) <= ms).at(-1) ?? null
  );
}
