import type { FlushSide, FlushTier } from './flush-event.ts';
import type { UnwatchedLiquidations } from './market-series.ts';
import type {
  ExcludedCoin,
  ExcludedReading,
  UnmappedLiquidations,
  VenueLargestLiquidation,
} from './market-wide-series.ts';
import type { Checkpoint, RegimeLabel } from './regime.ts';
import type { ReportMeta } from './report.ts';
import type { LiquidationFeedClass } from './snapshot.ts';

/** Long and short liquidations of a span, in USD. */
export interface LiquidatedUsd {
  longUsd: number;
  shortUsd: number;
  totalUsd: number;
}

/** One coin's row of the market report's table: its liquidations over the report's day. */
export interface MarketCoinRow extends LiquidatedUsd {
  coin: string;
  /** Its share of the market's liquidations over the day, 0..1. */
  shareOfTotal: number;
  /** Its open interest before the market flush, USD; null where no venue reported it. */
  oiBeforeUsd: number | null;
  /** Its own flush detected inside the market's. */
  flushed: boolean;
  /**
   * Its price at the flush's extreme against before it, as a fraction: its own flush's (the same
   * figures the majors are read with) or, for a coin that did not flush, its lowest low (highest
   * high in a squeeze) during the market's flush. Null without bars then.
   */
  extremeMovePct: number | null;
  /** Its price now against the same price before, as a fraction. */
  nowMovePct: number | null;
}

/** One venue's row: its liquidations over the day, and how complete its public feed is. */
export interface MarketVenueRow extends LiquidatedUsd {
  venue: string;
  feed: LiquidationFeedClass;
  /** Symbols its feed was listened to for: all it carries, its top N by OI, or the coins covered (null). */
  scope: 'all' | number | null;
}

/** The coins the feeds carried beyond those covered: liquidations only, no OI or price read. */
export interface MarketOtherCoins extends LiquidatedUsd {
  count: number;
  /** Their share of the day's liquidations, 0..1. */
  shareOfTotal: number;
  /** Each of them, the most liquidated first. */
  coins: Array<{ coin: string; totalUsd: number }>;
}

/**
 * The open interest and funding of coins beyond the covered ones (each venue's top N by open
 * interest, read in bulk), compared coin by coin and venue by venue where both readings exist, so
 * a coin entering or leaving a venue's top N does not pass for leverage coming or going.
 */
export interface MarketBeyondLeverage {
  /** Coins with a reading on some venue both before the flush and at the latest tick. */
  coins: number;
  /** Those coins, the most open interest before the flush first. */
  names: string[];
  /** The largest N any venue read. */
  topN: number;
  venues: string[];
  /** The latest reading at or before the flush's start, and the latest one by the report's time. */
  beforeMs: number;
  nowMs: number;
  beforeUsd: number;
  nowUsd: number;
  /** OI-weighted funding normalised to 8 hours, at each reading. */
  funding: { before8h: number; now8h: number };
}

/** BTC, ETH or SOL read on its own (DESIGN.md §5), as the market report quotes it. */
export interface MarketMajor {
  coin: string;
  /** Its own flush's liquidations, or the day's where it did not flush. */
  liqTotalUsd: number;
  /** Its liquidations over the report's day (the coin table's figure). */
  liqDayUsd: number;
  flushed: boolean;
  /** The reading at the latest checkpoint reached; null without a flush or a checkpoint yet. */
  reading: {
    label: RegimeLabel;
    checkpoint: Checkpoint;
    confidence: 'low' | 'medium' | 'high';
    /**
     * The reading the story's version before this one published (null when it had none: the
     * flash, or a coin whose first checkpoint came after that version): what a follow-up compares.
     */
    previousLabel: RegimeLabel | null;
    /** The checkpoint `previousLabel` was read at, so data.json says which one it is. */
    previousCheckpoint: Checkpoint | null;
  } | null;
  /** When its first reading is due (its 1h checkpoint); null where it did not flush. */
  firstReadingMs: number | null;
  priceBefore: number;
  /** Its flush extreme (low of a long flush); null where it did not flush. */
  extremePrice: number | null;
  priceNow: number;
}

/**
 * What changed between the story's flash and a follow-up (its 4h/24h/72h version): the flash's
 * last bar against the follow-up's, so a reader who had the flash sees what moved since.
 */
export interface MarketSinceFlash {
  /** The close of the last bar the flash report read: its figures ran to here. */
  fromMs: number;
  /** Liquidated in the bars after it, to the report's time (the feeds' other coins included). */
  liquidated: LiquidatedUsd;
  /** The covered coins' open interest at the flash's last bar and now; null where unread. */
  oiThenUsd: number | null;
  oiNowUsd: number | null;
  /** OI-weighted funding normalised to 8 hours, then and now. */
  fundingThen8h: number | null;
  fundingNow8h: number | null;
  /**
   * BTC, ETH and SOL: their close at the flash's last bar and now, and the furthest their price
   * went since in the flush's direction (the lowest low after a long flush, the highest high
   * after a squeeze), to say whether the flush's extreme held.
   */
  majors: Array<{ coin: string; priceThen: number; priceNow: number; extremeSince: number }>;
}

/** Every figure the market report's sentences are built from (published in `data.json`). */
export interface MarketFacts {
  asOfMs: number;
  /**
   * The version of the event's story this report is: the latest checkpoint after the flush the
   * report's time has reached ('1h' for the flash, before or at its first reading).
   */
  version: Checkpoint;
  simulated: boolean;
  /** Some coin's liquidations are lower bounds (throttled or absent feeds): totals read "at least". */
  isLowerBound: boolean;
  coinsCovered: string[];
  venuesCovered: string[];
  flush: LiquidatedUsd & {
    side: FlushSide | 'two-sided';
    startMs: number;
    /** Close of the flush's last bar. */
    endMs: number;
    tier: FlushTier;
    /** The flush's liquidations ÷ the covered coins' OI before it (see `liqToOiOf`). */
    liqToOi: number;
    /** The covered coins' part of the flush's liquidations (what `liqToOi` divides). */
    coveredUsd: number;
    /**
     * Whose open interest `liqToOi` divides by: the venues with a liquidation feed (`fed`, like
     * for like), or every venue's where the bars do not keep theirs apart (`all`: older rollups,
     * history files), so a venue without a feed (Hyperliquid) dilutes it.
     */
    liqToOiOf: 'fed' | 'all';
    /**
     * The close of the bar by which 95 % of the flush's liquidations were done: the detector's
     * window runs on through its tail of smaller bars, a trader asks when the bulk was over.
     */
    mostByMs: number;
    /** The market index's move over the flush, as a fraction. */
    indexMovePct: number;
  };
  /** The 24 hours from the flush's start (or to the report's time, if sooner). */
  day: LiquidatedUsd & { fromMs: number; toMs: number };
  /**
   * Liquidated after the flush's last bar, to the end of `day`: the flush and this add up to
   * the day's total, so no two figures of the report cover different windows unsaid.
   */
  afterFlush: LiquidatedUsd;
  /** The 60 minutes of the day with the most liquidations. */
  peakHour: { fromMs: number; toMs: number; totalUsd: number };
  /** Coins in a flush of their own during the market's, the most liquidated first. */
  coinsInFlush: string[];
  coins: MarketCoinRow[];
  /** The feeds' other coins over the day; null when the market beyond was not listened to. */
  otherCoins: MarketOtherCoins | null;
  /** The day's largest single liquidations, largest first (at most ten). */
  largestOrders: VenueLargestLiquidation[];
  /** Symbols a feed named over the day that match no listed market: counted apart, named. */
  unmappedSymbols: UnmappedLiquidations[];
  venues: MarketVenueRow[];
  openInterest: {
    beforeUsd: number | null;
    lowUsd: number | null;
    /** When it was read at its lowest (a bar's close). */
    lowMs: number | null;
    nowUsd: number | null;
    /**
     * Change from before to the dollar low (`lowMs`) at each coin's constant price: positions,
     * not prices, so the rest of the dollar change is the prices'.
     */
    positionsChangePct: number | null;
  };
  /** OI-weighted funding normalised to 8 hours: the day before the flush, and now. */
  funding: { before8h: number | null; now8h: number | null };
  /** The coins beyond the covered ones; null where no bulk reading brackets the flush. */
  beyondLeverage: MarketBeyondLeverage | null;
  /** Coins whose bulk open interest or funding was unusable or absurd: left out, named. */
  excludedReadings: ExcludedReading[];
  /** How the day ranks in the stored history of the market series. */
  rank: {
    historyDays: number;
    /** The latest earlier 24 hours with at least as much liquidated; null when there is none. */
    largerBefore: { endMs: number; totalUsd: number } | null;
  };
  majors: MarketMajor[];
  /** A follow-up's changes since the story's flash; null in the flash or when its time is unknown. */
  sinceFlash: MarketSinceFlash | null;
  excludedCoins: ExcludedCoin[];
  /** When a venue's liquidation stream was not listened to, from a day before the flush on. */
  unwatched: UnwatchedLiquidations[];
  /** Coins configured but without any usable bar, and why. */
  missingCoins: Array<{ coin: string; reason: string }>;
}

/** The data a market report was built from; published as its `data.json`. */
export interface MarketReportData {
  meta: ReportMeta;
  facts: MarketFacts;
  /** Hourly market totals the charts and sentences were drawn from (ISO hour, USD). */
  hourly: Array<{ hour: string; longUsd: number; shortUsd: number; oiUsd: number | null }>;
}
