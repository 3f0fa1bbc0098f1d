import {
  CHECKPOINTS,
  checkpointAsOfMs,
  classifyRegime,
  detectLiquidationEvents,
  hasNoLiquidationFeed,
  withEstimatedLiquidations,
} from '../../analysis/index.ts';
import type { DetectorConfig, RegimeConfig } from '../../config.ts';
import type {
  Checkpoint,
  FlushEvent,
  LiquidationSpike,
  MarketSeries,
  RegimeAssessment,
} from '../../model/index.ts';
import type { HistorySeries } from './build-history-series.ts';
import { describeUnusableSegment } from './segment-status.ts';
import { splitSegments } from './split-segments.ts';

/** A flush found in replayed history with its regime at each checkpoint the data reaches. */
export interface ReplayFinding {
  label: string;
  flush: FlushEvent;
  /** null where the data ends before the checkpoint (or for a two-sided washout). */
  regimes: Record<Checkpoint, RegimeAssessment | null>;
  /** The segment it was found in (liquidations estimated where the source has none). */
  series: MarketSeries;
}

/** One contiguous stretch of a history series and what replay made of it. */
export interface ReplaySegment {
  label: string;
  fromMs: number;
  /** Close of the last bar. */
  toMs: number;
  barCount: number;
  /** Why nothing could be detected here, as a sentence; null when the segment was analysed. */
  unusable: string | null;
  /** How liquidations were obtained, e.g. "observed" or "estimated from OI drops (OI on 49 of 72 bars)". */
  liquidationSource: string;
  findings: ReplayFinding[];
  /** Liquidation spikes without a flush (big liquidations, too little price move), in range. */
  spikes: LiquidationSpike[];
}

/** Settings of {@link replayHistory}. */
export interface ReplayOptions {
  detector: DetectorConfig;
  regime: RegimeConfig;
  /** Only flushes and spikes starting in [fromMs, toMs) are reported; the baseline may use earlier bars. */
  fromMs: number | null;
  toMs: number | null;
}

function regimesOf(series: MarketSeries, flush: FlushEvent, regime: RegimeConfig, endMs: number) {
  const regimes = {} as Record<Checkpoint, RegimeAssessment | null>;
  for (const checkpoint of CHECKPOINTS) {
    const reached = checkpointAsOfMs(flush, checkpoint, series.barMinutes) <= endMs;
    regimes[checkpoint] =
      reached && flush.side !== 'two-sided'
        ? classifyRegime(series, flush, checkpoint, regime)
        : null;
  }
  return regimes;
}

function liquidationSource(series: MarketSeries): string {
  if (!series.liquidationsEstimated) return 'observed';
  let withOi = 0;
  for (const b of series.bars) if (b.oiBase !== null) withOi += 1;
  if (withOi === 0) return 'unavailable';
  return `estimated from OI drops (OI on ${withOi} of ${series.bars.length} bars)`;
}

function inRange(ms: number, options: ReplayOptions): boolean {
  return (
    (options.fromMs === null || ms >= options.fromMs) &&
    (options.toMs === null || ms < options.toMs)
  );
}

/** What detection made of one contiguous segment (see {@link detectSegment}). */
export interface DetectedSegment {
  /** The segment as detected: liquidations estimated from OI drops where it has no feed. */
  series: MarketSeries;
  unusable: string | null;
  flushes: FlushEvent[];
  spikes: LiquidationSpike[];
}

/**
 * Detection on one contiguous segment, as replay does it and as the scheduled detector does
 * it (one code path: DESIGN.md §8): liquidations estimated where the segment has no feed, and
 * nothing detected in a segment too short for a baseline (`unusable` says why).
 */
export function detectSegment(
  raw: MarketSeries,
  settings: Pick<ReplayOptions, 'detector' | 'regime'>,
): DetectedSegment {
  const series = hasNoLiquidationFeed(raw) ? withEstimatedLiquidations(raw) : raw;
  const unusable = describeUnusableSegment(raw, settings.detector);
  const { flushes, spikes } =
    unusable === null
      ? detectLiquidationEvents(series, settings.detector, settings.regime)
      : { flushes: [], spikes: [] };
  return { series, unusable, flushes, spikes };
}

function replaySegment(label: string, raw: MarketSeries, options: ReplayOptions): ReplaySegment {
  const first = raw.bars[0]?.openTimeMs ?? 0;
  const toMs = (raw.bars.at(-1)?.openTimeMs ?? 0) + raw.barMinutes * 60_000;
  const { series, unusable, flushes, spikes } = detectSegment(raw, options);
  const findings = flushes
    .filter((flush) => inRange(flush.startMs, options))
    .map((flush) => ({
      label,
      flush,
      regimes: regimesOf(series, flush, options.regime, toMs),
      series,
    }));
  return {
    label,
    fromMs: first,
    toMs,
    barCount: raw.bars.length,
    unusable,
    liquidationSource: liquidationSource(series),
    findings,
    spikes: spikes.filter((spike) => inRange(spike.startMs, options)),
  };
}

/**
 * Replays history: splits each series into contiguous segments, detects
 * flushes in each with the configured thresholds, and classifies each
 * flush's regime at every checkpoint the data reaches (using only bars closed
 * by then). Segments outside [fromMs, toMs) are left out; segments that
 * cannot be analysed say why.
 */
export function replayHistory(
  all: readonly HistorySeries[],
  options: ReplayOptions,
): ReplaySegment[] {
  return all.flatMap((h) =>
    splitSegments(h.series)
      .filter((segment) => {
        const from = segment.bars[0]?.openTimeMs ?? 0;
        const to = (segment.bars.at(-1)?.openTimeMs ?? 0) + segment.barMinutes * 60_000;
        return (
          (options.fromMs === null || to > options.fromMs) &&
          (options.toMs === null || from < options.toMs)
        );
      })
      .map((segment) => replaySegment(h.label, segment, options)),
  );
}
