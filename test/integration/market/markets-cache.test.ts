import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { collectTick } from '../../../lambdas/market/collect/collect-tick.ts';
import {
  type CachedMarkets,
  MARKETS_MAX_AGE_MS,
  memoryMarketsCache,
} from '../../../lambdas/market/venues/markets-cache.ts';
import {
  marketsCacheKey,
  s3MarketsCache,
} from '../../../lambdas/market/venues/s3-markets-cache.ts';
import {
  type ExchangeEmulator,
  startExchangeEmulator,
} from '../../support/exchange-emulator/exchange-emulator.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../emulators.ts';
import { emulatedTickInput, onlyVenues } from './emulated-tick.ts';

const EXCHANGE_INFO = '/fapi/v1/exchangeInfo';
let emulator: ExchangeEmulator;
let s3: S3Client;

function marketLoads(): number {
  return emulator.requests.filter((r) => r.venue === 'binanceusdm' && r.path === EXCHANGE_INFO)
    .length;
}

/** A Binance-only tick, short window, with `cache` as the markets cache. */
function binanceTick(cache: ReturnType<typeof memoryMarketsCache>, nowMs = Date.now()) {
  const input = onlyVenues(emulatedTickInput(emulator), ['binanceusdm']);
  return collectTick({
    ...input,
    liquidationWindowMs: 200,
    marketsCache: cache,
    now: () => nowMs,
  });
}

async function newBucket(name: string): Promise<string> {
  const bucket = `${name}-${Date.now()}-${process.pid}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

beforeAll(async () => {
  emulator = await startExchangeEmulator();
  s3 = new S3Client({
    region: EMULATOR_REGION,
    credentials: EMULATOR_CREDENTIALS,
    endpoint: inject('s3Endpoint'),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.clearFaults();
});

describe('markets cache in a collection tick', () => {
  it('loads markets from the venue once, then reads them from the cache', async () => {
    const cache = memoryMarketsCache();
    const before = marketLoads();
    const first = await binanceTick(cache);
    const second = await binanceTick(cache);
    expect([first, second].map((s) => s.venues[0]?.status)).toEqual(['ok', 'ok']);
    expect(marketLoads() - before, 'the second tick uses the cached markets').toBe(1);
  });

  it('loads markets again when the cached ones are older than a day', async () => {
    const cache = memoryMarketsCache();
    const savedAtMs = Date.now() - MARKETS_MAX_AGE_MS - 60_000;
    await binanceTick(cache, savedAtMs);
    const before = marketLoads();
    const snapshot = await binanceTick(cache);
    expect(snapshot.venues[0]?.status).toBe('ok');
    expect(marketLoads() - before, 'stale markets are reloaded').toBe(1);
    expect((await cache.get('binanceusdm'))?.savedAtMs, 'and the fresh ones saved').not.toBe(
      savedAtMs,
    );
  });

  it('loads markets again when the cached ones lack a symbol the tick reads', async () => {
    const cache = memoryMarketsCache();
    await binanceTick(cache);
    const held = await cache.get('binanceusdm');
    const { 'SOL/USDT:USDT': _dropped, ...withoutSol } = held?.markets ?? {};
    await cache.put('binanceusdm', { savedAtMs: Date.now(), markets: withoutSol });
    const before = marketLoads();
    const snapshot = await binanceTick(cache);
    expect(snapshot.venues[0]?.status, 'SOL is read, not failed as BadSymbol').toBe('ok');
    expect(marketLoads() - before).toBe(1);
  });
});

describe('s3MarketsCache against s3rver', () => {
  const entry: CachedMarkets = { savedAtMs: 1_700_000_000_000, markets: { 'BTC/USDT:USDT': {} } };

  it('returns what was put, stored gzipped under markets/', async () => {
    const bucket = await newBucket('markets-cache');
    const errors: string[] = [];
    const cache = s3MarketsCache(s3, bucket, { onError: (op) => errors.push(op) });
    expect(await cache.get('okx'), 'nothing stored yet').toBeNull();
    await cache.put('okx', entry);
    expect(await s3MarketsCache(s3, bucket).get('okx')).toEqual(entry);
    expect(errors, 'a missing entry is a plain miss, not an error').toEqual([]);
    expect(marketsCacheKey('okx')).toBe('markets/okx.json.gz');
  });

  it('treats a corrupt object as a miss and says so', async () => {
    const bucket = await newBucket('markets-corrupt');
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: marketsCacheKey('gate'), Body: 'not gzip' }),
    );
    const errors: string[] = [];
    const cache = s3MarketsCache(s3, bucket, {
      onError: (op, venue) => errors.push(`${op} ${venue}`),
    });
    expect(await cache.get('gate')).toBeNull();
    expect(errors).toEqual(['read gate']);
  });

  it('resolves and reports when the bucket cannot be written', async () => {
    const errors: string[] = [];
    const cache = s3MarketsCache(s3, `no-such-bucket-${process.pid}`, {
      onError: (op, venue) => errors.push(`${op} ${venue}`),
    });
    await expect(cache.put('bybit', entry), 'a failed save must not fail the tick').resolves.toBe(
      undefined,
    );
    expect(await cache.get('bybit')).toBeNull();
    expect(errors).toEqual(['write bybit', 'read bybit']);
  });
});
