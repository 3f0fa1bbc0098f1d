import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where loaded ccxt markets are kept between runs, so a tick does not re-download exchange info. */
export interface MarketsCache {
  get(venue: string): Promise<Record<string, unknown> | null>;
  put(venue: string, markets: Record<string, unknown>): Promise<void>;
}

/** A cache that keeps nothing (every run loads markets). */
export const NO_MARKETS_CACHE: MarketsCache = {
  get: async () => null,
  put: async () => undefined,
};

/**
 * Markets cached as `<dir>/markets-<venue>.json`. An unreadable or corrupt file is a
 * cache miss, never an error: the markets are simply loaded again.
 */
export function fileMarketsCache(dir: string): MarketsCache {
  const fileOf = (venue: string): string => path.join(dir, `markets-${venue}.json`);
  return {
    async get(venue) {
      try {
        const parsed: unknown = JSON.parse(await readFile(fileOf(venue), 'utf8'));
        return typeof parsed === 'object' && parsed !== null
          ? (parsed as Record<string, unknown>)
          : null;
      } catch {
        return null;
      }
    },
    async put(venue, markets) {
      await mkdir(dir, { recursive: true });
      const temporary = `${fileOf(venue)}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(markets));
      await rename(temporary, fileOf(venue));
    },
  };
}
