import type { RegimeConfig } from '../../config.ts';
import type { Checkpoint, FlushEvent, MarketSeries, RegimeAssessment } from '../../model/index.ts';
import { firstBarAt } from '../first-bar-at.ts';
import { aftermathLevels, toPriceLevels } from './aftermath-levels.ts';
import { type AftermathWindows, aftermathFacts } from './aftermath-measures.ts';
import { checkpointAsOfMs } from './checkpoints.ts';
import { describeMissingInputs } from './missing-inputs.ts';
import { evaluateRegimeRules, labelsByPrecedence, type RuleSources } from './regime-rules.ts';
import { decideRegime, orderEvidence } from './regime-scoring.ts';

function splitWindows(
  series: MarketSeries,
  flush: FlushEvent,
  asOfMs: number,
  lookbackMs: number,
): AftermathWindows {
  const barMs = series.barMinutes * 60_000;
  const before: MarketSeries['bars'] = [];
  const during: MarketSeries['bars'] = [];
  const after: MarketSeries['bars'] = [];
  // Only the history the rules look back over (funding's and spot's 30 days), so a reading costs
  // the same however long the series is.
  for (
    let i = firstBarAt(series.bars, flush.startMs - lookbackMs);
    i < series.bars.length;
    i += 1
  ) {
    const bar = series.bars[i] as MarketSeries['bars'][number];
    // Only bars closed by the checkpoint: no look-ahead.
    if (bar.openTimeMs + barMs > asOfMs) break;
    if (bar.openTimeMs < flush.startMs) before.push(bar);
    else if (bar.openTimeMs <= flush.endMs) during.push(bar);
    else after.push(bar);
  }
  return { before, during, after, barMs, asOfMs, endCloseMs: flush.endMs + barMs };
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
  const lookbackMs =
    Math.max(config.fundingBaselineDays, 30, config.referenceLookbackHours / 24) * 86_400_000;
  const windows = splitWindows(series, flush, asOfMs, lookbackMs);
  const levels = aftermathLevels(windows.before, flush, d, config);
  const facts = aftermathFacts(windows, flush, levels, config);
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
