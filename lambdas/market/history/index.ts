export { attachFunding, attachOpenInterest, mergeLiquidations } from './align-history.ts';
export { detectBarMinutes, intervalTokenMinutes } from './bar-interval.ts';
export { BINANCE_KLINE_COLUMNS, parseBinanceKlines } from './binance-klines-importer.ts';
export { parseBinanceFunding, parseBinanceMetrics } from './binance-metrics-importer.ts';
export {
  buildHistorySeries,
  type HistoryFile,
  type HistoryOptions,
  type HistorySeries,
} from './build-history-series.ts';
export {
  COINGLASS_VENUE,
  parseCoinglassLiquidations,
  parseCoinglassRegime,
} from './coinglass-importer.ts';
export {
  type CheckpointEvaluation,
  type EvaluationSummary,
  type EventEvaluation,
  evaluateFindings,
  FORWARD_HOURS,
  type ForwardMove,
  summarizeEvaluation,
} from './evaluate-replay.ts';
export { HistoryDataError } from './history-data-error.ts';
export { assetOfSymbol, classifyHistoryFile, type HistoryFileKind } from './history-file-kind.ts';
export {
  type Agreement,
  agreement,
  type LabelledEvent,
  type LabelledSet,
  parseLabelledSet,
  READING_FAMILIES,
  type ReadingFamily,
  readingFamily,
} from './labelled-readings.ts';
export { loadHistoryFolder } from './load-history-folder.ts';
export {
  type ReplayFinding,
  type ReplayOptions,
  type ReplaySegment,
  replayHistory,
} from './replay-history.ts';
export { describeUnusableSegment } from './segment-status.ts';
export { MAX_GAP_BARS, splitSegments } from './split-segments.ts';
