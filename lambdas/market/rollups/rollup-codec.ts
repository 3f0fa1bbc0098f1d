import { gunzipSync, gzipSync } from 'node:zlib';
import { AftershockError } from '../../errors.ts';
import { type DayRollup, dayRollupSchema } from '../../model/index.ts';
import {
  fromBarColumns,
  fromLargestColumns,
  toBarColumns,
  toLargestColumns,
} from './bar-columns.ts';

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

/** The rollup as stored: every asset's bars and the market's orders as columns. */
function toStored(rollup: DayRollup) {
  const assets = Object.fromEntries(
    Object.entries(rollup.assets).map(([asset, a]) => [
      asset,
      { ...a, bars5m: toBarColumns(a.bars5m), bars1h: toBarColumns(a.bars1h) },
    ]),
  );
  const market =
    rollup.market === undefined
      ? {}
      : { market: { ...rollup.market, largest: toLargestColumns(rollup.market.largest) } };
  return { ...rollup, assets, ...market };
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
    const { market, ...rest } = stored;
    rollup = {
      ...rest,
      assets,
      ...(market === undefined
        ? {}
        : { market: { ...market, largest: fromLargestColumns(market.largest) } }),
    };
  } catch (error) {
    throw new RollupDataError(key, firstIssue(error), { cause: error });
  }
  if (rollup.day !== day) throw new RollupDataError(key, `it holds ${rollup.day}, not ${day}`);
  return rollup;
}
