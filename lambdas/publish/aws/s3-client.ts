import { S3Client } from '@aws-sdk/client-s3';
import { type AwsClientOptions, type AwsSection, baseOptions } from './client-options.ts';

/**
 * S3 client for `aws.region`, pointed at `aws.endpoints.s3` when set (then path-style,
 * because emulators such as s3rver do not serve virtual-host buckets, and checksums only
 * when required, because s3rver rejects the SDK's default trailing checksums).
 *
 * @example
 * const s3 = s3Client(config); // real S3 in Lambda
 */
export function s3Client(config: AwsSection, options: AwsClientOptions = {}): S3Client {
  const endpoint = config.aws.endpoints?.s3;
  return new S3Client({
    ...baseOptions(config, endpoint, options),
    ...(endpoint ? { forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' } : {}),
  });
}
