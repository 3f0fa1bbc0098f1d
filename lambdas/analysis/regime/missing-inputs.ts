import type { AftermathFacts, MarketSeries } from '../../model/index.ts';
import type { AftermathWindows } from './aftermath-measures.ts';
import { seriesHasSpot } from './pre-flush-baselines.ts';

/** What the reader is told when an input was missing. */
export interface MissingInputContext {
  series: MarketSeries;
  facts: AftermathFacts;
  windows: AftermathWindows;
  /** True when no bar closes at the checkpoint: the data ends before it, or has a gap there. */
  truncated: boolean;
  belowMinCoverage: boolean;
}

function flowSentence(series: MarketSeries, facts: AftermathFacts): string | null {
  const spot = seriesHasSpot(series.bars);
  const flow = facts.perpCvdUsd !== null || facts.spotCvdUsd !== null;
  if (!spot && !flow)
    return 'This data has no spot market and no taker buy/sell volume, so spot demand and order flow were not read.';
  if (!spot) return 'This data has no spot market, so spot demand was not read.';
  if (!flow) return 'This data has no taker buy/sell volume, so order flow was not read.';
  return null;
}

/**
 * Sentences naming each missing input that changed what could be read, once each. Venue
 * outages are the report's data notes, not repeated here.
 */
export function describeMissingInputs(ctx: MissingInputContext): string[] {
  const { series, facts } = ctx;
  const out: string[] = [];
  const flow = flowSentence(series, facts);
  if (flow) out.push(flow);
  if (facts.oiNowBase === null)
    out.push(
      'Open interest was not available after the flush, so leverage rebuilding was not judged.',
    );
  if (facts.fundingNow8h === null)
    out.push('Funding was not available at this checkpoint, so it was not compared.');
  else if (facts.fundingMedian8h === null)
    out.push(
      'There is no funding history before the flush, so funding was not compared with its usual level.',
    );
  if (facts.atr1hUsd === null)
    out.push(
      'There is too little hourly history before the flush to measure its typical range, so the reclaim line sits on the level itself.',
    );
  // A series read as of the checkpoint cannot tell its end from a gap (7 Feb 2026's 4h lacked
  // only its 11:00 bar, and its next reading came): the sentence is true of both.
  if (ctx.truncated)
    out.push(
      'The data has no bar closing at this checkpoint, so the reading uses the latest bars before it.',
    );
  if (ctx.belowMinCoverage)
    out.push('Too little of the open interest reported to read the market.');
  return out;
}
