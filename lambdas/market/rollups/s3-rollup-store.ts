import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DayRollup } from '../../model/index.ts';
import { isS3ConditionFailure, isS3MissingKey } from '../../shared/aws-errors.ts';
import { decodeRollup, encodeRollup, RollupDataError } from './rollup-codec.ts';
import { rollupKey } from './rollup-days.ts';
import type { RollupStore } from './rollup-store.ts';

/**
 * A conditional write that lost: 412 (the ETag moved, or the key exists for `If-None-Match: *`),
 * 409 (two conditional writes of one key at once), or NoSuchKey for `If-Match` on a key
 * deleted since it was read.
 */
function lostRace(error: unknown, ifMatch: boolean): boolean {
  return isS3ConditionFailure(error) || (ifMatch && isS3MissingKey(error));
}

/**
 * Day rollups as gzip JSON objects in the data bucket (`rollups/YYYY/MM/DD.json.gz`), written
 * with S3 conditional requests (`If-Match` on the ETag read, `If-None-Match: *` for a new day).
 */
export function s3RollupStore(client: S3Client, bucket: string): RollupStore {
  return {
    async get(day) {
      const key = rollupKey(day);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
        const version = object.ETag ?? '';
        try {
          return { rollup: decodeRollup(bytes, `s3://${bucket}/${key}`, day), version };
        } catch (error) {
          if (error instanceof RollupDataError) error.version = version;
          throw error;
        }
      } catch (error) {
        if (isS3MissingKey(error)) return null;
        throw error;
      }
    },
    async put(rollup: DayRollup, expectedVersion) {
      const condition =
        expectedVersion === null ? { IfNoneMatch: '*' } : { IfMatch: expectedVersion };
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: rollupKey(rollup.day),
            Body: encodeRollup(rollup),
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
  };
}
