import {
  buildMarketSeries,
  CHECKPOINTS,
  checkpointAsOfMs,
  classifyRegime,
  detectLiquidationEvents,
} from '../analysis/index.ts';
import type { Config } from '../config.ts';
import { AftershockError } from '../errors.ts';
import type {
  Checkpoint,
  FlushEvent,
  LiquidationSpike,
  MarketSeries,
  RegimeAssessment,
  RenderedReport,
  ReportKind,
  Snapshot,
} from '../model/index.ts';
import { renderReport, siteSettingsOf } from '../report/index.ts';
import { DAY_MS, MINUTE_MS } from '../shared/time.ts';
import { sameEvent } from './detect-settings.ts';

/** What a report is built from: stored snapshots and the moment it describes. */
export interface BuildReportInput {
  snapshots: Snapshot[];
  asset: string;
  configuredVenues: string[];
  asOfMs: number;
  /** Omitted: a flash at the 1h reading, a follow-up after it, a digest without a flush. */
  kind?: ReportKind;
  /** Report on this flush (matched as the same event) rather than the latest one. */
  event?: FlushIdentity;
  config: Pick<Config, 'detector' | 'regime' | 'site' | 'assets'>;
}

/** What identifies a flush across detections: its side and span. */
export type FlushIdentity = Pick<FlushEvent, 'side' | 'startMs' | 'endMs'>;

/** The analysis behind a report, returned with it so callers can log or test it. */
export interface BuiltReport {
  rendered: RenderedReport;
  series: MarketSeries;
  flushes: FlushEvent[];
  flush: FlushEvent | null;
  assessment: RegimeAssessment | null;
  history: RegimeAssessment[];
  /** Liquidation spikes without a flush the report mentions (a digest: those of the last 24 h). */
  spikes: LiquidationSpike[];
}

/**
 * Snapshots → series → latest flush → regime at the latest checkpoint → rendered report; a
 * digest also mentions the liquidation spikes without a flush that ended in its last 24 h.
 * Only bars that opened before `asOfMs` are used, so a report "as of" a past moment
 * says exactly what it would have said then.
 */
export async function buildReport(input: BuildReportInput): Promise<BuiltReport> {
  const { snapshots, configuredVenues, ...rest } = input;
  const series = buildMarketSeries(snapshots, input.asset, { configuredVenues });
  return buildReportFromSeries({ ...rest, series });
}

/** What a report is built from when the series is already built (replayed history). */
export interface BuildReportFromSeriesInput {
  series: MarketSeries;
  asset: string;
  asOfMs: number;
  /** Omitted: a flash at the 1h reading, a follow-up after it, a digest without a flush. */
  kind?: ReportKind;
  /** Report on this flush (matched as the same event) rather than the latest one. */
  event?: FlushIdentity;
  config: Pick<Config, 'detector' | 'regime' | 'site' | 'assets'>;
  /** Where replayed history ends (close of its last bar); absent for the live market. */
  historyEndsMs?: number;
}

/**
 * The kind a report is by what it describes: a flash at the first reading, a follow-up at
 * the later ones, a digest (market update) without a flush.
 * @example kindFor(flush, assessment) // 'follow-up' when assessment.checkpoint is '24h'
 */
export function kindFor(flush: FlushEvent | null, assessment: RegimeAssessment | null): ReportKind {
  if (flush === null) return 'digest';
  return assessment !== null && assessment.checkpoint !== '1h' ? 'follow-up' : 'flash';
}

/** Same as {@link buildReport}, from a ready {@link MarketSeries} (e.g. imported CSV history). */
export async function buildReportFromSeries(
  input: BuildReportFromSeriesInput,
): Promise<BuiltReport> {
  const series = truncateSeries(input.series, input.asOfMs);
  if (series.bars.length === 0) {
    throw new AftershockError(
      `No ${input.asset} market data before ${new Date(input.asOfMs).toISOString()}.`,
    );
  }
  const detected = detectLiquidationEvents(series, input.config.detector);
  const flushes = detected.flushes;
  // A digest tells its day: a flush is its story only if it ended in the day; an older one
  // was told when it happened, and the digest only names it.
  const dayStartMs = input.asOfMs - DAY_MS;
  const digest = input.kind === 'digest' && input.event === undefined;
  const earlierFlush = digest
    ? latestFlush(
        flushes.filter((f) => f.endMs < dayStartMs),
        input.asOfMs,
      )
    : null;
  // A follow-up is about its own flush, even when a newer one has happened since.
  const flush =
    input.event === undefined
      ? latestFlush(digest ? flushes.filter((f) => f.endMs >= dayStartMs) : flushes, input.asOfMs)
      : (flushes.find((f) =>
          sameEvent(
            f,
            input.event as FlushIdentity,
            input.config.detector.mergeMinutes * MINUTE_MS,
          ),
        ) ?? null);
  const checkpoints = flush ? checkpointsReached(flush, input.asOfMs, series.barMinutes) : [];
  const assessments = checkpoints.flatMap((checkpoint) =>
    flush ? [classifyRegime(series, flush, checkpoint, input.config.regime)] : [],
  );
  const assessment = assessments.at(-1) ?? null;
  const kind = input.kind ?? kindFor(flush, assessment);
  // The daily digest is where readers see liquidation spikes that were not flushes.
  const spikes = kind === 'digest' ? spikesOfLastDay(detected.spikes, input.asOfMs) : [];
  const rendered = await renderReport({
    series,
    flush,
    assessment,
    history: assessments.slice(0, -1),
    spikes,
    laterFlushes:
      flush === null
        ? []
        : flushes.filter((f) => f.startMs > flush.endMs && f.endMs <= input.asOfMs),
    earlierFlush: flush === null ? earlierFlush : null,
    kind,
    asOfMs: input.asOfMs,
    tiers: input.config.detector.tiers,
    siteBaseUrl: input.config.site.baseUrl,
    siteTitle: input.config.site.title,
    site: siteSettingsOf(input.config),
    ...(input.historyEndsMs === undefined ? {} : { historyEndsMs: input.historyEndsMs }),
  });
  const history = assessments.slice(0, -1);
  return { rendered, series, flushes, flush, assessment, history, spikes };
}

/** The digest covers a day: spikes that ended in the 24 hours to `asOfMs`. */
function spikesOfLastDay(spikes: readonly LiquidationSpike[], asOfMs: number): LiquidationSpike[] {
  return spikes.filter((s) => s.endMs > asOfMs - DAY_MS && s.endMs <= asOfMs);
}

/** The series as it stood at `asOfMs`: only bars that closed by then. */
export function truncateSeries(series: MarketSeries, asOfMs: number): MarketSeries {
  const barMs = series.barMinutes * MINUTE_MS;
  return {
    ...series,
    bars: series.bars.filter((bar) => bar.openTimeMs + barMs <= asOfMs),
    gaps: series.gaps.filter((gap) => gap.fromMs < asOfMs),
  };
}

function latestFlush(flushes: FlushEvent[], asOfMs: number): FlushEvent | null {
  const ended = flushes.filter((f) => f.endMs <= asOfMs && f.side !== 'two-sided');
  const washouts = flushes.filter((f) => f.endMs <= asOfMs && f.side === 'two-sided');
  // A directional flush has a regime to assess; a washout is reported only when it is all there is.
  return ended.at(-1) ?? washouts.at(-1) ?? null;
}

/** Checkpoints whose reading time (the flush's last close + hours) is not after `asOfMs`. */
function checkpointsReached(flush: FlushEvent, asOfMs: number, barMinutes: number): Checkpoint[] {
  if (flush.side === 'two-sided') return [];
  return CHECKPOINTS.filter((c) => checkpointAsOfMs(flush, c, barMinutes) <= asOfMs);
}
