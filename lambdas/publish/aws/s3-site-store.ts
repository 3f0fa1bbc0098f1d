import {
  GetObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { PublishError } from '../../errors.ts';
import {
  isS3ConditionFailure as isConditionFailure,
  isS3MissingKey as isMissingKey,
} from '../../shared/aws-errors.ts';
import { errorText } from '../../shared/error-text.ts';
import type { SiteFileWrite, SiteStore, VersionedText } from '../ports.ts';
import { WriteConflictError } from '../publish-errors.ts';

/** Where an {@link S3SiteStore} writes: a bucket and an optional key prefix. */
export interface S3SiteStoreOptions {
  bucket: string;
  /** Prepended to every key, e.g. `private/`; empty for a site bucket. */
  prefix?: string;
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
    await this.put(file, {});
  }

  /**
   * Uploads one file only if the object still has the ETag `expectedVersion` (`If-Match`), or
   * does not exist yet when it is null (`If-None-Match: *`); S3 checks and writes atomically.
   * Throws {@link WriteConflictError} when the condition fails.
   */
  public async putFileIfVersion(
    file: SiteFileWrite,
    expectedVersion: string | null,
  ): Promise<void> {
    await this.put(
      file,
      expectedVersion === null ? { IfNoneMatch: '*' } : { IfMatch: expectedVersion },
    );
  }

  private async put(
    file: SiteFileWrite,
    condition: Pick<PutObjectCommandInput, 'IfMatch' | 'IfNoneMatch'>,
  ): Promise<void> {
    const key = this.prefix + file.key;
    const target = `s3://${this.options.bucket}/${key}`;
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: file.body,
          ContentType: file.contentType,
          CacheControl: file.cacheControl,
          ...condition,
        }),
      );
    } catch (error) {
      // S3 answers NoSuchKey to If-Match on a key deleted since it was read: also a lost race.
      const lost =
        isConditionFailure(error) || (condition.IfMatch !== undefined && isMissingKey(error));
      if (lost) throw new WriteConflictError(target, { cause: error });
      const reason = errorText(error);
      throw new PublishError(target, reason, { cause: error });
    }
  }

  /** The object's body as UTF-8 text, or null when the key does not exist. */
  public async getText(key: string): Promise<string | null> {
    return (await this.getTextVersion(key))?.text ?? null;
  }

  /** The body with its ETag (the version {@link putFileIfVersion} compares), or null when absent. */
  public async getTextVersion(key: string): Promise<VersionedText | null> {
    try {
      const object = await this.s3.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + key }),
      );
      const text = (await object.Body?.transformToString('utf-8')) ?? '';
      return { text, version: object.ETag ?? '' };
    } catch (error) {
      if (isMissingKey(error)) return null;
      throw error;
    }
  }
}
