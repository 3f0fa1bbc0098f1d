import * as z from 'zod';
import { liquidationFeedClassSchema } from './snapshot.ts';

/** Version of the stored rollup format; bump on any incompatible change. */
export const ROLLUP_SCHEMA_VERSION = 1;

/** Bar sizes a rollup keeps: 5 minutes (detection, reports) and 1 hour (long views). */
export const ROLLUP_BAR_MINUTES = [5, 60] as const;
/** A bar size a rollup keeps. */
export type RollupBarMinutes = (typeof ROLLUP_BAR_MINUTES)[number];

const nullableNumber = z.number().nullable();

/** One {@link SeriesBar} as stored: the same fields, validated (null = unknown, never 0). */
export const seriesBarSchema = z.object({
  openTimeMs: z.number().int(),
  open: z.number().positive(),
  high: z.number().positive(),
  low: z.number().positive(),
  close: z.number().positive(),
  oiBase: nullableNumber,
  oiUsd: nullableNumber,
  fundingRate8h: nullableNumber,
  premium: nullableNumber,
  perpVolumeUsd: nullableNumber,
  spotVolumeUsd: nullableNumber,
  perpTakerDeltaUsd: nullableNumber,
  spotTakerDeltaUsd: nullableNumber,
  liqLongUsd: nullableNumber,
  liqShortUsd: nullableNumber,
  liqByVenue: z.record(
    z.string(),
    z.object({ longUsd: z.number().nonnegative(), shortUsd: z.number().nonnegative() }),
  ),
  coverage: z.number().min(0).max(1),
});

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
  bars5m: z.array(seriesBarSchema),
  bars1h: z.array(seriesBarSchema),
});
/** One asset's day in a rollup (see {@link assetDayRollupSchema}). */
export type AssetDayRollup = z.infer<typeof assetDayRollupSchema>;

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
/** The rollup of one UTC day (see {@link dayRollupSchema}). */
export type DayRollup = z.infer<typeof dayRollupSchema>;
