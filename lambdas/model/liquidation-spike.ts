import type { FlushSide } from './flush-event.ts';

/**
 * A burst of liquidations big enough to trigger the flush detector (size against the
 * asset's baseline and against OI) that moved the price too little to be a flush
 * (DESIGN.md §5): reported in the digest, never flashed.
 */
export interface LiquidationSpike {
  asset: string;
  /** The liquidated side; `two-sided` when neither reached the dominance threshold. */
  side: FlushSide | 'two-sided';
  /** Open time of the first bar. */
  startMs: number;
  /** Close of the last bar (a FlushEvent's `endMs` is its last bar's open). */
  endMs: number;
  liqLongUsd: number;
  liqShortUsd: number;
  liqTotalUsd: number;
  /** True when at least one venue's feed is throttled, absent or unwatched: totals are "at least". */
  liqIsLowerBound: boolean;
  /** True when liquidations were estimated from the OI drop rather than observed. */
  liqEstimated: boolean;
  /** Liquidations ÷ open interest (USD) just before the spike, as a fraction. */
  liqToOi: number;
  /** Price move from the first bar's open to the last bar's close, as a fraction. */
  priceMoveFrac: number;
  /**
   * Move from the first open to the wick extreme on the liquidated side (the low for longs,
   * the high for shorts, the farther of the two when two-sided), as a fraction.
   */
  maxMoveFrac: number;
  /** The largest move of its windows in σ of window-length returns: under the flush threshold. */
  maxMoveSigma: number;
  /** Largest robust z-score of log(1 + L) among its windows. */
  liqZScore: number;
}
