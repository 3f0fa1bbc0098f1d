import { gunzipSync, gzipSync } from 'node:zlib';
import { AftershockError } from '../../errors.ts';
import {
  type DayRollup,
  dayRollupSchema,
  MARKET_HISTORY_SCHEMA_VERSION,
  type MarketHistoryMonth,
  type MarketRollup,
  marketHistorySchema,
  marketRollupSchema,
} from '../../model/index.ts';
import {
  fromBarColumns,
  fromLargestColumns,
  toBarColumns,
  toLargestColumns,
} from './bar-columns.ts';
import { marketHistoryKey, marketRollupKey, rollupKey } from './rollup-days.ts';

/** A stored rollup that cannot be read (not gzip, not JSON, wrong schema or day). */
export class RollupDataError extends AftershockError {
  public readonly key: string;
  /** The unreadable object's version, so a rebuild can replace it conditionally. */
  public version: string | null = null;
  public constructor(key: string, reason: string, options?: ErrorOptions) {
    super(
      `Rollup ${key} is unreadable (${reason}); rebuild it with "aftershock rollups rebuild".`,
      options,
    );
    this.name = 'RollupDataError';
    this.key = key;
  }
}

/** The rollup as stored: every asset's bars as columns. */
function toStored(rollup: DayRollup) {
  const assets = Object.fromEntries(
    Object.entries(rollup.assets).map(([asset, a]) => [
      asset,
      { ...a, bars5m: toBarColumns(a.bars5m), bars1h: toBarColumns(a.bars1h) },
    ]),
  );
  return { ...rollup, assets };
}

/** Gzip JSON of a validated rollup (bars stored as columns, see `barColumnsSchema`). */
export function encodeRollup(rollup: DayRollup): Buffer {
  return gzipSync(JSON.stringify(dayRollupSchema.parse(toStored(rollup))));
}

/**
 * True when two rollups store the same bytes: what a write would change. Compared as stored,
 * so the order keys were built in does not count.
 */
export function sameRollup(a: DayRollup, b: DayRollup): boolean {
  return JSON.stringify(toStored(a)) === JSON.stringify(toStored(b));
}

function firstIssue(error: unknown): string {
  const issues = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
  const issue = issues?.[0];
  if (issue !== undefined) return `${issue.path.join('.') || 'root'}: ${issue.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Parses stored bytes back into the rollup of `day`, validating every field.
 * @throws RollupDataError naming `key` and what is wrong, never a half-read rollup.
 */
export function decodeRollup(bytes: Uint8Array, key: string, day: string): DayRollup {
  let rollup: DayRollup;
  try {
    const stored = dayRollupSchema.parse(JSON.parse(gunzipSync(bytes).toString('utf8')));
    const assets = Object.fromEntries(
      Object.entries(stored.assets).map(([asset, a]) => [
        asset,
        { ...a, bars5m: fromBarColumns(a.bars5m), bars1h: fromBarColumns(a.bars1h) },
      ]),
    );
    rollup = { ...stored, assets };
  } catch (error) {
    throw new RollupDataError(key, firstIssue(error), { cause: error });
  }
  if (rollup.day !== day) throw new RollupDataError(key, `it holds ${rollup.day}, not ${day}`);
  return rollup;
}

/** The market rollup as stored: its single orders as columns. */
function toStoredMarket(rollup: MarketRollup) {
  return {
    ...rollup,
    market: { ...rollup.market, largest: toLargestColumns(rollup.market.largest) },
  };
}

/** Gzip JSON of a validated market rollup (orders stored as columns, see `largestColumnsSchema`). */
export function encodeMarketRollup(rollup: MarketRollup): Buffer {
  return gzipSync(JSON.stringify(marketRollupSchema.parse(toStoredMarket(rollup))));
}

/** True when two market rollups store the same bytes. */
export function sameMarketRollup(a: MarketRollup, b: MarketRollup): boolean {
  return JSON.stringify(toStoredMarket(a)) === JSON.stringify(toStoredMarket(b));
}

/**
 * Parses stored bytes back into the market rollup of `day`, validating every field.
 * @throws RollupDataError naming `key` and what is wrong.
 */
export function decodeMarketRollup(bytes: Uint8Array, key: string, day: string): MarketRollup {
  let rollup: MarketRollup;
  try {
    const stored = marketRollupSchema.parse(JSON.parse(gunzipSync(bytes).toString('utf8')));
    rollup = {
      ...stored,
      market: { ...stored.market, largest: fromLargestColumns(stored.market.largest) },
    };
  } catch (error) {
    throw new RollupDataError(key, firstIssue(error), { cause: error });
  }
  if (rollup.day !== day) throw new RollupDataError(key, `it holds ${rollup.day}, not ${day}`);
  return rollup;
}

/**
 * How one kind of stored period object is keyed, written and read: the assets' day rollups, the
 * market's, the market's month of history. `day` is the period's id (`YYYY-MM-DD`, `YYYY-MM`).
 */
export interface DayObjectCodec<T> {
  key(day: string): string;
  /** The period a value is of (its `day`, or its `month`). */
  idOf(value: T): string;
  encode(value: T): Buffer;
  decode(bytes: Uint8Array, where: string, day: string): T;
  same(a: T, b: T): boolean;
}

/** The assets' day rollups (`rollups/YYYY/MM/DD.json.gz`). */
export const DAY_ROLLUP_CODEC: DayObjectCodec<DayRollup> = {
  key: rollupKey,
  idOf: (rollup) => rollup.day,
  encode: encodeRollup,
  decode: decodeRollup,
  same: sameRollup,
};

/** The market's day rollups (`rollups/market/YYYY/MM/DD.json.gz`). */
export const MARKET_ROLLUP_CODEC: DayObjectCodec<MarketRollup> = {
  key: marketRollupKey,
  idOf: (rollup) => rollup.day,
  encode: encodeMarketRollup,
  decode: decodeMarketRollup,
  same: sameMarketRollup,
};

/** A month of market history as stored: its hours as columns. */
function toStoredHistory(history: MarketHistoryMonth) {
  const { hours } = history;
  return {
    schemaVersion: MARKET_HISTORY_SCHEMA_VERSION,
    month: history.month,
    hours: {
      hourMs: hours.map((h) => h.hourMs),
      longUsd: hours.map((h) => h.longUsd),
      shortUsd: hours.map((h) => h.shortUsd),
    },
  } as const;
}

/**
 * Parses stored bytes back into the market history of `month`, validating every field.
 * @throws RollupDataError naming `key` and what is wrong.
 */
export function decodeMarketHistory(
  bytes: Uint8Array,
  key: string,
  month: string,
): MarketHistoryMonth {
  let history: MarketHistoryMonth;
  try {
    const stored = marketHistorySchema.parse(JSON.parse(gunzipSync(bytes).toString('utf8')));
    const { hourMs, longUsd, shortUsd } = stored.hours;
    history = {
      month: stored.month,
      hours: hourMs.map((ms, i) => ({
        hourMs: ms,
        longUsd: longUsd[i] ?? 0,
        shortUsd: shortUsd[i] ?? 0,
      })),
    };
  } catch (error) {
    throw new RollupDataError(key, firstIssue(error), { cause: error });
  }
  if (history.month !== month)
    throw new RollupDataError(key, `it holds ${history.month}, not ${month}`);
  return history;
}

/** A month of the market's history (`rollups/market-history/YYYY/MM.json.gz`). */
export const MARKET_HISTORY_CODEC: DayObjectCodec<MarketHistoryMonth> = {
  key: marketHistoryKey,
  idOf: (history) => history.month,
  encode: (history) =>
    gzipSync(JSON.stringify(marketHistorySchema.parse(toStoredHistory(history)))),
  decode: decodeMarketHistory,
  same: (a, b) => JSON.stringify(toStoredHistory(a)) === JSON.stringify(toStoredHistory(b)),
};
