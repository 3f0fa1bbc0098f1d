export {
  type BuildSeriesOptions,
  buildMarketSeries,
  findSeriesGaps,
} from './build-market-series.ts';
export { coverageAdjustedOi } from './coverage-adjusted-oi.ts';
export {
  detectFlushes,
  detectLiquidationEvents,
  detectLiquidationSpikes,
  type LiquidationEvents,
  type PivotSettings,
} from './detect-flushes.ts';
export { hasNoLiquidationFeed, withEstimatedLiquidations } from './estimate-liquidations.ts';
export {
  confirmedSwingHighs,
  confirmedSwingLows,
  findSwingPivots,
  type SwingPivot,
} from './find-swing-pivots.ts';
export { findUnwatchedLiquidations, unwatchedWithin } from './find-unwatched-liquidations.ts';
export { FUNDING_NORMAL_HOURS, toFundingRate8h } from './normalize-funding.ts';
export { averageTrueRange } from './regime/average-true-range.ts';
export {
  CHECKPOINTS,
  checkpointAsOfMs,
  checkpointHours,
  latestCheckpoint,
} from './regime/checkpoints.ts';
export { classifyRegime } from './regime/classify-regime.ts';
export { findReclaim } from './regime/find-reclaim.ts';
export { computeRegimeLevels, type RegimeLevels, toPriceLevels } from './regime/regime-levels.ts';
export { measureRegime, type RegimeMeasures } from './regime/regime-measures.ts';
export { evaluateRegimeRules, labelsByPrecedence } from './regime/regime-rules.ts';
export {
  decideRegime,
  HIGH_CONFIDENCE_SCORE,
  type LabelScore,
  orderEvidence,
  type RegimeDecision,
  scoreLabel,
} from './regime/regime-scoring.ts';
export { resampleBars } from './resample-bars.ts';
export {
  mean,
  median,
  medianAbsoluteDeviation,
  percentile,
  ROBUST_Z_CAP,
  robustZScore,
  standardDeviation,
} from './robust-stats.ts';
