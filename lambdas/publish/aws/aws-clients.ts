import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type DeliveryConfig, deliveryConfigSchema } from '../../config.ts';
import { type AwsClientOptions, type AwsSection, baseOptions } from './client-options.ts';

export type { AwsClientOptions, StaticCredentials } from './client-options.ts';
export { s3Client } from './s3-client.ts';

/** The SES timeouts a client is built with; the defaults of `delivery` when not given. */
export type SesTimeouts = Pick<DeliveryConfig, 'sesRequestTimeoutMs' | 'sesConnectionTimeoutMs'>;

/**
 * SES (v1 API, for `SendRawEmail`) client for `aws.region`, at `aws.endpoints.ses` when set.
 * It makes **one attempt** per call: the SDK's own retries of a 5xx or a timeout re-sent mail
 * SES had already accepted (reliability audit #5), so the application retries only throttling,
 * which SES did not accept. A call fails after `delivery.sesConnectionTimeoutMs` without a
 * connection and `delivery.sesRequestTimeoutMs` without an answer (the SDK only warns about a
 * request timeout unless told to throw).
 *
 * @example
 * const ses = sesClient(config);
 */
export function sesClient(
  config: AwsSection & { delivery?: SesTimeouts },
  options: AwsClientOptions = {},
): SESClient {
  const timeouts = config.delivery ?? deliveryConfigSchema.parse({});
  return new SESClient({
    ...baseOptions(config, config.aws.endpoints?.ses, options),
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: timeouts.sesConnectionTimeoutMs,
      requestTimeout: timeouts.sesRequestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
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
