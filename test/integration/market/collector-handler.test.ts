import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCollectorHandler } from '../../../lambdas/handlers/collector-handler.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';
import { daysCovering } from '../../../lambdas/market/rollups/rollup-days.ts';
import { s3RollupStore } from '../../../lambdas/market/rollups/s3-rollup-store.ts';
import { s3SnapshotStore } from '../../../lambdas/market/snapshot-store/s3-snapshot-store.ts';
import type { LogAttributes } from '../../../lambdas/publish/run-logger.ts';
import { spanOfSnapshot } from '../../../lambdas/use-cases/roll-up-snapshots.ts';
import {
  type ExchangeEmulator,
  startExchangeEmulator,
} from '../../support/exchange-emulator/exchange-emulator.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../emulators.ts';
import { EMULATED_VENUES } from './emulated-venues.ts';

// Gate is configured unreachable below, so the emulated one is left out.
const REACHABLE = EMULATED_VENUES.filter((v) => v !== 'gate');
let emulator: ExchangeEmulator;
beforeAll(async () => {
  emulator = await startExchangeEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

function emulatedS3(): S3Client {
  return new S3Client({
    region: EMULATOR_REGION,
    credentials: EMULATOR_CREDENTIALS,
    endpoint: inject('s3Endpoint'),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

async function newBucket(s3: S3Client, name: string): Promise<string> {
  const bucket = `${name}-${Date.now()}-${process.pid}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

describe('collector handler', () => {
  it('writes one snapshot of every venue to the data bucket and names failed venues', async () => {
    const s3 = emulatedS3();
    const bucket = await newBucket(s3, 'collector');
    const config = parseConfig({
      venues: [
        ...REACHABLE.map((id) => ({
          id,
          apiBaseUrl: emulator.urlFor(id),
          ccxtOptions: { enableRateLimit: false, options: { ws: { backoff: { base: 0 } } } },
        })),
        // Closed loopback port: a venue that cannot be reached.
        { id: 'gate', apiBaseUrl: 'http://127.0.0.1:9' },
      ],
      aws: { dataBucket: bucket },
    });
    const logged: Array<{ message: string; attributes: LogAttributes | undefined }> = [];
    const entry = (message: string, attributes?: LogAttributes) =>
      void logged.push({ message, attributes });
    // A 1-second schedule with a 1-second lead keeps the test short; production uses 300 s / 30 s.
    const handler = createCollectorHandler({
      config,
      s3,
      tickSeconds: 1,
      leadSeconds: 1,
      logger: { info: entry, warn: entry, error: entry },
    });
    const result = await handler();
    expect(result.failedVenues).toEqual(['gate']);
    expect(logged.at(-1)).toEqual({
      message: 'snapshot collected',
      attributes: {
        key: result.key,
        failedVenues: 'gate',
        rolledUpDays: result.rolledUpDays.join(','),
      },
    });
    const stored = await s3SnapshotStore(s3, bucket).get(result.key);
    expect(stored.venues.map((v) => [v.venue, v.status])).toEqual([
      ...REACHABLE.map((v) => [v, 'ok']),
      ['gate', 'failed'],
    ]);
    expect(Date.parse(stored.window.to) - Date.parse(stored.window.from), 'one tick').toBe(1_000);
    // The live path listens to the whole market by default (config `collection`).
    expect(
      stored.venues.map((v) => [v.venue, v.marketLiquidations?.scope ?? null]),
      'every perp on the all-market feeds, Bybit its top 30 (three listed here)',
    ).toEqual([
      ['binanceusdm', 'all'],
      ['bybit', 3],
      ['okx', 'all'],
      ['hyperliquid', null],
      ['gate', null],
    ]);
    // The tick's day, and the day before too when its bars reach back across midnight (CI once
    // ran this at 00:00 UTC): the days the stored bars touch, as the roll-up reads them.
    const day = stored.takenAt.slice(0, 10);
    const { fromMs, toMs } = spanOfSnapshot(stored);
    expect(result.rolledUpDays).toEqual(daysCovering(fromMs, toMs));
    expect(result.rolledUpDays.at(-1)).toBe(day);
    const rollup = await s3RollupStore(s3, bucket).get(day);
    expect(Object.keys(rollup?.rollup.assets ?? {}).sort()).toEqual([...config.assets].sort());
    expect(rollup?.rollup.ticks).toEqual([
      { fromMs: Date.parse(stored.window.from), toMs: Date.parse(stored.window.to) },
    ]);
  });
});

describe('collector handler markets cache', () => {
  it('reads markets from the data bucket after a cold start instead of from the venues', async () => {
    const s3 = emulatedS3();
    const bucket = await newBucket(s3, 'collector-markets');
    const config = parseConfig({
      venues: REACHABLE.map((id) => ({
        id,
        apiBaseUrl: emulator.urlFor(id),
        ccxtOptions: { enableRateLimit: false },
      })),
      aws: { dataBucket: bucket },
    });
    const exchangeInfoLoads = () =>
      emulator.requests.filter((r) => r.path === '/fapi/v1/exchangeInfo').length;
    // Each createCollectorHandler call is a new container: its memory starts empty.
    const coldStart = () => createCollectorHandler({ config, s3, tickSeconds: 1, leadSeconds: 1 });
    const before = exchangeInfoLoads();
    await coldStart()();
    const stored = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'markets/' }));
    expect((stored.Contents ?? []).map((o) => o.Key).sort()).toEqual(
      REACHABLE.map((venue) => `markets/${venue}.json.gz`).sort(),
    );
    const second = await coldStart()();
    expect(second.failedVenues).toEqual([]);
    expect(exchangeInfoLoads() - before, 'only the first container loaded Binance markets').toBe(1);
  });
});
