import * as z from 'zod';

/** Version of the stored snapshot format; bump on any incompatible change. */
export const SNAPSHOT_SCHEMA_VERSION = 1;

/** How complete a venue's public liquidation feed is (DESIGN.md §4). */
export const liquidationFeedClassSchema = z.enum(['complete', 'throttled', 'none']);
/** How complete a venue's public liquidation feed is. */
export type LiquidationFeedClass = z.infer<typeof liquidationFeedClassSchema>;

/**
 * One OHLCV bar. Prices in quote currency (USD), volumes in base units.
 * `takerBuyVolumeBase` is null where the venue does not publish it.
 */
export const barSchema = z.object({
  openTimeMs: z.number().int(),
  open: z.number().positive(),
  high: z.number().positive(),
  low: z.number().positive(),
  close: z.number().positive(),
  volumeBase: z.number().nonnegative(),
  takerBuyVolumeBase: z.number().nonnegative().nullable(),
});
/** One OHLCV bar (see {@link barSchema}). */
export type Bar = z.infer<typeof barSchema>;

/**
 * Liquidations of one instrument in one bar, by *position* side:
 * `long` = long positions were liquidated (forced sells).
 */
export const liquidationBucketSchema = z.object({
  openTimeMs: z.number().int(),
  longUsd: z.number().nonnegative(),
  longCount: z.number().int().nonnegative(),
  shortUsd: z.number().nonnegative(),
  shortCount: z.number().int().nonnegative(),
});
/** Liquidations of one instrument in one bar (see {@link liquidationBucketSchema}). */
export type LiquidationBucket = z.infer<typeof liquidationBucketSchema>;

/** Everything collected for one perpetual instrument on one venue in one tick. */
export const instrumentSnapshotSchema = z.object({
  /** ccxt unified symbol, e.g. `BTC/USDT:USDT`. */
  symbol: z.string().min(1),
  /** Base asset, e.g. `BTC`. */
  asset: z.string().min(1),
  openInterest: z
    .object({ base: z.number().nonnegative(), usd: z.number().nonnegative() })
    .nullable(),
  /** Funding rate as a fraction per `intervalHours` (0.0001 = 0.01 %). */
  funding: z.object({ rate: z.number(), intervalHours: z.number().positive() }).nullable(),
  markPrice: z.number().positive().nullable(),
  indexPrice: z.number().positive().nullable(),
  /** Perp bars inside the window (bar size is the snapshot's `barMinutes`). */
  perpBars: z.array(barSchema),
  /** Spot bars for the same asset, or null where spot is not configured. */
  spotBars: z.array(barSchema).nullable(),
  /** Liquidation buckets aligned to the perp bars; empty when the feed class is `none`. */
  liquidations: z.array(liquidationBucketSchema),
});
/** Everything collected for one instrument on one venue in one tick. */
export type InstrumentSnapshot = z.infer<typeof instrumentSnapshotSchema>;

/**
 * Two counts of the same bar added: two ticks (or two symbols of one coin) that each hold part of
 * a bar's liquidations make its total.
 * @example sumLiquidationBuckets({ openTimeMs: 0, longUsd: 1, longCount: 1, shortUsd: 0, shortCount: 0 }, { openTimeMs: 0, longUsd: 2, longCount: 1, shortUsd: 5, shortCount: 1 }) // longUsd 3, longCount 2, shortUsd 5, shortCount 1
 */
export function sumLiquidationBuckets(
  a: LiquidationBucket,
  b: LiquidationBucket,
): LiquidationBucket {
  return {
    openTimeMs: a.openTimeMs,
    longUsd: a.longUsd + b.longUsd,
    longCount: a.longCount + b.longCount,
    shortUsd: a.shortUsd + b.shortUsd,
    shortCount: a.shortCount + b.shortCount,
  };
}

/** Most single liquidations a venue's tick keeps (the largest first). */
export const MAX_LARGEST_LIQUIDATIONS = 10;

/** One liquidation order as the venue's feed reported it, kept because it was among the largest. */
export const largestLiquidationSchema = z.object({
  /** The coin, e.g. `PEPE` for `1000PEPE/USDT:USDT`. */
  coin: z.string().min(1),
  /** ccxt unified symbol. */
  symbol: z.string().min(1),
  /** The liquidated position's side. */
  side: z.enum(['long', 'short']),
  usd: z.number().positive(),
  price: z.number().positive(),
  timeMs: z.number().int(),
});
/** One of a tick's largest single liquidations (see {@link largestLiquidationSchema}). */
export type LargestLiquidation = z.infer<typeof largestLiquidationSchema>;

/**
 * What a venue's liquidation feed carried beyond its instruments in one tick (DESIGN.md §4 "The
 * whole market"): the all-market feeds (Binance `!forceOrder@arr`, OKX `liquidation-orders`, Gate's
 * `liq_orders` without a contract) name every perp, Bybit's the top symbols by open interest.
 */
export const marketLiquidationsSchema = z.object({
  /** Symbols listened to: every one the venue carries (`all`) or this many (Bybit's top N). */
  scope: z.union([z.literal('all'), z.number().int().positive()]),
  /**
   * Per-bar liquidations of coins the venue has no instrument for in this snapshot (those with
   * one keep theirs on the instrument, so nothing is counted twice), one entry per coin.
   */
  coins: z.array(
    z.object({
      coin: z.string().min(1),
      symbols: z.array(z.string().min(1)).min(1),
      liquidations: z.array(liquidationBucketSchema),
    }),
  ),
  /** The window's largest single liquidations across every symbol, largest first. */
  largest: z.array(largestLiquidationSchema).max(MAX_LARGEST_LIQUIDATIONS),
  /**
   * Symbols the feed carried that match no listed market, so no coin can be named: counted under
   * "other", named here. `usd` is null where the venue sizes orders in contracts of unknown size.
   */
  unmapped: z.array(
    z.object({
      symbol: z.string().min(1),
      count: z.number().int().positive(),
      usd: z.number().nonnegative().nullable(),
    }),
  ),
  /** True when the venue's answer hit its row cap (Gate: 1,000), so the tick's totals are lower bounds. */
  capped: z.boolean(),
});
/** What a venue's feed carried beyond its instruments (see {@link marketLiquidationsSchema}). */
export type MarketLiquidations = z.infer<typeof marketLiquidationsSchema>;

/** Most coins a venue's market derivatives may hold (the configurable top N's ceiling). */
export const MAX_MARKET_DERIVATIVE_COINS = 200;

/**
 * Open interest, funding and mark of one coin beyond the instruments, from a venue's bulk
 * answers. Prices are per coin (a `1000PEPE` lot's price divided by 1,000).
 */
export const coinDerivativesSchema = z.object({
  coin: z.string().min(1),
  /** ccxt unified symbol of the perp read, e.g. `1000PEPE/USDT:USDT`. */
  symbol: z.string().min(1),
  openInterestUsd: z.number().nonnegative(),
  /** Funding rate as a fraction per `fundingIntervalHours` (0.0001 = 0.01 %). */
  fundingRate: z.number(),
  fundingIntervalHours: z.number().positive(),
  markPrice: z.number().positive(),
  indexPrice: z.number().positive().nullable(),
});
/** One coin's open interest, funding and mark (see {@link coinDerivativesSchema}). */
export type CoinDerivatives = z.infer<typeof coinDerivativesSchema>;

/**
 * The venue's largest coins by open interest beyond its instruments, read in bulk once a tick
 * (DESIGN.md §4 "The whole market"), so the market beyond the covered coins has leverage too.
 */
export const marketDerivativesSchema = z.object({
  /**
   * How the top N were chosen: by open interest, or by 24-hour volume where the venue publishes
   * no open interest in bulk (Binance), each coin's open interest then read on its own.
   */
  ranking: z.enum(['open-interest', 'volume-24h']),
  /** The N the venue was asked for; the instruments' coins among them keep their own readings. */
  topN: z.number().int().positive(),
  coins: z.array(coinDerivativesSchema).max(MAX_MARKET_DERIVATIVE_COINS),
  /** Perps among the top N whose answer was unusable or absurd, left out with the reason. */
  excluded: z.array(z.object({ symbol: z.string().min(1), reason: z.string().min(1) })),
});
/** What a venue's bulk answers said of its largest coins (see {@link marketDerivativesSchema}). */
export type MarketDerivatives = z.infer<typeof marketDerivativesSchema>;

/** One venue's part of a snapshot. A failed venue keeps its error and no instruments. */
export const venueSnapshotSchema = z.object({
  /** ccxt exchange id, e.g. `binanceusdm`. */
  venue: z.string().min(1),
  status: z.enum(['ok', 'partial', 'failed']),
  error: z.string().optional(),
  liquidationFeed: liquidationFeedClassSchema,
  /**
   * Parts of the snapshot's window when nobody listened to this venue's liquidation feed
   * (the tick's socket was not yet open), so counts there are missing, not zero. Absent = none.
   */
  liquidationGaps: z.array(z.object({ from: z.iso.datetime(), to: z.iso.datetime() })).optional(),
  /**
   * Instruments the venue answered for but the collector refused (they failed the schema or a
   * plausibility check), with a reason a reader can follow, so a report can say why they are
   * missing. Absent = none.
   */
  refusedInstruments: z
    .array(z.object({ symbol: z.string().min(1), asset: z.string().min(1), reason: z.string() }))
    .optional(),
  instruments: z.array(instrumentSnapshotSchema),
  /** The market beyond the instruments, where the collector listened to it. Absent = not collected. */
  marketLiquidations: marketLiquidationsSchema.optional(),
  /** Open interest, funding and mark of the venue's top coins beyond the instruments. Absent = not read. */
  marketDerivatives: marketDerivativesSchema.optional(),
});
/** One venue's part of a snapshot. */
export type VenueSnapshot = z.infer<typeof venueSnapshotSchema>;

/** One collection tick: immutable, schema-versioned, stored as gzip JSON. */
export const snapshotSchema = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  takenAt: z.iso.datetime(),
  /**
   * The liquidation counting window `[from, to)`: each tick counts only events inside it, and
   * a tick's `from` is the previous tick's `to`, so windows are contiguous and never overlap.
   */
  window: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
  barMinutes: z.number().int().positive(),
  /** True when the data came from the scenario generator, never from a venue. */
  simulated: z.boolean(),
  venues: z.array(venueSnapshotSchema),
});
/** One collection tick (see {@link snapshotSchema}). */
export type Snapshot = z.infer<typeof snapshotSchema>;
