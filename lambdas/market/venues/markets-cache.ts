import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../shared/atomic-file.ts';

/** A venue's ccxt markets as loaded at one time. */
export interface CachedMarkets {
  savedAtMs: number;
  markets: Record<string, unknown>;
}

/**
 * Where loaded ccxt markets are kept between runs, so a tick does not re-download exchange
 * info. Adapters never fail a tick: an unreadable entry is a miss and a failed write is only
 * a missed saving, so both resolve.
 */
export interface MarketsCache {
  get(venue: string): Promise<CachedMarkets | null>;
  put(venue: string, entry: CachedMarkets): Promise<void>;
}

/**
 * How long cached markets are trusted. Listings, contract sizes and precisions change a few
 * times a month at most; a day bounds how long a change can go unseen, while the markets are
 * still fetched only once a day instead of at every cold start.
 */
export const MARKETS_MAX_AGE_MS = 24 * 60 * 60_000;

/** A cache that keeps nothing (every run loads markets). */
export const NO_MARKETS_CACHE: MarketsCache = {
  get: async () => null,
  put: async () => undefined,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a stored cache entry, or null when it is not one (corrupt file, older format).
 * @example parseCachedMarkets({ savedAtMs: 1, markets: {} }) // { savedAtMs: 1, markets: {} }
 */
export function parseCachedMarkets(value: unknown): CachedMarkets | null {
  if (!isRecord(value)) return null;
  const { savedAtMs, markets } = value;
  return typeof savedAtMs === 'number' && Number.isFinite(savedAtMs) && isRecord(markets)
    ? { savedAtMs, markets }
    : null;
}

/** What cached markets must satisfy to be used instead of loading them again. */
export interface MarketsUse {
  nowMs: number;
  maxAgeMs: number;
  /** Unified symbols the tick will read; one missing (a new listing, a changed config) forces a reload. */
  requiredSymbols: readonly string[];
}

/**
 * The cached markets when they are fresh and list every symbol the tick reads, else null.
 * An entry from the future (a clock step back) is not trusted either.
 * @example usableMarkets({ savedAtMs: 0, markets: { 'BTC/USDT:USDT': {} } }, { nowMs: 60_000, maxAgeMs: 3_600_000, requiredSymbols: ['BTC/USDT:USDT'] }) // { 'BTC/USDT:USDT': {} }
 */
export function usableMarkets(
  entry: CachedMarkets | null,
  use: MarketsUse,
): Record<string, unknown> | null {
  if (entry === null) return null;
  const ageMs = use.nowMs - entry.savedAtMs;
  if (ageMs < 0 || ageMs > use.maxAgeMs) return null;
  return use.requiredSymbols.every((symbol) => Object.hasOwn(entry.markets, symbol))
    ? entry.markets
    : null;
}

/**
 * Keeps entries in memory in front of `inner` (written through to it), so a warm Lambda
 * container reuses its markets without reading them back from S3.
 */
export function memoryMarketsCache(inner: MarketsCache = NO_MARKETS_CACHE): MarketsCache {
  const kept = new Map<string, CachedMarkets>();
  return {
    async get(venue) {
      const held = kept.get(venue);
      if (held !== undefined) return held;
      const loaded = await inner.get(venue);
      if (loaded !== null) kept.set(venue, loaded);
      return loaded;
    },
    async put(venue, entry) {
      kept.set(venue, entry);
      await inner.put(venue, entry);
    },
  };
}

/**
 * Markets cached as `<dir>/markets-<venue>.json`. An unreadable or corrupt file is a
 * cache miss, never an error: the markets are simply loaded again.
 */
export function fileMarketsCache(dir: string): MarketsCache {
  const fileOf = (venue: string): string => path.join(dir, `markets-${venue}.json`);
  return {
    async get(venue) {
      try {
        return parseCachedMarkets(JSON.parse(await readFile(fileOf(venue), 'utf8')));
      } catch {
        return null;
      }
    },
    async put(venue, entry) {
      try {
        await writeFileAtomic(fileOf(venue), JSON.stringify(entry));
      } catch {
        // A read-only or full disk costs the next run a reload, nothing more.
      }
    },
  };
}
