import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../../config.ts';

/** Static credentials, for emulators only; in AWS the default provider chain is used. */
export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Options shared by every client factory below. */
export interface AwsClientOptions {
  /** Only for emulators and tests; omitted in Lambda so the execution role is used. */
  credentials?: StaticCredentials;
}

type AwsSection = Pick<Config, 'aws'>;

function baseOptions(
  config: AwsSection,
  endpoint: string | undefined,
  options: AwsClientOptions,
): { region?: string; endpoint?: string; credentials?: StaticCredentials } {
  return {
    ...(config.aws.region ? { region: config.aws.region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

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

/**
 * SES (v1 API, for `SendRawEmail`) client for `aws.region`, at `aws.endpoints.ses` when set.
 *
 * @example
 * const ses = sesClient(config);
 */
export function sesClient(config: AwsSection, options: AwsClientOptions = {}): SESClient {
  return new SESClient(baseOptions(config, config.aws.endpoints?.ses, options));
}

/**
 * DynamoDB document client (plain JS values in and out, `undefined` attributes dropped)
 * for `aws.region`, at `aws.endpoints.dynamodb` when set.
 *
 * @example
 * const doc = dynamoDocumentClient(config);
 */
export function dynamoDocumentClient(
  config: AwsSection,
  options: AwsClientOptions = {},
): DynamoDBDocumentClient {
  const client = new DynamoDBClient(baseOptions(config, config.aws.endpoints?.dynamodb, options));
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * SQS client for `aws.region` (no emulator endpoint: the send queue is only used in AWS).
 *
 * @example
 * const sqs = sqsClient(config);
 */
export function sqsClient(config: AwsSection, options: AwsClientOptions = {}): SQSClient {
  return new SQSClient(baseOptions(config, undefined, options));
}

/** Secrets Manager client for `aws.region` (the HMAC token secret lives there in AWS). */
export function secretsManagerClient(
  config: AwsSection,
  options: AwsClientOptions = {},
): SecretsManagerClient {
  return new SecretsManagerClient(baseOptions(config, undefined, options));
}
