import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type MarketsCache, parseCachedMarkets } from './markets-cache.ts';

/** Where the S3 markets cache keeps its objects. */
export const MARKETS_CACHE_PREFIX = 'markets/';

/** Where one venue's markets are kept in the bucket. */
export function marketsCacheKey(venue: string): string {
  return `${MARKETS_CACHE_PREFIX}${venue}.json.gz`;
}

/** Options of {@link s3MarketsCache}. */
export interface S3MarketsCacheOptions {
  /** Told about a read or write that failed for another reason than a missing entry. */
  onError?: (operation: 'read' | 'write', venue: string, error: unknown) => void;
}

function isMissingKey(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

/**
 * Markets as gzip JSON objects under `markets/` in the data bucket, so a cold Lambda start
 * does not download every venue's exchange info again (it is ~1 MB per venue and counts
 * against rate limits). A missing, corrupt or unreadable object is a miss; a failed write
 * is reported through `onError` and otherwise ignored.
 */
export function s3MarketsCache(
  client: S3Client,
  bucket: string,
  options: S3MarketsCacheOptions = {},
): MarketsCache {
  const report = options.onError ?? (() => undefined);
  return {
    async get(venue) {
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: marketsCacheKey(venue) }),
        );
        if (object.Body === undefined) return null;
        const bytes = await object.Body.transformToByteArray();
        return parseCachedMarkets(JSON.parse(gunzipSync(bytes).toString('utf8')));
      } catch (error) {
        if (!isMissingKey(error)) report('read', venue, error);
        return null;
      }
    },
    async put(venue, entry) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: marketsCacheKey(venue),
            Body: gzipSync(JSON.stringify(entry)),
            ContentType: 'application/json',
            ContentEncoding: 'gzip',
          }),
        );
      } catch (error) {
        report('write', venue, error);
      }
    },
  };
}
