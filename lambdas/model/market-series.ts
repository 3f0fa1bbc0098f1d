import type { LiquidationFeedClass } from './snapshot.ts';

/**
 * One bar of an asset's market, aggregated across venues.
 * A `null` field means the input was not available for that bar (never 0 as a stand-in).
 */
export interface SeriesBar {
  openTimeMs: number;
  /** Index price OHLC (perp price where no index is available). */
  open: number;
  high: number;
  low: number;
  close: number;
  /** Open interest at the bar's close, summed over reporting venues. */
  oiBase: number | null;
  oiUsd: number | null;
  /**
   * Open interest in USD at the bar's close of the venues with a liquidation feed, the part of
   * `oiUsd` whose liquidations can be counted (Hyperliquid publishes none); null when one of
   * those venues did not report it, or when a history source does not say.
   */
  fedOiUsd: number | null;
  /** OI-weighted funding rate normalised to 8 hours, as a fraction. */
  fundingRate8h: number | null;
  /** OI-weighted (mark − index) / index, as a fraction. */
  premium: number | null;
  perpVolumeUsd: number | null;
  spotVolumeUsd: number | null;
  /** Taker buy minus taker sell volume in USD (one bar's CVD increment). */
  perpTakerDeltaUsd: number | null;
  spotTakerDeltaUsd: number | null;
  /** Liquidated long / short positions in USD; null when no venue has a feed. */
  liqLongUsd: number | null;
  liqShortUsd: number | null;
  /** Per venue liquidations in USD, for the by-venue chart. */
  liqByVenue: Record<string, { longUsd: number; shortUsd: number }>;
  /** Share (0..1) of the asset's open interest whose venue reported this bar. */
  coverage: number;
}

/** A gap in the series: bars that no snapshot covered. */
export interface SeriesGap {
  fromMs: number;
  toMs: number;
}

/**
 * A time when nobody listened to a venue's liquidation feed (a websocket reconnecting, a
 * collection tick that never ran): its liquidations then are unknown, not zero.
 */
export interface UnwatchedLiquidations {
  venue: string;
  fromMs: number;
  toMs: number;
}

/** Which market input a plausibility gate left out. */
export type ExcludedInputKind =
  | 'instrument'
  | 'price'
  | 'spot-price'
  | 'open-interest'
  | 'funding'
  | 'premium'
  | 'liquidations';

/**
 * A market input a plausibility gate left out of the series (DESIGN.md §7): never used in any
 * figure, and named so the report can say what is missing and why.
 */
export interface ExcludedInput {
  /** ccxt exchange id, or a history source such as `coinglass-aggregate`. */
  venue: string;
  /** ccxt unified symbol, where the input belongs to one instrument. */
  symbol?: string;
  input: ExcludedInputKind;
  /** The time the left-out input covers, `[fromMs, toMs)`. */
  fromMs: number;
  toMs: number;
  /** Why, as a clause a reader can follow: "it read 1,000× its recent level". */
  reason: string;
}

/** An asset's aggregated market over time, the input of every analysis. */
export interface MarketSeries {
  asset: string;
  barMinutes: number;
  /** True when built from simulated data; every report says so. */
  simulated: boolean;
  /** Venues that contributed at least one bar. */
  venues: string[];
  /** Venues configured but absent (failed or missing) for part or all of the range. */
  missingVenues: string[];
  /** Each contributing venue's liquidation feed class. */
  liquidationFeeds: Record<string, LiquidationFeedClass>;
  /** True when liquidations were estimated (e.g. from OI drops), not observed. */
  liquidationsEstimated: boolean;
  bars: SeriesBar[];
  gaps: SeriesGap[];
  /** Times a contributing venue's liquidation feed was not listened to, in time order. */
  unwatchedLiquidations: UnwatchedLiquidations[];
  /** Inputs the plausibility gates left out, in time order. */
  excludedInputs: ExcludedInput[];
}
