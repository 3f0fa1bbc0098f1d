import type { FlushSide, FlushTier } from './flush-event.ts';
import type {
  AftermathFacts,
  Checkpoint,
  ReferenceLevelSource,
  RegimeAssessment,
  RegimeLabel,
} from './regime.ts';
import type { ReportKind } from './report.ts';

/** An hour of the flush ranked against the hours of the 30 days before it. */
export interface HourRankFacts {
  hourMs: number;
  value: number;
  /** 1 = the largest. */
  rank: number;
  ofHours: number;
  baselineDays: number;
}

/** The flush as the article tells it; every figure the article quotes about it. */
export interface FlushFacts {
  side: FlushSide | 'two-sided';
  startMs: number;
  /** Close of the flush's last bar: the one end time every section and chart uses. */
  endCloseMs: number;
  priceBefore: number;
  extremePrice: number;
  extremeMs: number;
  /** Move from `priceBefore` to the extreme, and to the close of the flush's last bar. */
  extremeMoveFrac: number;
  endPrice: number;
  endMoveFrac: number;
  /** Lowest low and highest high during the flush (a washout's range). */
  rangeLow: number;
  rangeHigh: number;
  liqLongUsd: number;
  liqShortUsd: number;
  liqTotalUsd: number;
  liqIsLowerBound: boolean;
  liqEstimated: boolean;
  /** The venues the totals cover, under the names readers know. */
  venueNames: string[];
  /** Share of the liquidations on the liquidated side (`long` for a flush). */
  dominantShare: number;
  peakBarMs: number;
  /** OI (base units) from before the flush to its lowest during or just after it. */
  oiChangeFrac: number | null;
  oiBeforeBase: number | null;
  oiConfirmation: 'unconfirmed' | 'confirmed' | 'deep-reset';
  liqUndercountSuspected: boolean;
  tier: FlushTier;
  /** The flush's own liquidations ÷ OI before it. */
  liqToOi: number;
  /**
   * The venues whose OI `liqToOi` divides by when that leaves out a venue without a liquidation
   * feed (Hyperliquid), under the names readers know; null when it is every venue's.
   */
  liqToOiVenueNames: string[] | null;
  /**
   * The measure that decided the tier: the flush's liquidations plus its side's in the rest of
   * the 24 h to its end, other flushes left out, ÷ OI.
   */
  liqToOi24h: number;
  /** Tier thresholds of that measure. */
  tierThresholds: { minor: number; major: number; extreme: number };
  /** `K`: the level the aftermath is judged against (one level model). */
  referencePrice: number;
  referenceSource: ReferenceLevelSource;
  sharpestHour: HourRankFacts | null;
  busiestLiquidationHour: HourRankFacts | null;
  /** Mean funding (8h) and premium in the 24 h before the flush, and funding's 30-day median. */
  fundingBefore8h: number | null;
  premiumBefore: number | null;
  fundingMedian8h: number | null;
}

/** The reading at this report's checkpoint. */
export interface ReadingFacts {
  label: RegimeLabel;
  confidence: RegimeAssessment['confidence'];
  checkpoint: Checkpoint;
  asOfMs: number;
  facts: AftermathFacts;
  /** The winning reading's supports, by outcome (their descriptions). */
  supportsHeld: string[];
  supportsFailed: string[];
  /** Supports this data cannot check at all (no spot market, say). */
  supportsMissing: string[];
  /** Supports without a value yet, only because too little time has passed: why, in words. */
  supportsNotYet: string[];
}

/** The previous checkpoint's reading, for "what changed". */
export interface PreviousReadingFacts {
  label: RegimeLabel;
  checkpoint: Checkpoint;
  asOfMs: number;
  priceNow: number;
  oiNowBase: number | null;
  fundingNow8h: number | null;
  holdingNow: boolean;
  /** Holds lost since the flush by that reading: later losses are this reading's news. */
  lossCount: number;
  oiRebuilt: boolean | null;
  newExtremeAtMs: number | null;
}

/** The last day of a report without a flush. */
export interface RecentFacts {
  /** Price change over the day (or over what the data covers of it) and its span. */
  priceFromFrac: number | null;
  priceFrom: number | null;
  spanMs: number;
  liqLongUsd: number | null;
  liqShortUsd: number | null;
  /** How long the liquidation feeds were heard in that day. */
  listenedMs: number;
  fundingNow8h: number | null;
  /** Median funding (8h) over the closed bars of the last 30 days the series holds. */
  fundingMedian30d8h: number | null;
  oiNowUsd: number | null;
  /** Open interest now, in the asset's units, and its change over the day (base units). */
  oiNowBase: number | null;
  oiFromFrac: number | null;
}

/**
 * Every fact an article is built from, published in `data.json`: a sentence may only assert
 * what these show.
 */
export interface ReportFacts {
  asset: string;
  kind: ReportKind;
  asOfMs: number;
  /** The close of the last bar closed by `asOfMs`: the one "now" price of the report. */
  now: { price: number; atMs: number } | null;
  flush: FlushFacts | null;
  reading: ReadingFacts | null;
  previous: PreviousReadingFacts | null;
  /** Flushes that followed this one before the report, oldest first. */
  laterFlushes: Array<{
    side: FlushSide | 'two-sided';
    startMs: number;
    /** Its last bar's open: the reading before this one listed it if this was by its time. */
    endMs: number;
    liqTotalUsd: number;
    liqIsLowerBound: boolean;
    liqEstimated: boolean;
  }>;
  /**
   * The next scheduled reading; null on the last one (72h), without a reading, or when
   * replayed history ends before it (then {@link historyEndsBefore} says so).
   */
  nextCheckpoint: { checkpoint: Checkpoint; atMs: number } | null;
  /** Replayed history that ends before the next checkpoint: which one, and the history's end. */
  historyEndsBefore: { checkpoint: Checkpoint; historyEndsMs: number } | null;
  /**
   * A digest's day had no flush: the last flush before that day, if the data has one. Its
   * story was told when it happened; the digest only names it.
   */
  earlierFlush: {
    side: FlushSide | 'two-sided';
    startMs: number;
    endCloseMs: number;
    liqTotalUsd: number;
    liqIsLowerBound: boolean;
    liqEstimated: boolean;
  } | null;
  /**
   * Every reading of the flush so far, oldest first (the earlier checkpoints and this one):
   * the story's dated update log.
   */
  updates: Array<{
    checkpoint: Checkpoint;
    asOfMs: number;
    label: RegimeLabel;
    priceNow: number;
    oiNowBase: number | null;
  }>;
  recent: RecentFacts;
}
