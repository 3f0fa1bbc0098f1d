import * as z from 'zod';
import type { SeriesBar } from './market-series.ts';
import type { VenueLargestLiquidation } from './market-wide-series.ts';
import { liquidationFeedClassSchema } from './snapshot.ts';

/** Version of the stored rollup format; bump on any incompatible change. */
export const ROLLUP_SCHEMA_VERSION = 1;

/** Bar sizes a rollup keeps: 5 minutes (detection, reports) and 1 hour (long views). */
export const ROLLUP_BAR_MINUTES = [5, 60] as const;
/** A bar size a rollup keeps. */
export type RollupBarMinutes = (typeof ROLLUP_BAR_MINUTES)[number];

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * An array of numbers each `ok`, checked in one loop: a day holds ~30,000 of them, and one
 * schema per element would take most of the read time of a detection run.
 */
function column(what: string, ok: (v: number) => boolean = () => true) {
  return z.custom<number[]>((v) => Array.isArray(v) && v.every((x) => isFiniteNumber(x) && ok(x)), {
    message: `expected an array of ${what}`,
  });
}

/** Like {@link column}, with `null` (unknown) allowed. */
function nullableColumn(what: string, ok: (v: number) => boolean = () => true) {
  return z.custom<Array<number | null>>(
    (v) => Array.isArray(v) && v.every((x) => x === null || (isFiniteNumber(x) && ok(x))),
    { message: `expected an array of ${what} or null` },
  );
}

const positive = (v: number) => v > 0;
const nonNegative = (v: number) => v >= 0;

/**
 * A run of {@link SeriesBar}s as stored: one array per field (columns parse several times
 * faster than 288 objects a day, and gzip better), `null` = unknown, never 0. `liqByVenue`
 * holds per venue its long and short liquidations, `null` in bars the venue was not counted.
 */
export const barColumnsSchema = z
  .object({
    openTimeMs: column('whole milliseconds', Number.isInteger),
    open: column('prices above 0', positive),
    high: column('prices above 0', positive),
    low: column('prices above 0', positive),
    close: column('prices above 0', positive),
    oiBase: nullableColumn('numbers'),
    oiUsd: nullableColumn('numbers'),
    // Absent in rollups written before it was kept: their bars read it as unknown.
    fedOiUsd: nullableColumn('numbers').optional(),
    fundingRate8h: nullableColumn('numbers'),
    premium: nullableColumn('numbers'),
    perpVolumeUsd: nullableColumn('numbers'),
    spotVolumeUsd: nullableColumn('numbers'),
    perpTakerDeltaUsd: nullableColumn('numbers'),
    spotTakerDeltaUsd: nullableColumn('numbers'),
    liqLongUsd: nullableColumn('numbers'),
    liqShortUsd: nullableColumn('numbers'),
    coverage: column('shares from 0 to 1', (v) => v >= 0 && v <= 1),
    liqByVenue: z.record(
      z.string(),
      z.object({
        longUsd: nullableColumn('USD amounts of 0 or more', nonNegative),
        shortUsd: nullableColumn('USD amounts of 0 or more', nonNegative),
      }),
    ),
  })
  .superRefine((columns, ctx) => {
    const n = columns.openTimeMs.length;
    const { liqByVenue, ...fields } = columns;
    const all = [
      ...Object.entries(fields),
      ...Object.entries(liqByVenue).flatMap(([venue, v]) => [
        [`liqByVenue.${venue}.longUsd`, v.longUsd] as const,
        [`liqByVenue.${venue}.shortUsd`, v.shortUsd] as const,
      ]),
    ];
    for (const [name, values] of all)
      if (values !== undefined && values.length !== n)
        ctx.addIssue({ code: 'custom', message: `${name} has ${values.length} bars, not ${n}` });
  });
/** Bars as stored (see {@link barColumnsSchema}). */
export type BarColumns = z.infer<typeof barColumnsSchema>;

const intervalSchema = z.object({ fromMs: z.number().int(), toMs: z.number().int() });

/**
 * One asset's day in a rollup: its market series (DESIGN.md §3, after the plausibility gates
 * and the cross-venue aggregation of `buildMarketSeries`) at 5-minute and 1-hour bars, and the
 * series facts a report needs besides the bars (venues, feeds, unwatched time, left-out inputs).
 */
export const assetDayRollupSchema = z.object({
  simulated: z.boolean(),
  venues: z.array(z.string()),
  missingVenues: z.array(z.string()),
  liquidationFeeds: z.record(z.string(), liquidationFeedClassSchema),
  unwatchedLiquidations: z.array(intervalSchema.extend({ venue: z.string() })),
  excludedInputs: z.array(
    intervalSchema.extend({
      venue: z.string(),
      symbol: z.string().optional(),
      input: z.enum([
        'instrument',
        'price',
        'spot-price',
        'open-interest',
        'funding',
        'premium',
        'liquidations',
      ]),
      reason: z.string(),
    }),
  ),
  bars5m: barColumnsSchema,
  bars1h: barColumnsSchema,
});

/** One asset's day in a rollup (see {@link assetDayRollupSchema}), its bars as {@link SeriesBar}s. */
export type AssetDayRollup = Omit<z.infer<typeof assetDayRollupSchema>, 'bars5m' | 'bars1h'> & {
  bars5m: SeriesBar[];
  bars1h: SeriesBar[];
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** Every value of a plain object passes `ok`. */
const everyValue =
  (ok: (v: unknown) => boolean) =>
  (v: unknown): boolean =>
    isRecord(v) && Object.values(v).every(ok);
const isLongShort = (v: unknown): boolean =>
  isRecord(v) &&
  isFiniteNumber(v.longUsd) &&
  v.longUsd >= 0 &&
  isFiniteNumber(v.shortUsd) &&
  v.shortUsd >= 0;
const isLeverage = (v: unknown): boolean =>
  isRecord(v) && isFiniteNumber(v.oiUsd) && v.oiUsd >= 0 && isFiniteNumber(v.funding8h);
const coinVenueMap = (ok: (v: unknown) => boolean) => everyValue(everyValue(ok));

/** A `byCoin` map of per-venue values, checked in one loop (thousands of them a day). */
function byCoinMap<T>(what: string, ok: (v: unknown) => boolean) {
  const check = coinVenueMap(ok);
  return z.custom<Record<string, Record<string, T>>>((v) => check(v), {
    message: `expected coins mapped to venues mapped to ${what}`,
  });
}

const isText = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const textColumn = (what: string, ok: (v: unknown) => boolean = isText) =>
  z.custom<string[]>((v) => Array.isArray(v) && v.every(ok), {
    message: `expected an array of ${what}`,
  });

/**
 * Single orders as stored: one array per field, like the bars (a day keeps up to 2,880 of them,
 * and one schema per order would be most of a rollup's read time).
 */
export const largestColumnsSchema = z
  .object({
    coin: textColumn('coins'),
    symbol: textColumn('symbols'),
    side: textColumn('sides (long or short)', (v) => v === 'long' || v === 'short'),
    usd: column('USD amounts above 0', positive),
    price: column('prices above 0', positive),
    timeMs: column('whole milliseconds', Number.isInteger),
    venue: textColumn('venues'),
  })
  .superRefine((columns, ctx) => {
    const n = columns.coin.length;
    for (const [name, values] of Object.entries(columns))
      if (values.length !== n)
        ctx.addIssue({ code: 'custom', message: `${name} has ${values.length} orders, not ${n}` });
  });
/** Single orders as stored (see {@link largestColumnsSchema}). */
export type LargestColumns = z.infer<typeof largestColumnsSchema>;

/**
 * The market beyond the configured assets on one day (DESIGN.md §4 "The whole market"): what
 * the venues' all-market feeds and bulk reads carried, as `readMarketBeyond` reads it from the
 * day's snapshots. The largest orders are each 5-minute bar's ten largest (so any bar-aligned
 * span's ten largest are here), the bulk readings the first of each hour.
 */
export const marketDayRollupSchema = z.object({
  bars5m: z.array(
    z.object({
      openTimeMs: z.number().int(),
      byCoin: byCoinMap<{ longUsd: number; shortUsd: number }>(
        'long and short USD amounts of 0 or more',
        isLongShort,
      ),
    }),
  ),
  largest: largestColumnsSchema,
  unmapped: z.array(
    z.object({
      venue: z.string().min(1),
      symbol: z.string().min(1),
      count: z.number().int().positive(),
      usd: z.number().nonnegative().nullable(),
      fromMs: z.number().int(),
    }),
  ),
  cappedWindows: z.array(z.object({ venue: z.string().min(1), fromMs: z.number().int() })),
  scopes: z.record(z.string(), z.union([z.literal('all'), z.number().int().positive()])),
  leverage: z.array(
    z.object({
      atMs: z.number().int(),
      byCoin: byCoinMap<{ oiUsd: number; funding8h: number }>(
        'open interest of 0 or more and a funding rate',
        isLeverage,
      ),
      excluded: z.array(
        z.object({ venue: z.string().min(1), symbol: z.string().min(1), reason: z.string() }),
      ),
    }),
  ),
  leverageTopN: z.record(z.string(), z.number().int().positive()),
});
/** The market beyond the assets on one day (see {@link marketDayRollupSchema}), its orders as objects. */
export type MarketDayRollup = Omit<z.infer<typeof marketDayRollupSchema>, 'largest'> & {
  largest: VenueLargestLiquidation[];
};

/**
 * The rollup of one UTC day: every asset's series, and which collection windows it holds
 * (`ticks`, merged, `[fromMs, toMs)`). Time the ticks do not cover is unknown: it has no bars,
 * so a series read from rollups shows it as a gap, never as a quiet market.
 */
export const dayRollupSchema = z.object({
  schemaVersion: z.literal(ROLLUP_SCHEMA_VERSION),
  /** `YYYY-MM-DD` (UTC). */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  ticks: z.array(intervalSchema),
  assets: z.record(z.string(), assetDayRollupSchema),
});
/** The rollup of one UTC day (see {@link dayRollupSchema}), its bars as {@link SeriesBar}s. */
export type DayRollup = Omit<z.infer<typeof dayRollupSchema>, 'assets'> & {
  assets: Record<string, AssetDayRollup>;
};

/** Version of the stored market rollup format; bump on any incompatible change. */
export const MARKET_ROLLUP_SCHEMA_VERSION = 1;

/**
 * The market beyond the assets on one UTC day, stored apart from the assets' rollup
 * (`rollups/market/YYYY/MM/DD.json.gz`): the detector reads the assets' 32 days at every run and
 * needs none of it, the digest and the market report read both.
 */
export const marketRollupSchema = z.object({
  schemaVersion: z.literal(MARKET_ROLLUP_SCHEMA_VERSION),
  /** `YYYY-MM-DD` (UTC). */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  market: marketDayRollupSchema,
});
/** The market beyond the assets on one day (see {@link marketRollupSchema}), its orders as objects. */
export type MarketRollup = Omit<z.infer<typeof marketRollupSchema>, 'market'> & {
  market: MarketDayRollup;
};

/** Version of the stored market history format; bump on any incompatible change. */
export const MARKET_HISTORY_SCHEMA_VERSION = 1;

/** One clock hour of the whole market's liquidations: the covered coins and the market beyond. */
export interface MarketHour {
  /** Start of the hour (epoch ms). */
  hourMs: number;
  longUsd: number;
  shortUsd: number;
}

/**
 * A UTC month of the market series as history (`rollups/market-history/YYYY/MM.json.gz`): per
 * clock hour with any covered coin's bar, the market's long and short liquidations — the same
 * totals as the market report's bars — as columns, hours oldest first. An hour without a row
 * was not collected (unknown, never quiet). Small enough (~750 rows) that a report ranks its day
 * against two years of them in 24 reads.
 */
export const marketHistorySchema = z
  .object({
    schemaVersion: z.literal(MARKET_HISTORY_SCHEMA_VERSION),
    /** `YYYY-MM` (UTC). */
    month: z.string().regex(/^\d{4}-\d{2}$/),
    hours: z.object({
      hourMs: column('whole hours', (v) => Number.isInteger(v) && v % 3_600_000 === 0),
      longUsd: column('USD amounts of 0 or more', nonNegative),
      shortUsd: column('USD amounts of 0 or more', nonNegative),
    }),
  })
  .superRefine((history, ctx) => {
    const { hourMs, longUsd, shortUsd } = history.hours;
    if (longUsd.length !== hourMs.length || shortUsd.length !== hourMs.length)
      ctx.addIssue({ code: 'custom', message: 'hours has columns of different lengths' });
    const from = Date.parse(`${history.month}-01T00:00:00.000Z`);
    const to = new Date(from).setUTCMonth(new Date(from).getUTCMonth() + 1);
    hourMs.forEach((ms, i) => {
      if (ms < from || ms >= to)
        ctx.addIssue({ code: 'custom', message: `hour ${ms} is not in ${history.month}` });
      else if (i > 0 && ms <= (hourMs[i - 1] ?? 0))
        ctx.addIssue({ code: 'custom', message: 'hours are not in order' });
    });
  });
/** A month of market history as read: its hours as objects. */
export interface MarketHistoryMonth {
  month: string;
  hours: MarketHour[];
}
