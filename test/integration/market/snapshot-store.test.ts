import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { fsSnapshotStore } from '../../../lambdas/market/snapshot-store/fs-snapshot-store.ts';
import { s3SnapshotStore } from '../../../lambdas/market/snapshot-store/s3-snapshot-store.ts';
import type { SnapshotStore } from '../../../lambdas/market/snapshot-store/snapshot-store.ts';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../../../lambdas/model/index.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../emulators.ts';

function snapshotAt(takenAt: string): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    takenAt,
    window: { from: '2026-03-12T09:45:00.000Z', to: takenAt },
    barMinutes: 5,
    simulated: false,
    venues: [
      {
        venue: 'gate',
        status: 'failed',
        error: 'unreachable',
        liquidationFeed: 'none',
        instruments: [],
      },
    ],
  };
}

async function roundTrip(store: SnapshotStore): Promise<void> {
  const times = [
    '2026-03-12T09:55:00.000Z',
    '2026-03-12T10:00:00.000Z',
    '2026-03-12T11:05:00.000Z',
  ];
  const keys = [];
  for (const t of times) keys.push(await store.put(snapshotAt(t)));
  expect(keys[1]).toBe('snapshots/2026/03/12/10/2026-03-12T10:00:00.000Z.json.gz');
  expect(await store.get(keys[0] ?? '')).toEqual(snapshotAt(times[0] ?? ''));
  const listed = await store.list({
    fromMs: Date.parse('2026-03-12T09:56:00Z'),
    toMs: Date.parse('2026-03-12T11:05:00Z'),
  });
  expect(
    listed.map((s) => s.takenAt),
    'range is [from, to)',
  ).toEqual([times[1]]);
  const newest = await store.latest({
    fromMs: Date.parse('2026-03-12T09:00:00Z'),
    toMs: Date.parse('2026-03-12T11:00:00Z'),
  });
  expect(newest?.takenAt, 'the newest inside the range, across hour folders').toBe(times[1]);
  expect(
    await store.latest({
      fromMs: Date.parse('2026-03-12T12:00:00Z'),
      toMs: Date.parse('2026-03-12T14:00:00Z'),
    }),
  ).toBeNull();
}

describe('snapshot stores', () => {
  it('round-trips and lists by time range in a local folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aftershock-snapshots-'));
    try {
      await roundTrip(fsSnapshotStore(dir));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('round-trips and lists by time range in S3 (s3rver)', async () => {
    const client = new S3Client({
      region: EMULATOR_REGION,
      credentials: EMULATOR_CREDENTIALS,
      endpoint: inject('s3Endpoint'),
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const bucket = `snapshots-${Date.now()}-${process.pid}`;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await roundTrip(s3SnapshotStore(client, bucket));
  });
});
