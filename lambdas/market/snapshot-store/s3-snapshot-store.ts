import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Snapshot } from '../../model/index.ts';
import { mapWithConcurrency } from '../../shared/concurrency.ts';
import {
  decodeSnapshot,
  encodeSnapshot,
  hourPrefixes,
  keyTakenWithin,
  type SnapshotStore,
  snapshotKey,
  takenWithin,
} from './snapshot-store.ts';

async function keysUnder(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const item of page.Contents ?? []) if (item.Key?.endsWith('.json.gz')) keys.push(item.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys.sort();
}

/** S3 reads in flight at once when listing (well under the SDK's default socket pool of 50). */
const READ_CONCURRENCY = 16;

/** Snapshots as gzip JSON objects in an S3 bucket, keyed by hour. */
export function s3SnapshotStore(client: S3Client, bucket: string): SnapshotStore {
  const store: SnapshotStore = {
    async put(snapshot: Snapshot) {
      const key = snapshotKey(snapshot.takenAt);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: encodeSnapshot(snapshot),
          ContentType: 'application/json',
          ContentEncoding: 'gzip',
        }),
      );
      return key;
    },
    async get(key) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (object.Body === undefined) throw new Error(`s3://${bucket}/${key} is empty`);
      return decodeSnapshot(await object.Body.transformToByteArray());
    },
    async list(range) {
      // Two days of 5-minute ticks are ~600 objects: read in parallel, not one after another.
      const prefixes = hourPrefixes(range.fromMs, range.toMs);
      const keys = (
        await mapWithConcurrency(prefixes, READ_CONCURRENCY, (prefix) =>
          keysUnder(client, bucket, prefix),
        )
      )
        .flat()
        .filter((key) => keyTakenWithin(key, range));
      const snapshots = await mapWithConcurrency(keys, READ_CONCURRENCY, (key) => store.get(key));
      return snapshots.filter((snapshot) => takenWithin(snapshot.takenAt, range));
    },
    async latest(range) {
      for (const prefix of hourPrefixes(range.fromMs, range.toMs).reverse()) {
        const keys = await keysUnder(client, bucket, prefix);
        const newest = keys.filter((k) => keyTakenWithin(k, range)).at(-1);
        if (newest !== undefined) return store.get(newest);
      }
      return null;
    },
  };
  return store;
}
