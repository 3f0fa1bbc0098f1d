import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCollectorHandler } from '../../../lambdas/handlers/collector-handler.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';
import { s3SnapshotStore } from '../../../lambdas/market/snapshot-store/s3-snapshot-store.ts';
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

describe('collector handler', () => {
  it('writes one snapshot of every venue to the data bucket and names failed venues', async () => {
    const s3 = new S3Client({
      region: EMULATOR_REGION,
      credentials: EMULATOR_CREDENTIALS,
      endpoint: inject('s3Endpoint'),
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const bucket = `collector-${Date.now()}-${process.pid}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
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
    const lines: string[] = [];
    // A 1-second schedule with a 1-second lead keeps the test short; production uses 300 s / 30 s.
    const handler = createCollectorHandler({
      config,
      s3,
      tickSeconds: 1,
      leadSeconds: 1,
      log: (l) => lines.push(l),
    });
    const result = await handler();
    expect(result.failedVenues).toEqual(['gate']);
    expect(JSON.parse(lines[0] ?? '{}')).toEqual(result);
    const stored = await s3SnapshotStore(s3, bucket).get(result.key);
    expect(stored.venues.map((v) => [v.venue, v.status])).toEqual([
      ...REACHABLE.map((v) => [v, 'ok']),
      ['gate', 'failed'],
    ]);
    expect(Date.parse(stored.window.to) - Date.parse(stored.window.from), 'one tick').toBe(1_000);
  });
});
