import type { Config } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { applyEnvOverrides, parseConfig } from '../load-config.ts';
import {
  dynamoDocumentClient,
  s3Client,
  secretsManagerClient,
  sesClient,
} from '../publish/aws/aws-clients.ts';
import { DynamoSendLedger } from '../publish/aws/dynamo-send-ledger.ts';
import { DynamoSubscriberStore } from '../publish/aws/dynamo-subscriber-store.ts';
import { S3SiteStore } from '../publish/aws/s3-site-store.ts';
import { SesMailer } from '../publish/aws/ses-mailer.ts';
import type { Mailer, SendLedger, SiteStore, SubscriberStore } from '../publish/index.ts';
import { tokenSecretSourceFor } from './http/token-secret-source.ts';

/** The AWS adapters the report and send handlers work through. */
export interface PublishAdapters {
  config: Config;
  site: SiteStore;
  /** Private data bucket: rendered emails and send summaries. */
  artifacts: SiteStore;
  subscribers: SubscriberStore;
  mailer: Mailer;
  ledger: SendLedger;
  tokenSecret: string;
}

function required(value: string | undefined, setting: string): string {
  if (value === undefined || value === '') throw new ConfigError(setting, 'is required in AWS');
  return value;
}

/**
 * Validates config from the environment (once, at cold start) and builds the
 * S3, SES and DynamoDB adapters and reads the token secret (Secrets Manager in AWS);
 * names the first missing setting.
 */
export async function publishAdaptersFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): Promise<PublishAdapters> {
  const config = parseConfig(applyEnvOverrides({}, env));
  const s3 = s3Client(config);
  const doc = dynamoDocumentClient(config);
  return {
    config,
    site: new S3SiteStore(s3, { bucket: required(config.aws.siteBucket, 'aws.siteBucket') }),
    artifacts: new S3SiteStore(s3, { bucket: required(config.aws.dataBucket, 'aws.dataBucket') }),
    subscribers: new DynamoSubscriberStore(
      doc,
      required(config.aws.subscribersTable, 'aws.subscribersTable'),
    ),
    mailer: new SesMailer(sesClient(config), {
      configurationSetName: config.aws.sesConfigurationSet,
    }),
    ledger: new DynamoSendLedger(doc, {
      tableName: required(config.aws.ledgerTable, 'aws.ledgerTable'),
    }),
    tokenSecret: await tokenSecretSourceFor(config, () => secretsManagerClient(config))(),
  };
}
