import { CHECKPOINTS, checkpointAsOfMs } from '../analysis/index.ts';
import { median } from '../analysis/robust-stats.ts';
import type {
  Checkpoint,
  FlushEvent,
  FlushFacts,
  MarketSeries,
  PreviousReadingFacts,
  ReadingFacts,
  RecentFacts,
  RegimeAssessment,
  ReportFacts,
  SeriesBar,
} from '../model/index.ts';
import { DAY_MS, MINUTE_MS } from '../shared/time.ts';
import type { ArticleInput } from './article-types.ts';
import { flushRanks } from './flush-ranks.ts';
import { venueName } from './venue-names.ts';

/** The last bar closed by `asOfMs` (the report's "now"), or null before the first closes. */
export function lastClosedBar(series: MarketSeries, asOfMs: number): SeriesBar | null {
  const barMs = series.barMinutes * MINUTE_MS;
  let found: SeriesBar | null = null;
  for (const bar of series.bars) {
    if (bar.openTimeMs + barMs > asOfMs) break;
    found = bar;
  }
  return found;
}

function meanOf(bars: readonly SeriesBar[], pick: (b: SeriesBar) => number | null): number | null {
  const values = bars.map(pick).filter((v): v is number => v !== null && Number.isFinite(v));
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? null)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function flushFacts(input: ArticleInput, flush: FlushEvent): FlushFacts {
  const { series, assessment } = input;
  const before = series.bars.filter((b) => b.openTimeMs < flush.startMs);
  const dayBefore = before.filter((b) => b.openTimeMs >= flush.startMs - DAY_MS);
  const month = before
    .filter((b) => b.openTimeMs >= flush.startMs - 30 * DAY_MS)
    .map((b) => b.fundingRate8h)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const ranks = flushRanks(series, flush);
  const endCloseMs = flush.endMs + series.barMinutes * MINUTE_MS;
  const during = series.bars.filter(
    (b) => b.openTimeMs >= flush.startMs && b.openTimeMs < endCloseMs,
  );
  const liquidated = flush.side === 'short' ? flush.liqShortUsd : flush.liqLongUsd;
  const reference = assessment?.facts
    ? { price: assessment.facts.referencePrice, source: assessment.facts.referenceSource }
    : flush.brokenLevel === null
      ? { price: flush.priceBefore, source: 'flush-start' as const }
      : { price: flush.brokenLevel, source: 'broken-range-extreme' as const };
  return {
    side: flush.side,
    startMs: flush.startMs,
    endCloseMs,
    priceBefore: flush.priceBefore,
    extremePrice: flush.extremePrice,
    extremeMs: flush.extremeMs,
    extremeMoveFrac: flush.extremePrice / flush.priceBefore - 1,
    endPrice: flush.priceBefore * (1 + flush.priceMovePct),
    endMoveFrac: flush.priceMovePct,
    rangeLow: Math.min(flush.extremePrice, ...during.map((b) => b.low)),
    rangeHigh: Math.max(flush.extremePrice, ...during.map((b) => b.high)),
    liqLongUsd: flush.liqLongUsd,
    liqShortUsd: flush.liqShortUsd,
    liqTotalUsd: flush.liqTotalUsd,
    liqIsLowerBound: flush.liqIsLowerBound,
    liqEstimated: flush.liqEstimated,
    venueNames: series.venues.filter((v) => !series.missingVenues.includes(v)).map(venueName),
    dominantShare: flush.liqTotalUsd > 0 ? liquidated / flush.liqTotalUsd : 0,
    peakBarMs: flush.peakBarMs,
    oiChangeFrac: flush.oiChangePct,
    oiBeforeBase: flush.oiBeforeBase,
    oiConfirmation: flush.oiConfirmation,
    liqUndercountSuspected: flush.liqUndercountSuspected,
    tier: flush.tier,
    liqToOi: flush.liqToOi,
    liqToOiVenueNames: fedVenueNames(series, flush),
    liqToOi24h: flush.liqToOi24h,
    tierThresholds: input.tiers,
    referencePrice: reference.price,
    referenceSource: reference.source,
    sharpestHour: ranks.sharpestMove,
    busiestLiquidationHour: ranks.liquidationsUsd,
    fundingBefore8h: meanOf(dayBefore, (b) => b.fundingRate8h),
    premiumBefore: meanOf(dayBefore, (b) => b.premium),
    fundingMedian8h: assessment?.facts?.fundingMedian8h ?? medianOf(month),
  };
}

function readingFacts(assessment: RegimeAssessment | null): ReadingFacts | null {
  if (assessment === null || assessment.facts === null) return null;
  const supports = assessment.evidence.filter(
    (e) => e.label === assessment.label && e.role === 'support',
  );
  const by = (status: string) =>
    supports
      .filter((e) => e.status === status)
      .map((e) => (status === 'fail' ? (e.failedText ?? e.description) : e.description));
  return {
    label: assessment.label,
    confidence: assessment.confidence,
    checkpoint: assessment.checkpoint,
    asOfMs: assessment.asOfMs,
    facts: assessment.facts,
    supportsHeld: by('pass'),
    supportsFailed: by('fail'),
    supportsMissing: supports
      .filter((e) => e.status === 'n/a' && e.notYetText === undefined)
      .map((e) => e.description),
    supportsNotYet: supports.flatMap((e) =>
      e.status === 'n/a' && e.notYetText !== undefined ? [e.notYetText] : [],
    ),
  };
}

function previousFacts(history: readonly RegimeAssessment[]): PreviousReadingFacts | null {
  const previous = history.at(-1);
  if (previous === undefined || previous.facts === null) return null;
  return {
    label: previous.label,
    checkpoint: previous.checkpoint,
    asOfMs: previous.asOfMs,
    priceNow: previous.facts.priceNow,
    oiNowBase: previous.facts.oiNowBase,
    fundingNow8h: previous.facts.fundingNow8h,
    holdingNow: previous.facts.holdingNow,
    lossCount: previous.facts.lossCount,
    oiRebuilt: previous.facts.oiRebuilt,
    newExtremeAtMs: previous.facts.newExtremeAtMs,
  };
}

/** The checkpoint after the report's reading, whether or not the data will reach it. */
function scheduledNext(input: ArticleInput): { checkpoint: Checkpoint; atMs: number } | null {
  const { flush, assessment, series } = input;
  if (flush === null || flush.side === 'two-sided') return null;
  const next =
    assessment === null
      ? CHECKPOINTS[0]
      : CHECKPOINTS[CHECKPOINTS.indexOf(assessment.checkpoint) + 1];
  return next === undefined
    ? null
    : { checkpoint: next, atMs: checkpointAsOfMs(flush, next, series.barMinutes) };
}

function beyondHistory(input: ArticleInput, next: { atMs: number } | null): boolean {
  return next !== null && input.historyEndsMs !== undefined && next.atMs > input.historyEndsMs;
}

function nextCheckpoint(input: ArticleInput): ReportFacts['nextCheckpoint'] {
  const next = scheduledNext(input);
  return beyondHistory(input, next) ? null : next;
}

function historyEndsBefore(input: ArticleInput): ReportFacts['historyEndsBefore'] {
  const next = scheduledNext(input);
  if (next === null || input.historyEndsMs === undefined || !beyondHistory(input, next))
    return null;
  return { checkpoint: next.checkpoint, historyEndsMs: input.historyEndsMs };
}

function recentFacts(series: MarketSeries, asOfMs: number): RecentFacts {
  const barMs = series.barMinutes * MINUTE_MS;
  const closed = series.bars.filter((b) => b.openTimeMs + barMs <= asOfMs);
  const day = closed.filter((b) => b.openTimeMs + barMs > asOfMs - DAY_MS);
  const first = day[0];
  const last = closed.at(-1);
  const liqBars = day.filter((b) => b.liqLongUsd !== null || b.liqShortUsd !== null);
  const sum = (pick: (b: SeriesBar) => number | null) =>
    liqBars.length === 0 ? null : liqBars.reduce((total, b) => total + (pick(b) ?? 0), 0);
  const month = closed.filter((b) => b.openTimeMs + barMs > asOfMs - 30 * DAY_MS);
  const rates = month.flatMap((b) =>
    b.fundingRate8h !== null && Number.isFinite(b.fundingRate8h) ? [b.fundingRate8h] : [],
  );
  const withOi = day.filter((b) => b.oiBase !== null && b.oiBase > 0);
  const oiFirst = withOi[0]?.oiBase ?? null;
  const oiLast = withOi.length > 1 ? (withOi.at(-1)?.oiBase ?? null) : null;
  return {
    priceFromFrac: first && last && first !== last ? last.close / first.open - 1 : null,
    priceFrom: first && first !== last ? first.open : null,
    spanMs: first && last ? last.openTimeMs + barMs - first.openTimeMs : 0,
    liqLongUsd: sum((b) => b.liqLongUsd),
    liqShortUsd: sum((b) => b.liqShortUsd),
    listenedMs: liqBars.length * barMs,
    fundingNow8h: last?.fundingRate8h ?? null,
    fundingMedian30d8h: rates.length === 0 ? null : median(rates),
    oiNowUsd: last?.oiUsd ?? null,
    oiNowBase: withOi.at(-1)?.oiBase ?? null,
    oiFromFrac: oiFirst !== null && oiLast !== null ? oiLast / oiFirst - 1 : null,
  };
}

/**
 * Gathers every fact the article quotes (published in `data.json` as `facts`), so each
 * sentence is built from a measured value: the flush, the reading and the one before it,
 * the next checkpoint, and the last day's market.
 * @example buildReportFacts(input).flush?.extremeMoveFrac // -0.136
 */
export function buildReportFacts(input: ArticleInput): ReportFacts {
  const { series, flush, assessment, asOfMs } = input;
  const facts = assessment?.facts;
  const bar = lastClosedBar(series, asOfMs);
  const now = facts
    ? { price: facts.priceNow, atMs: facts.priceNowAtMs }
    : bar
      ? { price: bar.close, atMs: bar.openTimeMs + series.barMinutes * MINUTE_MS }
      : null;
  return {
    asset: series.asset,
    kind: input.kind,
    asOfMs,
    now,
    flush: flush === null ? null : flushFacts(input, flush),
    reading: readingFacts(assessment),
    previous: previousFacts(input.history),
    laterFlushes: (input.laterFlushes ?? []).map((f) => ({
      side: f.side,
      startMs: f.startMs,
      endMs: f.endMs,
      liqTotalUsd: f.liqTotalUsd,
      liqIsLowerBound: f.liqIsLowerBound,
      liqEstimated: f.liqEstimated,
    })),
    nextCheckpoint: nextCheckpoint(input),
    historyEndsBefore: historyEndsBefore(input),
    earlierFlush: earlierFlushFacts(input),
    updates: [...input.history, ...(assessment ? [assessment] : [])].flatMap((a) =>
      a.facts === null
        ? []
        : [
            {
              checkpoint: a.checkpoint,
              asOfMs: a.asOfMs,
              label: a.label,
              priceNow: a.facts.priceNow,
              oiNowBase: a.facts.oiNowBase,
            },
          ],
    ),
    recent: recentFacts(series, asOfMs),
  };
}

function earlierFlushFacts(input: ArticleInput): ReportFacts['earlierFlush'] {
  const f = input.flush === null ? (input.earlierFlush ?? null) : null;
  if (f === null) return null;
  return {
    side: f.side,
    startMs: f.startMs,
    endCloseMs: f.endMs + input.series.barMinutes * MINUTE_MS,
    liqTotalUsd: f.liqTotalUsd,
    liqIsLowerBound: f.liqIsLowerBound,
    liqEstimated: f.liqEstimated,
  };
}

/**
 * The venues with a liquidation feed, when L/OI divides by their open interest alone and some
 * venue without a feed is left out; else null.
 */
function fedVenueNames(series: MarketSeries, flush: FlushEvent): string[] | null {
  const present = series.venues.filter((v) => !series.missingVenues.includes(v));
  const fed = present.filter((v) => (series.liquidationFeeds[v] ?? 'none') !== 'none');
  if (flush.liqToOiOf !== 'fed' || fed.length === present.length || fed.length === 0) return null;
  return fed.map(venueName);
}
