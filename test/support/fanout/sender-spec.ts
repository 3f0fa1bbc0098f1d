import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { DeliveryConfig } from '../../../lambdas/config.ts';
import type { PublishAdapters } from '../../../lambdas/handlers/publish-wiring.ts';
import type { SqsBatchResponse } from '../../../lambdas/handlers/send-handler.ts';
import type { SendMetrics } from '../../../lambdas/handlers/send-metrics.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';
import {
  dynamoDocumentClient,
  s3Client,
  sesClient,
} from '../../../lambdas/publish/aws/aws-clients.ts';
import { DynamoSendLedger } from '../../../lambdas/publish/aws/dynamo-send-ledger.ts';
import { DynamoSubscriberStore } from '../../../lambdas/publish/aws/dynamo-subscriber-store.ts';
import { S3SiteStore } from '../../../lambdas/publish/aws/s3-site-store.ts';
import { SesMailer } from '../../../lambdas/publish/aws/ses-mailer.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../../integration/emulators.ts';

/** Everything a sender needs to run one send job against the emulators (JSON-safe). */
export interface SenderSpec {
  endpoints: { ses: string; s3: string; dynamodb: string };
  subscribersTable: string;
  ledgerTable: string;
  dataBucket: string;
  ratePerSecond: number;
  delivery: Partial<DeliveryConfig>;
  /** The SQS message body: a send job. */
  jobBody: string;
  /** What the Lambda context would say is left of the run (its deadline, every claim's lease). */
  remainingMs: number;
}

/** What one sender run reports. */
export interface SenderResult {
  response: SqsBatchResponse;
  metrics: SendMetrics[];
}

/**
 * The real AWS adapters of the send function (DynamoSubscriberStore, DynamoSendLedger, SesMailer,
 * S3SiteStore) pointed at the emulators, as `sendAdapters` builds them in Lambda.
 */
export function senderAdapters(spec: SenderSpec): PublishAdapters {
  const config = parseConfig({
    tokenSecret: 'fanout-sender-secret-0123456789-abcdefghij',
    aws: {
      region: EMULATOR_REGION,
      sesMaxSendRatePerSecond: spec.ratePerSecond,
      endpoints: spec.endpoints,
    },
    delivery: spec.delivery,
  });
  const options = { credentials: EMULATOR_CREDENTIALS };
  const doc = dynamoDocumentClient(config, options);
  const store = new S3SiteStore(s3Client(config, options), { bucket: spec.dataBucket });
  return {
    config,
    site: store,
    artifacts: store,
    subscribers: new DynamoSubscriberStore(doc, spec.subscribersTable),
    mailer: new SesMailer(sesClient(config, options)),
    ledger: new DynamoSendLedger(doc, { tableName: spec.ledgerTable }),
    tokenSecret: config.tokenSecret ?? '',
  };
}

const SENDER_SCRIPT = path.join(import.meta.dirname, 'sender-process.ts');

/** A sender running in its own process, which a test can SIGKILL like a dying Lambda. */
export interface SenderProcess {
  pid: number | undefined;
  kill(): void;
  /** Its result, or null when it was killed before finishing. */
  done: Promise<SenderResult | null>;
}

/** Starts `sender-process.ts` on `spec` (tsx loads the TypeScript). */
export function spawnSender(spec: SenderSpec): SenderProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', SENDER_SCRIPT, JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // The SDK's Node 20 support notice, once per process, would drown the chaos table.
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const done = once(child, 'exit').then(([code]) => {
    const last = lines.at(-1);
    return code === 0 && last !== undefined ? (JSON.parse(last) as SenderResult) : null;
  });
  return { pid: child.pid, kill: () => child.kill('SIGKILL'), done };
}
