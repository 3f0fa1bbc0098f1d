export { buildCoinSeries, type CoinSeriesSet } from './build-coin-series.ts';
export {
  type BuildSeriesOptions,
  buildMarketSeries,
  findSeriesGaps,
} from './build-market-series.ts';
export {
  buildMarketWideSeries,
  MAX_COIN_OI_SHARE_FACTOR,
} from './build-market-wide-series.ts';
export { coverageAdjustedOi } from './coverage-adjusted-oi.ts';
export {
  detectFlushes,
  detectLiquidationEvents,
  detectLiquidationSpikes,
  type LevelSettings,
  type LiquidationEvents,
} from './detect-flushes.ts';
export {
  detectMarketFlushes,
  type MarketFlush,
  type MarketFlushes,
} from './detect-market-flushes.ts';
export { hasNoLiquidationFeed, withEstimatedLiquidations } from './estimate-liquidations.ts';
export { findUnwatchedLiquidations, unwatchedWithin } from './find-unwatched-liquidations.ts';
export {
  barProblem,
  findInstrumentProblems,
  firstInstrumentProblem,
  type InstrumentProblems,
  instrumentRefusalReason,
} from './gates/instrument-problems.ts';
export {
  MAX_FUNDING_RATE_PER_HOUR,
  MAX_INSTRUMENT_USD,
  MAX_LIQUIDATION_TO_OI,
  MAX_OI_JUMP_FACTOR,
  MAX_PRICE_FACTOR,
} from './gates/plausibility-limits.ts';
export { FUNDING_NORMAL_HOURS, toFundingRate8h } from './normalize-funding.ts';
export { completeMarketBeyond, readMarketBeyond } from './read-market-beyond.ts';
export { type ReferenceLevel, referenceLevel } from './reference-level.ts';
export {
  type AftermathLevels,
  aftermathLevels,
  toPriceLevels,
} from './regime/aftermath-levels.ts';
export { type AftermathWindows, aftermathFacts } from './regime/aftermath-measures.ts';
export { averageTrueRange } from './regime/average-true-range.ts';
export {
  CHECKPOINTS,
  checkpointAsOfMs,
  checkpointBefore,
  checkpointHours,
  latestCheckpoint,
} from './regime/checkpoints.ts';
export { classifyRegime } from './regime/classify-regime.ts';
export { type HoldTrack, newExtremeSince, trackHold } from './regime/price-path.ts';
export { evaluateRegimeRules, labelsByPrecedence } from './regime/regime-rules.ts';
export {
  confidenceOf,
  decideRegime,
  type LabelStanding,
  labelStanding,
  orderEvidence,
  type RegimeDecision,
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
