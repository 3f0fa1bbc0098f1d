import type * as z from 'zod';
import type { Config } from '../config.ts';
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
import type {
  ArtifactStore,
  Mailer,
  SendLedger,
  SiteStore,
  SubscriberStore,
} from '../publish/index.ts';
import type { reportFunctionConfigSchema, sendFunctionConfigSchema } from './function-config.ts';
import { tokenSecretSourceFor } from './http/token-secret-source.ts';

/** The AWS adapters the sender's fan-out works through. */
export interface SendAdapters {
  config: Config;
  /** Private data bucket: rendered emails and send summaries. */
  artifacts: ArtifactStore;
  subscribers: SubscriberStore;
  mailer: Mailer;
  ledger: SendLedger;
  tokenSecret: string;
}

/** The AWS adapters the report function works through: the sender's, plus the site. */
export interface PublishAdapters extends SendAdapters {
  site: SiteStore;
}

/**
 * The S3 artefact store, the DynamoDB subscriber store and ledger and the SES mailer of a
 * function whose settings {@link sendFunctionConfigSchema} validated; reads the token secret
 * (Secrets Manager in AWS).
 */
export async function sendAdapters(
  config: z.output<typeof sendFunctionConfigSchema>,
): Promise<SendAdapters> {
  const doc = dynamoDocumentClient(config);
  return {
    config,
    artifacts: new S3SiteStore(s3Client(config), { bucket: config.aws.dataBucket }),
    subscribers: new DynamoSubscriberStore(doc, config.aws.subscribersTable),
    mailer: new SesMailer(sesClient(config), {
      configurationSetName: config.aws.sesConfigurationSet,
    }),
    ledger: new DynamoSendLedger(doc, { tableName: config.aws.ledgerTable }),
    tokenSecret: await tokenSecretSourceFor(config, () => secretsManagerClient(config))(),
  };
}

/** {@link sendAdapters} plus the S3 site store, for the report function. */
export async function publishAdapters(
  config: z.output<typeof reportFunctionConfigSchema>,
): Promise<PublishAdapters> {
  return {
    ...(await sendAdapters(config)),
    site: new S3SiteStore(s3Client(config), { bucket: config.aws.siteBucket }),
  };
}
