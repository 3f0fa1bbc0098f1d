import type { FlushSide } from './flush-event.ts';

/** Regime labels for a long flush; the short-squeeze mirrors follow. */
export type RegimeLabel =
  | 'reclaim'
  | 'failed-reclaim'
  | 'shorts-trapped'
  | 'grind-lower'
  | 'releveraging-risk'
  | 'stabilizing'
  | 'rejection'
  | 'failed-rejection'
  | 'longs-trapped'
  | 'grind-higher'
  | 'inconclusive';

/** Hours after the flush end at which the regime is assessed. */
export type Checkpoint = '1h' | '4h' | '24h' | '72h';

/** Outcome of one rule. `n/a` = the input was missing; it is left out of the score. */
export type EvidenceStatus = 'pass' | 'fail' | 'n/a';

/** One rule behind a label, as the article's evidence table shows it. */
export interface Evidence {
  /** Stable id, e.g. `reclaim-within-24h`. */
  ruleId: string;
  /** The label this rule belongs to. */
  label: RegimeLabel;
  /** `must` rules decide whether the label can win; `support` rules score it. */
  role: 'must' | 'support';
  /** Plain-language statement of the rule, e.g. "Spot/perp volume ratio ≥ 1.2× its median". */
  description: string;
  /** The measured value (null when not available) and its unit for formatting. */
  value: number | null;
  unit: 'usd' | 'price' | 'pct' | 'share' | 'ratio' | 'rate8h' | 'bool' | 'sigma';
  /** Human-readable threshold, e.g. "≥ 1.2". */
  threshold: string;
  status: EvidenceStatus;
  /** Where the value came from, e.g. "spot + perp volume, 3 venues". */
  source: string;
  /**
   * For a passing must-hold rule: whether it passed by a clear margin (confidence needs one);
   * absent on supports and on rules that did not pass.
   */
  clearMargin?: boolean;
  /** For a support that failed: what is true instead, in words ("open interest rebuilt"). */
  failedText?: string;
  /** For a rule without a value only because too little time has passed: why, in words. */
  notYetText?: string;
  /**
   * Decimals to print a `pct` value with, when its threshold was computed and printed to as
   * many: so "−0.97 %" stands beside "≥ −0.99 %", not "−1.0 %" beside it. Absent: the unit's own.
   */
  valueDecimals?: number;
}

/**
 * A key price level of the aftermath. One level model serves every section and chart:
 * `reference` is the level the reading is judged against (the 24-hour low or high the flush
 * broke, or the price where the flush began when it broke none), `reclaim-trigger` the line
 * closes must hold beyond to reclaim it, `extreme` the flush extreme, `mid` half-way back,
 * `new-extreme` the furthest price printed beyond the flush extreme since it ended.
 */
export interface PriceLevel {
  kind: 'reference' | 'reclaim-trigger' | 'extreme' | 'mid' | 'new-extreme';
  price: number;
  /** Short human label, e.g. "Broken 24-hour low". */
  label: string;
}

/** How the reference level `K` was found. */
export type ReferenceLevelSource = 'broken-range-extreme' | 'flush-start';

/**
 * What the market looked like at a checkpoint, in long-flush terms mirrored for a squeeze
 * (DESIGN.md §5 v2). Every sentence of the article about the aftermath is built from these.
 * `null` = the input was not available.
 */
export interface AftermathFacts {
  /** Close of the last bar closed by the checkpoint, and that close's time. */
  priceNow: number;
  priceNowAtMs: number;
  /** `P_pre` (open of the flush's first bar) and `X` (the flush extreme). */
  priceBefore: number;
  extremePrice: number;
  /** `R = (P − X) / (P_pre − X)`: 0 at the extreme, 1 back where the flush began, < 0 beyond it. */
  retraceFrac: number;
  /** `K`, and whether it is a broken 24-hour low/high or the flush's starting price. */
  referencePrice: number;
  referenceSource: ReferenceLevelSource;
  /** Hours before the flush the reference range covers. */
  referenceLookbackHours: number;
  /** `K` plus (minus, for a squeeze) the ATR buffer: closes must hold beyond it (`K` without ATR). */
  reclaimLine: number;
  /** ATR(14) of hourly bars closed before the flush, USD. */
  atr1hUsd: number | null;
  /** Every close of the last `holdMinutes` beyond the reclaim line. */
  holdingNow: boolean;
  /** The first time since the flush that closes held beyond the line for `holdMinutes`. */
  firstHeldAtMs: number | null;
  /** When the current hold was confirmed (a full `holdMinutes` of closes beyond); null while not holding. */
  heldSinceMs: number | null;
  /** The first close of the run of closes beyond the line the current hold belongs to; null while not holding. */
  closesBeyondSinceMs: number | null;
  /** The close nearest the wrong side of the line among the last `holdMinutes` of closes. */
  weakestWindowClose: number | null;
  /** The last time a hold beyond the line was lost, even if it was won back since. */
  lostAtMs: number | null;
  /** How many times a hold was lost since the flush. */
  lossCount: number;
  /** Beyond this price a low (high) is a new extreme: the flush extreme plus the ATR buffer. */
  newExtremeLine: number;
  /**
   * The price at which the retrace reaches `newExtremeMaxRetrace` (half-way back by default): a
   * new extreme says the move goes on only while price stays short of it.
   */
  newExtremeRetraceLine: number;
  /** The price at which the retrace reaches `grindMaxRetrace`: a grind ends beyond it. */
  grindLine: number;
  /** The furthest price beyond the flush extreme (by more than the ATR buffer) since it ended. */
  newExtremePrice: number | null;
  /** When that furthest price was printed. */
  newExtremeAtMs: number | null;
  /** Open interest in base units: before the flush, its trough since the flush began, now. */
  oiBeforeBase: number | null;
  oiTroughBase: number | null;
  oiNowBase: number | null;
  /** OI now against before the flush, and against the flush's end, as fractions. */
  oiVsBeforeFrac: number | null;
  oiVsEndFrac: number | null;
  /** Share of the OI drop rebuilt since the trough; null when OI never fell below its pre-flush level. */
  oiRebuildFrac: number | null;
  /** OI back at its pre-flush level, or at least `rebuildRatio` of its drop rebuilt. */
  oiRebuilt: boolean | null;
  /** Funding normalised to 8h: now (mean of the last hour), and the asset's own pre-flush 30-day median and MAD. */
  fundingNow8h: number | null;
  fundingMedian8h: number | null;
  fundingMad8h: number | null;
  /** Perp premium over index now (mean of the last hour). */
  premiumNow: number | null;
  /** Post-flush spot/perp volume ratio ÷ its trailing hourly median. */
  spotPerpRatioRelative: number | null;
  /** Taker buy − sell volume since the flush, USD. */
  spotCvdUsd: number | null;
  perpCvdUsd: number | null;
  /** Hourly realised volatility since the flush ÷ the flush's own. */
  volatilityRatio: number | null;
}

/** The post-flush regime at one checkpoint, with the evidence behind it. */
export interface RegimeAssessment {
  label: RegimeLabel;
  side: FlushSide;
  checkpoint: Checkpoint;
  /** Time of the assessment (flush end + checkpoint), ms. */
  asOfMs: number;
  confidence: 'low' | 'medium' | 'high';
  /** Share (0..1) of OI covered by the data behind the assessment. */
  coverage: number;
  /** Share of the winning label's evaluated supports that held (0 when none could be evaluated). */
  supportShare: number;
  levels: PriceLevel[];
  /** The measured market the rules were evaluated on. */
  facts: AftermathFacts | null;
  /** Every rule of every candidate label, winners first. */
  evidence: Evidence[];
  /** Labels whose must-hold rules all passed, in precedence order (the winner first). */
  candidates: RegimeLabel[];
  /** Inputs that were missing and why, as sentences for the reader. */
  missingInputs: string[];
}
