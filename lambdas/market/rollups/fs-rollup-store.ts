import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DAY_ROLLUP_CODEC,
  type DayObjectCodec,
  MARKET_HISTORY_CODEC,
  MARKET_ROLLUP_CODEC,
  RollupDataError,
} from './rollup-codec.ts';
import type { DayStore, MarketRollupStore, RollupStore } from './rollup-store.ts';

/**
 * Runs `fn` holding a lock on `file` across processes (the CLI wires `withFileLock` of
 * `lambdas/publish/file-lock.ts`; `market/` may not import `publish/`, so it comes in here).
 */
export type FileLocker = <T>(file: string, fn: () => Promise<T>) => Promise<T>;

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const versionOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Day objects of one kind as gzip JSON files under `rootDir`, with the same keys as in S3. The
 * version a conditional write compares is the file's content hash, checked and replaced under a
 * lock file, and the write is a rename, so a reader never sees half a rollup.
 */
function fsDayStore<T>(rootDir: string, lock: FileLocker, codec: DayObjectCodec<T>): DayStore<T> {
  const fileOf = (day: string): string => path.join(rootDir, ...codec.key(day).split('/'));
  return {
    async get(day) {
      const file = fileOf(day);
      const bytes = await readOrNull(file);
      if (bytes === null) return null;
      try {
        return { rollup: codec.decode(bytes, file, day), version: versionOf(bytes) };
      } catch (error) {
        if (error instanceof RollupDataError) error.version = versionOf(bytes);
        throw error;
      }
    },
    async put(value, expectedVersion) {
      const file = fileOf(codec.idOf(value));
      await mkdir(path.dirname(file), { recursive: true });
      return lock(file, async () => {
        const stored = await readOrNull(file);
        const storedVersion = stored === null ? null : versionOf(stored);
        if (storedVersion !== expectedVersion) return false;
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, codec.encode(value));
        await rename(temp, file);
        return true;
      });
    },
    same: codec.same,
  };
}

/** The assets' day rollups under `rootDir` (`rollups/YYYY/MM/DD.json.gz`). */
export function fsRollupStore(rootDir: string, lock: FileLocker): RollupStore {
  return fsDayStore(rootDir, lock, DAY_ROLLUP_CODEC);
}

/**
 * The market's day rollups under `rootDir` (`rollups/market/YYYY/MM/DD.json.gz`) and its months
 * of history (`rollups/market-history/YYYY/MM.json.gz`).
 */
export function fsMarketRollupStore(rootDir: string, lock: FileLocker): MarketRollupStore {
  return {
    ...fsDayStore(rootDir, lock, MARKET_ROLLUP_CODEC),
    history: fsDayStore(rootDir, lock, MARKET_HISTORY_CODEC),
  };
}
