import type { MarketSeries } from '../../model/index.ts';
import type { RegimeLevels } from './regime-levels.ts';
import type { RegimeMeasures } from './regime-measures.ts';

/** What the reader is told when an input was missing. */
export interface MissingInputContext {
  series: MarketSeries;
  levels: RegimeLevels;
  m: RegimeMeasures;
  /** True when the series ends before the checkpoint. */
  truncated: boolean;
  belowMinCoverage: boolean;
}

/** Sentences naming each missing input and which rules it left unevaluated. */
export function describeMissingInputs(ctx: MissingInputContext): string[] {
  const { series, levels, m } = ctx;
  const out: string[] = [];
  const spotVolumeMissing = series.bars.every((b) => b.spotVolumeUsd === null);
  if (spotVolumeMissing) {
    out.push(
      'Spot volume was not available, so the spot/perp ratio and spot CVD were not evaluated.',
    );
  } else {
    if (m.spotPerpRatioRelative === null) {
      out.push(
        'Spot and perp volume did not overlap enough to compare the spot/perp ratio with its median.',
      );
    }
    if (m.spotCvdUsd === null)
      out.push('Spot taker-buy volume was not available, so spot CVD was not evaluated.');
  }
  if (m.perpCvdUsd === null)
    out.push('Perp taker-buy volume was not available, so perp CVD was not evaluated.');
  if (m.rebuildRatio === null) {
    out.push(
      'Open interest before and after the flush was not available, so the OI rebuild ratio was not evaluated.',
    );
  }
  if (m.oiChangeSinceEndPct === null)
    out.push('Open interest after the flush was not available, so OI changes were not evaluated.');
  if (m.fundingNow8h === null)
    out.push('Funding rates were not available, so the funding rules were not evaluated.');
  if (m.premiumNow === null)
    out.push('Mark and index prices were not available, so the premium rules were not evaluated.');
  if (levels.kBreak === null) {
    out.push(
      'No swing level was confirmed before the flush, so the reclaim trigger and the stabilizing range were not evaluated.',
    );
  } else if (levels.atr1h === null) {
    out.push(
      'Too little hourly history before the flush to measure ATR, so the ATR-based levels were not evaluated.',
    );
  }
  if (m.volatilityRatio === null)
    out.push('Too few bars after the flush to compare volatility with the flush itself.');
  for (const venue of series.missingVenues) {
    out.push(
      `Data from ${venue} was missing for part or all of the period, so totals cover the other venues only.`,
    );
  }
  if (ctx.truncated)
    out.push(
      'The data ends before this checkpoint, so the assessment uses the latest bars available.',
    );
  if (ctx.belowMinCoverage)
    out.push('Too little of the open interest reported to classify the regime.');
  return out;
}
