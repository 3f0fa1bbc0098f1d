import type { RegimeConfig } from '../../config.ts';
import type { Checkpoint, FlushEvent, MarketSeries, RegimeAssessment } from '../../model/index.ts';
import { checkpointAsOfMs } from './checkpoints.ts';
import { describeMissingInputs } from './missing-inputs.ts';
import { computeRegimeLevels, toPriceLevels } from './regime-levels.ts';
import { measureRegime, type RegimeWindows } from './regime-measures.ts';
import { evaluateRegimeRules, labelsByPrecedence, type RuleSources } from './regime-rules.ts';
import { decideRegime, orderEvidence } from './regime-scoring.ts';

function splitWindows(series: MarketSeries, flush: FlushEvent, asOfMs: number): RegimeWindows {
  const barMs = series.barMinutes * 60_000;
  // Only bars closed by the checkpoint: no look-ahead.
  const visible = series.bars.filter((b) => b.openTimeMs + barMs <= asOfMs);
  return {
    before: visible.filter((b) => b.openTimeMs < flush.startMs),
    during: visible.filter((b) => b.openTimeMs >= flush.startMs && b.openTimeMs <= flush.endMs),
    after: visible.filter((b) => b.openTimeMs > flush.endMs),
    asOfMs,
    endCloseMs: flush.endMs + barMs,
  };
}

function describeSources(series: MarketSeries): RuleSources {
  const venues = `${series.venues.length} venue${series.venues.length === 1 ? '' : 's'}`;
  return {
    price: `perp prices, mean of ${venues}`,
    volume: `spot and perp volume, ${venues}`,
    spotFlow: 'spot taker buy/sell volume',
    perpFlow: 'perp taker buy/sell volume',
    openInterest: `open interest (base units, coverage-adjusted), ${venues}`,
    funding: `funding normalised to 8h, OI-weighted, ${venues}`,
    premium: `mark vs index, OI-weighted, ${venues}`,
  };
}

/**
 * Classifies the post-flush regime at a checkpoint (DESIGN.md §5) using only
 * bars closed by `flush end + checkpoint hours`. Every rule of every label of
 * the flush's side becomes an evidence item; `n/a` rules leave the score's
 * denominator, and a label with an `n/a` must-hold rule cannot win. A
 * two-sided washout is assessed in the direction of its net price move.
 * @example classifyRegime(series, flush, '24h', configSchema.parse({}).regime)
 */
export function classifyRegime(
  series: MarketSeries,
  flush: FlushEvent,
  checkpoint: Checkpoint,
  config: RegimeConfig,
): RegimeAssessment {
  const side =
    flush.side === 'two-sided' ? (flush.priceMovePct < 0 ? 'long' : 'short') : flush.side;
  const direction = side === 'long' ? 1 : -1;
  const asOfMs = checkpointAsOfMs(flush, checkpoint, series.barMinutes);
  const windows = splitWindows(series, flush, asOfMs);
  const visible = [...windows.before, ...windows.during, ...windows.after];
  const levels = computeRegimeLevels(visible, flush, direction, config);
  const measures = measureRegime(windows, flush, levels, config);
  const evidence = evaluateRegimeRules(measures, levels, config, describeSources(series));
  const precedence = labelsByPrecedence(direction);
  const decision = decideRegime(evidence, precedence, measures.coverage, config);
  const lastBar = series.bars[series.bars.length - 1];
  const truncated =
    lastBar === undefined || lastBar.openTimeMs + series.barMinutes * 60_000 < asOfMs;
  return {
    label: decision.label,
    side,
    checkpoint,
    asOfMs,
    confidence: decision.confidence,
    coverage: measures.coverage,
    score: decision.score,
    levels: toPriceLevels(levels),
    evidence: orderEvidence(evidence, decision, precedence),
    candidates: decision.candidates,
    missingInputs: describeMissingInputs({
      series,
      levels,
      m: measures,
      truncated,
      belowMinCoverage: measures.coverage < config.minCoverage,
    }),
  };
}
