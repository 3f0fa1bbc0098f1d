import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isS3ConditionFailure, isS3MissingKey } from '../../shared/aws-errors.ts';
import {
  DAY_ROLLUP_CODEC,
  type DayObjectCodec,
  MARKET_HISTORY_CODEC,
  MARKET_ROLLUP_CODEC,
  RollupDataError,
} from './rollup-codec.ts';
import type { DayStore, MarketRollupStore, RollupStore } from './rollup-store.ts';

/**
 * A conditional write that lost: 412 (the ETag moved, or the key exists for `If-None-Match: *`),
 * 409 (two conditional writes of one key at once), or NoSuchKey for `If-Match` on a key
 * deleted since it was read.
 */
function lostRace(error: unknown, ifMatch: boolean): boolean {
  return isS3ConditionFailure(error) || (ifMatch && isS3MissingKey(error));
}

/**
 * Day objects of one kind as gzip JSON objects in the data bucket, written with S3 conditional
 * requests (`If-Match` on the ETag read, `If-None-Match: *` for a new day).
 */
function s3DayStore<T>(client: S3Client, bucket: string, codec: DayObjectCodec<T>): DayStore<T> {
  return {
    async get(day) {
      const key = codec.key(day);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
        const version = object.ETag ?? '';
        try {
          return { rollup: codec.decode(bytes, `s3://${bucket}/${key}`, day), version };
        } catch (error) {
          if (error instanceof RollupDataError) error.version = version;
          throw error;
        }
      } catch (error) {
        if (isS3MissingKey(error)) return null;
        throw error;
      }
    },
    async put(value, expectedVersion) {
      const condition =
        expectedVersion === null ? { IfNoneMatch: '*' } : { IfMatch: expectedVersion };
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: codec.key(codec.idOf(value)),
            Body: codec.encode(value),
            ContentType: 'application/json',
            ContentEncoding: 'gzip',
            ...condition,
          }),
        );
        return true;
      } catch (error) {
        if (lostRace(error, expectedVersion !== null)) return false;
        throw error;
      }
    },
    same: codec.same,
  };
}

/** The assets' day rollups in the data bucket (`rollups/YYYY/MM/DD.json.gz`). */
export function s3RollupStore(client: S3Client, bucket: string): RollupStore {
  return s3DayStore(client, bucket, DAY_ROLLUP_CODEC);
}

/**
 * The market's day rollups in the data bucket (`rollups/market/YYYY/MM/DD.json.gz`) and its
 * months of history (`rollups/market-history/YYYY/MM.json.gz`).
 */
export function s3MarketRollupStore(client: S3Client, bucket: string): MarketRollupStore {
  return {
    ...s3DayStore(client, bucket, MARKET_ROLLUP_CODEC),
    history: s3DayStore(client, bucket, MARKET_HISTORY_CODEC),
  };
}
