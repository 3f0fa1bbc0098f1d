/** `long` = long positions flushed (price down); `short` = shorts squeezed (price up). */
export type FlushSide = 'long' | 'short';

/** Size class by liquidations ÷ open interest (DESIGN.md §5). */
export type FlushTier = 'minor' | 'major' | 'extreme';

/** A detected liquidation flush of one asset. */
export interface FlushEvent {
  asset: string;
  /** `two-sided` is a washout where neither side dominated (dominance < threshold). */
  side: FlushSide | 'two-sided';
  startMs: number;
  /** Open time of the last bar of the event. */
  endMs: number;
  /** Open time of the bar with the most liquidations. */
  peakBarMs: number;
  liqLongUsd: number;
  liqShortUsd: number;
  liqTotalUsd: number;
  /** True when at least one venue's feed is throttled/absent: totals are "at least". */
  liqIsLowerBound: boolean;
  /** True when liquidations were estimated from the OI drop rather than observed. */
  liqEstimated: boolean;
  /** max(long, short) / total, 0..1. */
  dominance: number;
  /**
   * Liquidations ÷ open interest (USD) just before the event, as a fraction: the open interest
   * of the venues whose liquidations are counted where the bars keep it (`fedOiUsd`), so a venue
   * without a feed does not dilute it; all venues' otherwise.
   */
  liqToOi: number;
  /** Whose open interest `liqToOi` and `liqToOi24h` divide by: the fed venues' or every venue's. */
  liqToOiOf: 'fed' | 'all';
  /**
   * The measure that decides the tier: the event's liquidations plus its side's liquidations in
   * the rest of the 24 h ending with its last bar, other flushes left out, ÷ OI before it (never
   * below `liqToOi`).
   */
  liqToOi24h: number;
  /** Index price move from start open to end close, as a fraction. */
  priceMovePct: number;
  /**
   * Displacement of the trigger window in σ of window-length log returns over the baseline (σ of
   * 60-minute returns with the default window: the same unit on 5-, 30- and 60-minute bars).
   */
  displacementSigma: number;
  /** Robust z-score of log(1 + L) of the trigger window. */
  liqZScore: number;
  /** OI (base units) change from before the event to its minimum after, as a fraction; null if OI unknown. */
  oiChangePct: number | null;
  oiBeforeBase: number | null;
  oiBeforeUsd: number | null;
  /** `confirmed` ≥ 3 % OI drop, `deep-reset` ≥ 10 %, `unconfirmed` otherwise or unknown. */
  oiConfirmation: 'unconfirmed' | 'confirmed' | 'deep-reset';
  /** True when L < 1/5 of the OI drop in USD: undercounted or voluntary deleveraging. */
  liqUndercountSuspected: boolean;
  tier: FlushTier;
  /** Price before the event: the open of its first bar. */
  priceBefore: number;
  /** The flush extreme (lowest low for a long flush, highest high for a short squeeze). */
  extremePrice: number;
  extremeMs: number;
  /** Last confirmed swing level the flush broke, or null if it broke none. */
  brokenLevel: number | null;
  /** Share of OI that reported during the event, 0..1. */
  coverage: number;
}
