import type { RegimeConfig } from '../../config.ts';
import type { Checkpoint, FlushEvent, MarketSeries, RegimeAssessment } from '../../model/index.ts';
import { firstBarAt } from '../first-bar-at.ts';
import { ATR_LOOKBACK_HOURS, aftermathLevels, toPriceLevels } from './aftermath-levels.ts';
import { type AftermathWindows, aftermathFacts } from './aftermath-measures.ts';
import { checkpointAsOfMs } from './checkpoints.ts';
import { describeMissingInputs } from './missing-inputs.ts';
import {
  fundingBaseline,
  type PreFlushBaselines,
  spotPerpHourlyMedian,
} from './pre-flush-baselines.ts';
import { evaluateRegimeRules, labelsByPrecedence, type RuleSources } from './regime-rules.ts';
import { decideRegime, orderEvidence } from './regime-scoring.ts';

/** Index of the first bar at or after `from` that opens after `ms` (bars are in time order). */
function firstBarAfter(bars: MarketSeries['bars'], ms: number, from: number): number {
  let lo = from;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((bars[mid]?.openTimeMs ?? ms) <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The bars before, during and after the flush, closed by `asOfMs` (no look-ahead). Found by
 * binary search and sliced, not walked: a 30-day window of 1-minute bars is 43,200 bars.
 * `before` holds what the levels read (`levelsLookbackMs`), and at least the last bar before the
 * flush within `lookbackMs` (its OI stands in when the flush has none); the baselines over the
 * longer `lookbackMs` (funding's and spot's 30 days) are measured on the series by index, from
 * `beforeFrom` to `beforeTo`. A reading costs the same however long the series is.
 */
function splitWindows(
  series: MarketSeries,
  flush: FlushEvent,
  asOfMs: number,
  lookback: { lookbackMs: number; levelsLookbackMs: number },
) {
  const { bars } = series;
  const barMs = series.barMinutes * 60_000;
  const lo = firstBarAt(bars, flush.startMs - lookback.lookbackMs);
  const closedEnd = firstBarAfter(bars, asOfMs - barMs, lo);
  const duringStart = Math.min(Math.max(lo, firstBarAt(bars, flush.startMs)), closedEnd);
  const afterStart = Math.min(firstBarAfter(bars, flush.endMs, duringStart), closedEnd);
  const levelsFrom = firstBarAt(bars, flush.startMs - lookback.levelsLookbackMs);
  const beforeStart = Math.max(lo, Math.min(levelsFrom, duringStart - 1));
  const windows: AftermathWindows = {
    before: bars.slice(beforeStart, duringStart),
    during: bars.slice(duringStart, afterStart),
    after: bars.slice(afterStart, closedEnd),
    barMs,
    asOfMs,
    endCloseMs: flush.endMs + barMs,
  };
  return { windows, beforeFrom: lo, beforeTo: duringStart };
}

/** The pre-flush baselines of {@link aftermathFacts}, over the bars `before` spans. */
function baselinesOf(
  series: MarketSeries,
  flush: FlushEvent,
  before: { beforeFrom: number; beforeTo: number },
  config: RegimeConfig,
): PreFlushBaselines {
  const { bars } = series;
  const from = (days: number) =>
    Math.min(
      before.beforeTo,
      Math.max(before.beforeFrom, firstBarAt(bars, flush.startMs - days * 86_400_000)),
    );
  const funding = fundingBaseline(bars, from(config.fundingBaselineDays), before.beforeTo);
  return {
    fundingMedian8h: funding?.median ?? null,
    fundingMad8h: funding?.mad ?? null,
    spotPerpHourlyMedian: spotPerpHourlyMedian(bars, from(30), before.beforeTo),
  };
}

function describeSources(series: MarketSeries): RuleSources {
  const venues = `${series.venues.length} venue${series.venues.length === 1 ? '' : 's'}`;
  return {
    price: `index price, ${venues}`,
    volume: `spot and perp volume, ${venues}`,
    spotFlow: 'spot taker buy/sell volume',
    perpFlow: 'perp taker buy/sell volume',
    openInterest: `open interest (base units, coverage-adjusted), ${venues}`,
    funding: `funding normalised to 8h, OI-weighted, ${venues}`,
    premium: `mark vs index, OI-weighted, ${venues}`,
  };
}

/**
 * Reads the aftermath of a flush at a checkpoint (DESIGN.md §5 v2) as the market is then, from
 * the bars closed by `flush end + checkpoint hours` only. Every rule of every label of the
 * flush's side becomes an evidence item; the first label in precedence whose must-hold rules
 * all pass wins. A two-sided washout is read in the direction of its net price move.
 * @example classifyRegime(series, flush, '24h', configSchema.parse({}).regime).label // 'reclaim'
 */
export function classifyRegime(
  series: MarketSeries,
  flush: FlushEvent,
  checkpoint: Checkpoint,
  config: RegimeConfig,
): RegimeAssessment {
  const side =
    flush.side === 'two-sided' ? (flush.priceMovePct < 0 ? 'long' : 'short') : flush.side;
  const d = side === 'long' ? 1 : -1;
  const asOfMs = checkpointAsOfMs(flush, checkpoint, series.barMinutes);
  const lookback = {
    lookbackMs:
      Math.max(config.fundingBaselineDays, 30, config.referenceLookbackHours / 24) * 86_400_000,
    levelsLookbackMs: Math.max(config.referenceLookbackHours, ATR_LOOKBACK_HOURS) * 3_600_000,
  };
  const { windows, ...before } = splitWindows(series, flush, asOfMs, lookback);
  const levels = aftermathLevels(windows.before, flush, d, config);
  const baselines = baselinesOf(series, flush, before, config);
  const facts = aftermathFacts(windows, flush, levels, config, baselines);
  const coverage =
    windows.after.length > 0
      ? windows.after.reduce((sum, b) => sum + b.coverage, 0) / windows.after.length
      : (windows.during.at(-1)?.coverage ?? 0);
  const ctx = { f: facts, levels, config, src: describeSources(series), d, asOfMs } as const;
  const evidence = evaluateRegimeRules(ctx);
  const precedence = labelsByPrecedence(d);
  const noBarsAfter = windows.after.length === 0;
  const decision = noBarsAfter
    ? {
        label: 'inconclusive' as const,
        supportShare: 0,
        confidence: 'low' as const,
        candidates: [],
      }
    : decideRegime(evidence, precedence, coverage, config);
  const lastBar = series.bars.at(-1);
  const truncated =
    lastBar === undefined || lastBar.openTimeMs + series.barMinutes * 60_000 < asOfMs;
  return {
    label: decision.label,
    side,
    checkpoint,
    asOfMs,
    confidence: decision.confidence,
    coverage,
    supportShare: decision.supportShare,
    levels: toPriceLevels(levels, facts.newExtremePrice),
    facts,
    evidence: orderEvidence(evidence, decision, precedence),
    candidates: decision.candidates,
    missingInputs: describeMissingInputs({
      series,
      facts,
      windows,
      truncated,
      belowMinCoverage: coverage < config.minCoverage,
    }),
  };
}
