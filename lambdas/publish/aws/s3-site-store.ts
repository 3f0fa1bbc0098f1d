import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishError } from '../../errors.ts';
import type { SiteFileWrite, SiteStore } from '../ports.ts';

/** Where an {@link S3SiteStore} writes: a bucket and an optional key prefix. */
export interface S3SiteStoreOptions {
  bucket: string;
  /** Prepended to every key, e.g. `private/`; empty for a site bucket. */
  prefix?: string;
}

/** True for the error S3 (and s3rver) give for a missing key. */
function isMissingKey(error: unknown): boolean {
  if (error instanceof NoSuchKey) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

/**
 * {@link SiteStore} over an S3 bucket: each file is one `PutObject` carrying the
 * file's `Content-Type` and `Cache-Control`, so CloudFront and browsers get them
 * without any bucket-wide rules. S3 replaces an object whole, which the port requires.
 * Also used for private report artefacts (rendered email, send summary) in the data bucket.
 */
export class S3SiteStore implements SiteStore {
  private readonly prefix: string;

  public constructor(
    private readonly s3: S3Client,
    private readonly options: S3SiteStoreOptions,
  ) {
    this.prefix = options.prefix ?? '';
  }

  /** Uploads one file; wraps S3 failures in {@link PublishError} naming the object. */
  public async putFile(file: SiteFileWrite): Promise<void> {
    const key = this.prefix + file.key;
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: file.body,
          ContentType: file.contentType,
          CacheControl: file.cacheControl,
        }),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PublishError(`s3://${this.options.bucket}/${key}`, reason, { cause: error });
    }
  }

  /** The object's body as UTF-8 text, or null when the key does not exist. */
  public async getText(key: string): Promise<string | null> {
    try {
      const object = await this.s3.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + key }),
      );
      return (await object.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (isMissingKey(error)) return null;
      throw error;
    }
  }
}
