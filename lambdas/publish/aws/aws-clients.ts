import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AwsClientOptions, type AwsSection, baseOptions } from './client-options.ts';

export type { AwsClientOptions, StaticCredentials } from './client-options.ts';
export { s3Client } from './s3-client.ts';

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
