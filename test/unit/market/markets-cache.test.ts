import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CachedMarkets,
  fileMarketsCache,
  type MarketsCache,
  memoryMarketsCache,
  parseCachedMarkets,
  usableMarkets,
} from '../../../lambdas/market/venues/markets-cache.ts';

const HOUR_MS = 3_600_000;
const BTC_PERP = 'BTC/USDT:USDT';
const entry: CachedMarkets = {
  savedAtMs: 10 * HOUR_MS,
  markets: { [BTC_PERP]: { id: 'BTCUSDT' } },
};
const use = { nowMs: 11 * HOUR_MS, maxAgeMs: 24 * HOUR_MS, requiredSymbols: [BTC_PERP] };

/** A cache that counts what reaches it, for checking what a layer in front keeps back. */
function countingCache(): MarketsCache & { gets: number; puts: number } {
  const kept = new Map<string, CachedMarkets>();
  const cache = {
    gets: 0,
    puts: 0,
    async get(venue: string) {
      cache.gets += 1;
      return kept.get(venue) ?? null;
    },
    async put(venue: string, value: CachedMarkets) {
      cache.puts += 1;
      kept.set(venue, value);
    },
  };
  return cache;
}

describe('usableMarkets', () => {
  it('returns the cached markets when they are fresh and list every symbol read', () => {
    expect(usableMarkets(entry, use)).toBe(entry.markets);
  });

  it('returns null when the entry is older than the maximum age', () => {
    expect(usableMarkets(entry, { ...use, nowMs: entry.savedAtMs + 25 * HOUR_MS })).toBeNull();
  });

  it('returns null when the entry was saved in the future', () => {
    expect(
      usableMarkets(entry, { ...use, nowMs: entry.savedAtMs - 1 }),
      'a clock stepped back must not make an entry look fresh for longer',
    ).toBeNull();
  });

  it('returns null when a symbol the tick reads is not in the cached markets', () => {
    expect(
      usableMarkets(entry, { ...use, requiredSymbols: [BTC_PERP, 'SOL/USDT:USDT'] }),
      'a newly configured symbol must not fail as BadSymbol against old markets',
    ).toBeNull();
  });

  it('returns null when there is no entry', () => {
    expect(usableMarkets(null, use)).toBeNull();
  });
});

describe('parseCachedMarkets', () => {
  it('reads an entry with a finite save time and a markets object', () => {
    expect(parseCachedMarkets(JSON.parse(JSON.stringify(entry)))).toEqual(entry);
  });

  it('returns null for the older format and for anything else', () => {
    expect(parseCachedMarkets({ [BTC_PERP]: {} }), 'bare markets of the first format').toBeNull();
    expect(parseCachedMarkets({ savedAtMs: 'yesterday', markets: {} })).toBeNull();
    expect(parseCachedMarkets({ savedAtMs: 1, markets: [] })).toBeNull();
    expect(parseCachedMarkets(null)).toBeNull();
  });
});

describe('memoryMarketsCache', () => {
  it('reads through to the inner cache once, then answers from memory', async () => {
    const inner = countingCache();
    await inner.put('okx', entry);
    const cache = memoryMarketsCache(inner);
    expect(await cache.get('okx')).toEqual(entry);
    expect(await cache.get('okx')).toEqual(entry);
    expect(inner.gets, 'a warm container does not read S3 again').toBe(1);
  });

  it('writes through to the inner cache', async () => {
    const inner = countingCache();
    const cache = memoryMarketsCache(inner);
    await cache.put('bybit', entry);
    expect(await inner.get('bybit')).toEqual(entry);
    expect(await cache.get('bybit')).toEqual(entry);
    expect(inner.gets, 'the written entry is held in memory').toBe(1);
  });

  it('asks the inner cache again when it had nothing', async () => {
    const inner = countingCache();
    const cache = memoryMarketsCache(inner);
    expect(await cache.get('gate')).toBeNull();
    await inner.put('gate', entry);
    expect(await cache.get('gate'), 'a miss is not remembered').toEqual(entry);
  });
});

describe('fileMarketsCache', () => {
  it('returns what was put, from a file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'markets-cache-'));
    await fileMarketsCache(dir).put('binanceusdm', entry);
    expect(await fileMarketsCache(dir).get('binanceusdm')).toEqual(entry);
    expect(JSON.parse(readFileSync(path.join(dir, 'markets-binanceusdm.json'), 'utf8'))).toEqual(
      entry,
    );
  });

  it('treats a corrupt file as a miss', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'markets-cache-'));
    writeFileSync(path.join(dir, 'markets-okx.json'), '{"savedAtMs": 1, "mark');
    expect(await fileMarketsCache(dir).get('okx')).toBeNull();
  });

  it('resolves when the folder cannot be written', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'markets-cache-')), 'a-file');
    writeFileSync(file, '');
    const cache = fileMarketsCache(path.join(file, 'markets'));
    await expect(cache.put('okx', entry), 'a failed save must not fail the tick').resolves.toBe(
      undefined,
    );
    expect(await cache.get('okx')).toBeNull();
  });
});
