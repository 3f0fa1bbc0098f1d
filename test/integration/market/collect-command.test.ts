import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { collectCommand } from '../../../bin/commands/collect-command.ts';
import { UsageError } from '../../../lambdas/errors.ts';
import { fsSnapshotStore } from '../../../lambdas/market/snapshot-store/fs-snapshot-store.ts';
import { s3SnapshotStore } from '../../../lambdas/market/snapshot-store/s3-snapshot-store.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../emulators.ts';
import { useLiveCommandBench } from './live-command-support.ts';

const bench = useLiveCommandBench('aftershock-collect-');

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Runs `aftershock collect` with `settings` as its config file and 1-second ticks. */
function collect(name: string, settings: object, args: string[]) {
  return bench.run(collectCommand, name, settings, [...args, '--window-seconds', '1']);
}

// Listing walks hour prefixes, so ask for the last hour only.
const lastHour = () => ({ fromMs: Date.now() - 3_600_000, toMs: Date.now() + 1 });

const emulatedBybit = () => ({
  id: 'bybit',
  apiBaseUrl: bench.emulator().urlFor('bybit'),
  ccxtOptions: { enableRateLimit: false },
});

describe('aftershock collect', () => {
  it('says clearly that the venues are unreachable when the network is closed', async () => {
    // Port 9 (discard) on loopback is closed: the same refusal a machine without internet gets.
    const run = await collect(
      'offline',
      { venues: [{ id: 'bybit', apiBaseUrl: 'http://127.0.0.1:9' }] },
      ['--once'],
    );
    expect(run.code, 'no venue read → failure exit code').toBe(1);
    expect(run.out).toMatch(/bybit\s+failed.*unreachable/);
    expect(run.err).toMatch(/No venue could be read/);
  });

  it('writes one snapshot per tick with contiguous windows and caches the markets', async () => {
    const loads = () =>
      bench
        .emulator()
        .requests.filter((r) => r.venue === 'bybit' && r.path === '/v5/market/instruments-info')
        .length;
    const before = loads();
    const run = await collect('ticks', { venues: [emulatedBybit()] }, ['--ticks', '2']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Tick 1\/2[\s\S]*Tick 2\/2/);
    const snapshots = await fsSnapshotStore(run.outDir).list(lastHour());
    expect(snapshots).toHaveLength(2);
    expect(snapshots[1]?.window.from, 'the second window starts where the first ended').toBe(
      snapshots[0]?.window.to,
    );
    expect(await readdir(path.join(run.outDir, 'markets'))).toEqual(['markets-bybit.json']);
    const perTick = loads() - before;
    expect(perTick, 'markets are loaded by the first tick only').toBeGreaterThan(0);
    const again = await collect('ticks', { venues: [emulatedBybit()] }, ['--once']);
    expect(again.code).toBe(0);
    expect(loads() - before, 'a later run reads them from <out>/markets').toBe(perTick);
  });

  it('writes to the data bucket when aws.dataBucket is configured', async () => {
    const s3 = new S3Client({
      region: EMULATOR_REGION,
      credentials: EMULATOR_CREDENTIALS,
      endpoint: inject('s3Endpoint'),
      forcePathStyle: true,
    });
    const bucket = `collect-cli-${Date.now()}-${process.pid}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    vi.stubEnv('AWS_ACCESS_KEY_ID', EMULATOR_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', EMULATOR_CREDENTIALS.secretAccessKey);
    const run = await collect(
      's3',
      {
        venues: [emulatedBybit()],
        aws: {
          region: EMULATOR_REGION,
          dataBucket: bucket,
          endpoints: { s3: inject('s3Endpoint') },
        },
      },
      ['--once'],
    );
    expect(run.code, run.err).toBe(0);
    const stored = await s3SnapshotStore(s3, bucket).list(lastHour());
    expect(stored.map((s) => s.venues.map((v) => [v.venue, v.status]))).toEqual([
      [['bybit', 'ok']],
    ]);
    await expect(
      readdir(path.join(run.outDir, 'snapshots')),
      'nothing stored locally',
    ).rejects.toThrow();
  });

  it('rejects --once with --ticks, and a tick count that is not a positive integer', async () => {
    await expect(collect('usage', {}, ['--once', '--ticks', '2'])).rejects.toThrow(UsageError);
    await expect(collect('usage', {}, ['--ticks', '0'])).rejects.toThrow(/positive integer/);
  });
});
