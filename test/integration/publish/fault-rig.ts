import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Config } from '../../../lambdas/config.ts';
import type { PublishAdapters } from '../../../lambdas/handlers/publish-wiring.ts';
import {
  createSendHandler,
  type SendHandlerOutputs,
} from '../../../lambdas/handlers/send-handler.ts';
import { createSesEventsHandler } from '../../../lambdas/handlers/ses-events-handler.ts';
import { DynamoSendLedger } from '../../../lambdas/publish/aws/dynamo-send-ledger.ts';
import { S3SiteStore } from '../../../lambdas/publish/aws/s3-site-store.ts';
import { SesMailer } from '../../../lambdas/publish/aws/ses-mailer.ts';
import type { Subscriber } from '../../../lambdas/publish/index.ts';
import { type SendJob, storeReportEmail } from '../../../lambdas/publish/send-job.ts';
import type { PacingClock } from '../../../lambdas/shared/clock.ts';
import { fanOutSend } from '../../../lambdas/use-cases/fan-out-send.ts';
import { LocalSesEventSource } from '../../support/ses-event-source.ts';
import { SesFaultProxy, type SesFaultProxyOptions } from '../../support/ses-fault-proxy.ts';
import { sampleRenderedReport } from '../../unit/publish/sample-rendered-report.ts';
import {
  ArraySubscriberStore,
  createBucket,
  createLedgerTable,
  emulatorClients,
  emulatorConfig,
  sesEmailsTo,
  subscriber,
} from './aws-test-support.ts';

export const MINUTE = 60_000;

/** The real clock, `offsetMs` ahead: a later run without waiting for it. */
export function clockAhead(offsetMs: number): PacingClock {
  return {
    nowMs: () => Date.now() + offsetMs,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** Emails per recipient in the SES emulator's store, for one domain. */
export async function mailCounts(domain: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const email of await sesEmailsTo(domain)) {
    for (const to of email.destination.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

/**
 * The real fan-out (SesMailer → fault proxy → aws-ses-v2-local, DynamoSendLedger on dynalite,
 * S3 artifacts on s3rver) with `count` active subscribers of a fresh domain, and a local SES
 * event source posting into the real ses-events handler. Stop the proxy after the test.
 */
export async function faultRig(
  count: number,
  proxyOptions: Omit<SesFaultProxyOptions, 'upstream'> = {},
  delivery: Partial<Config['delivery']> = {},
) {
  const proxy = await SesFaultProxy.start({ upstream: inject('sesEndpoint'), ...proxyOptions });
  const base = emulatorConfig({
    sesMaxSendRatePerSecond: 40,
    endpoints: {
      ses: proxy.endpoint,
      s3: inject('s3Endpoint'),
      dynamodb: inject('dynamoEndpoint'),
    },
  });
  const config: Config = {
    ...base,
    delivery: {
      ...base.delivery,
      sesRequestTimeoutMs: 400,
      sesConnectionTimeoutMs: 200,
      ...delivery,
    },
  };
  const clients = emulatorClients(config);
  const ledger = new DynamoSendLedger(clients.doc, {
    tableName: await createLedgerTable(clients.doc),
  });
  const artifacts = new S3SiteStore(clients.s3, { bucket: await createBucket(config, 'data') });
  const tag = randomUUID().slice(0, 8);
  const domain = `${tag}.example.test`;
  const store = new ArraySubscriberStore(
    Array.from({ length: count }, (_, i): Subscriber => subscriber(`reader${i}@${domain}`)),
  );
  const events = new LocalSesEventSource(createSesEventsHandler({ store, ledger }));
  const newJob = (): Promise<SendJob> =>
    storeReportEmail(
      artifacts,
      sampleRenderedReport({ id: `faults-${randomUUID().slice(0, 8)}` }),
      Date.now(),
    );
  const run = (job: SendJob, options: { clock?: PacingClock } = {}) =>
    fanOutSend({
      job,
      artifacts,
      subscribers: store,
      mailer: new SesMailer(clients.ses),
      ledger,
      config,
      tokenSecret: config.tokenSecret ?? '',
      backoff: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
      ...options,
    });
  const adapters: PublishAdapters = {
    config,
    site: artifacts,
    artifacts,
    subscribers: store,
    mailer: new SesMailer(clients.ses),
    ledger,
    tokenSecret: config.tokenSecret ?? '',
  };
  const handler = (outputs: SendHandlerOutputs = {}) => createSendHandler(adapters, outputs);
  return { proxy, config, ledger, store, events, domain, newJob, run, handler };
}
