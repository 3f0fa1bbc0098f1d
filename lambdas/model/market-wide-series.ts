import type { MarketSeries } from './market-series.ts';
import type { LargestLiquidation, LiquidationFeedClass } from './snapshot.ts';

/** The asset name of the market-wide series when it is read as one asset (DESIGN.md §4). */
export const MARKET_ASSET = 'Market';

/** One coin's part of a market bar. */
export interface CoinBarShare {
  longUsd: number;
  shortUsd: number;
  /** The coin's open interest at the bar's close, or null where no venue reported it. */
  oiUsd: number | null;
}

/**
 * One bar of the whole market: every covered coin summed.
 * Liquidation totals are those of the coins whose venues have a feed; they are lower bounds
 * whenever a feed is throttled, absent or was not listened to ({@link MarketWideSeries.liqIsLowerBound}).
 */
export interface MarketWideBar {
  openTimeMs: number;
  liqLongUsd: number;
  liqShortUsd: number;
  /** Open interest in USD of the coins that reported it this bar; null when none did. */
  oiUsd: number | null;
  /** Coins with a bar here. */
  coinsReporting: number;
  /** Coins whose own series was in a flush during this bar. */
  breadth: number;
  byCoin: Record<string, CoinBarShare>;
  byVenue: Record<string, { longUsd: number; shortUsd: number }>;
}

/** A coin left out of the market series, and why, in words a reader can follow. */
export interface ExcludedCoin {
  coin: string;
  reason: string;
}

/** Long and short liquidations in USD. */
export interface LongShortUsd {
  longUsd: number;
  shortUsd: number;
}

/** Liquidations on a symbol a venue's feed named but no listed market matches. */
export interface UnmappedLiquidations {
  venue: string;
  symbol: string;
  count: number;
  /** Null where the venue sizes orders in contracts of unknown size. */
  usd: number | null;
}

/** One of the largest single liquidations, with the venue whose feed reported it. */
export interface VenueLargestLiquidation extends LargestLiquidation {
  venue: string;
}

/** One coin's open interest and funding on one venue, as a tick read it in bulk. */
export interface BeyondLeverage {
  oiUsd: number;
  /** Funding normalised to 8 hours, as a fraction. */
  funding8h: number;
}

/** One tick's bulk reading of the other coins: per coin, per venue. */
export interface BeyondLeverageReading {
  /** When the tick read it (its `takenAt`). */
  atMs: number;
  byCoin: Record<string, Record<string, BeyondLeverage>>;
  /** Coins the venues' bulk answers gave unusable or absurd figures for in this tick. */
  excluded: ExcludedReading[];
}

/** A coin a venue's bulk answer gave unusable or absurd figures for, left out and named. */
export interface ExcludedReading {
  venue: string;
  symbol: string;
  reason: string;
}

/**
 * What the venues carried beyond the covered coins' instruments (DESIGN.md §4 "The whole
 * market"): the all-market feeds' liquidations, and the open interest and funding of each venue's
 * top coins by open interest, read in bulk. No bars or prices are read for them.
 */
export interface MarketBeyond {
  /** Per bar: each other coin's liquidations, per venue. */
  bars: Array<{ openTimeMs: number; byCoin: Record<string, Record<string, LongShortUsd>> }>;
  /** Every tick's largest single liquidations (up to ten per venue per tick), largest first. */
  largest: VenueLargestLiquidation[];
  /** Symbols a venue's feed named that match no listed market, per tick (its window's start). */
  unmapped: Array<UnmappedLiquidations & { fromMs: number }>;
  /** Venues whose answer hit its row cap in some tick, so their totals are lower bounds. */
  cappedVenues: string[];
  /** Each capped tick: the venue and its window's start. */
  cappedWindows: Array<{ venue: string; fromMs: number }>;
  /** What each venue listened to: every symbol (`all`) or its top N by open interest. */
  scopes: Record<string, 'all' | number>;
  /** The other coins' open interest and funding, one reading per tick that read them, oldest first. */
  leverage: BeyondLeverageReading[];
  /** The top N each venue read open interest and funding for. */
  leverageTopN: Record<string, number>;
  /** Coins whose bulk figures were left out, each named once (its latest reason). */
  excludedReadings: ExcludedReading[];
}

/** What {@link MarketBeyond} is made of, before the venues capped and the coins left out are listed. */
export type MarketBeyondParts = Omit<MarketBeyond, 'cappedVenues' | 'excludedReadings'>;

/** The whole market over time: per-coin series added up (DESIGN.md §4 "The whole market"). */
export interface MarketWideSeries {
  barMinutes: number;
  simulated: boolean;
  /** Coins in the series, largest open interest first. */
  coins: string[];
  /** Venues that contributed to any coin. */
  venues: string[];
  /** Each venue's weakest liquidation feed class across its coins. */
  liquidationFeeds: Record<string, LiquidationFeedClass>;
  /**
   * True when some coin's total is a lower bound: a throttled or absent feed, a venue missing,
   * or a feed nobody listened to for part of the time. Totals then read "at least".
   */
  liqIsLowerBound: boolean;
  /** Coins left out (absurd values), named so the report and `data.json` can say so. */
  excludedCoins: ExcludedCoin[];
  /**
   * Bars hold these too: the feeds' other coins are in the totals, `byCoin` (without OI) and
   * `byVenue`, never in `asAsset`, so the detector reads the coins whose OI is known.
   */
  beyond: MarketBeyond | null;
  bars: MarketWideBar[];
  /** The per-coin series the market was built from (excluded coins left out). */
  coinSeries: MarketSeries[];
  /**
   * The market read as one asset ({@link MARKET_ASSET}), so the one flush detector and the
   * aftermath reading apply unchanged. Its price is an index: 100 at the first bar, each bar
   * moved by the OI-weighted mean log return of the coins that closed both bars (weights: OI in
   * USD at the previous close). Its `oiBase` is open interest at each coin's first price, in
   * index units, so price moves do not pass for leverage changes. Funding and premium are
   * OI-weighted, volumes and liquidations summed.
   */
  asAsset: MarketSeries;
}
