import { AftershockError } from '../../errors.ts';
import type { DayRollup, MarketHistoryMonth, MarketRollup } from '../../model/index.ts';
import { RollupDataError } from './rollup-codec.ts';

/** A stored day object with the version a conditional write compares (ETag, content hash). */
export interface Versioned<T> {
  rollup: T;
  version: string;
}

/** A stored rollup with its version. */
export type VersionedRollup = Versioned<DayRollup>;

/** Where one kind of day object is kept: the data bucket in AWS, a folder locally. */
export interface DayStore<T> {
  /**
   * The object of a UTC day, or null when none was written (the day is unknown).
   * @throws RollupDataError when the stored object is unreadable.
   */
  get(day: string): Promise<Versioned<T> | null>;
  /**
   * Writes `value` only if the stored one is still `expectedVersion` (null: only if there is
   * none), so two writers never lose each other's update. False when another writer won.
   */
  put(value: T, expectedVersion: string | null): Promise<boolean>;
  /** True when writing `b` over `a` would store the same bytes. */
  same(a: T, b: T): boolean;
}

/** Where the assets' day rollups are kept. */
export type RollupStore = DayStore<DayRollup>;

/** Where the market's months of history (hourly totals, for ranking an event) are kept. */
export type MarketHistoryStore = DayStore<MarketHistoryMonth>;

/**
 * Where the market's day rollups (the market beyond the assets) are kept, with its months of
 * history beside them: both are written by the same step of a tick and read by the same reports.
 */
export type MarketRollupStore = DayStore<MarketRollup> & { history: MarketHistoryStore };

/**
 * The rollup to update and its version; an unreadable one is thrown, or with
 * `replaceUnreadable` (a rebuild of the whole day) replaced as if the day were empty.
 */
async function readForUpdate<T>(
  store: DayStore<T>,
  day: string,
  replaceUnreadable: boolean,
): Promise<{ rollup: T | null; version: string | null } | null> {
  try {
    return await store.get(day);
  } catch (error) {
    if (replaceUnreadable && error instanceof RollupDataError && error.version !== null)
      return { rollup: null, version: error.version };
    throw error;
  }
}

/** Attempts of {@link updateDayRollup} before it gives up (each loses only to a newer write). */
export const MAX_ROLLUP_ATTEMPTS = 8;

/**
 * Read-modify-write of one day's rollup with optimistic concurrency: reads the rollup (and its
 * version), lets `next` compute the new one — `next` must read whatever it derives from (the
 * stored snapshots) after this read, so a writer that wins always saw every snapshot stored
 * before the version it replaces — and writes it conditionally; on a lost race, starts again.
 * Writing nothing when the result is unchanged makes a repeated tick a no-op.
 * @returns whether the stored rollup changed.
 */
export async function updateDayRollup<T>(
  store: DayStore<T>,
  day: string,
  next: (current: T | null) => Promise<T | null>,
  options: { replaceUnreadable?: boolean } = {},
): Promise<boolean> {
  for (let attempt = 1; attempt <= MAX_ROLLUP_ATTEMPTS; attempt += 1) {
    const current = await readForUpdate(store, day, options.replaceUnreadable === true);
    const rollup = await next(current?.rollup ?? null);
    // Nothing to store (no tick of the day read the market): nothing is written.
    if (rollup === null) return false;
    if (current?.rollup && store.same(current.rollup, rollup)) return false;
    if (await store.put(rollup, current?.version ?? null)) return true;
  }
  throw new AftershockError(
    `The rollup of ${day} changed under every one of ${MAX_ROLLUP_ATTEMPTS} attempts to update it.`,
  );
}
