import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { venueConfigSchema } from '../../../lambdas/config.ts';
import type { PublishAdapters } from '../../../lambdas/handlers/publish-wiring.ts';
import { createReportHandler } from '../../../lambdas/handlers/report-handler.ts';
import { createSendHandler, type SqsEvent } from '../../../lambdas/handlers/send-handler.ts';
import type { SendMetrics } from '../../../lambdas/handlers/send-metrics.ts';
import { generateScenario } from '../../../lambdas/market/scenarios/generate-scenario.ts';
import { DynamoSendLedger } from '../../../lambdas/publish/aws/dynamo-send-ledger.ts';
import { S3SiteStore } from '../../../lambdas/publish/aws/s3-site-store.ts';
import { SesMailer } from '../../../lambdas/publish/aws/ses-mailer.ts';
import { MANIFEST_KEY } from '../../../lambdas/publish/index.ts';
import { emailArtifactKey, type SendJob } from '../../../lambdas/publish/send-job.ts';
import type { SnapshotSource } from '../../../lambdas/use-cases/snapshot-source.ts';
import {
  ArraySubscriberStore,
  createBucket,
  createLedgerTable,
  emulatorClients,
  emulatorConfig,
  sesEmailsTo,
  subscriber,
} from './aws-test-support.ts';

const scenario = generateScenario('long-flush-reclaim', { seed: 3 });
const config = emulatorConfig();
const clients = emulatorClients(config);
const lastTakenAt = scenario.snapshots.at(-1)?.takenAt ?? '';

/** Snapshots of the scenario inside the requested range, as the S3 snapshot store would give. */
const snapshotSource: SnapshotSource = {
  list: async ({ fromMs, toMs }) =>
    scenario.snapshots.filter((s) => {
      const takenMs = Date.parse(s.takenAt);
      return takenMs >= fromMs && takenMs <= toMs;
    }),
};

async function adapters(domain: string): Promise<PublishAdapters> {
  return {
    config: {
      ...config,
      venues: scenario.configuredVenues.map((id) => venueConfigSchema.parse({ id })),
    },
    site: new S3SiteStore(clients.s3, { bucket: await createBucket(config, 'site') }),
    artifacts: new S3SiteStore(clients.s3, { bucket: await createBucket(config, 'data') }),
    subscribers: new ArraySubscriberStore(
      Array.from({ length: 3 }, (_, i) => subscriber(`handler${i}@${domain}`)),
    ),
    mailer: new SesMailer(clients.ses),
    ledger: new DynamoSendLedger(clients.doc, { tableName: await createLedgerTable(clients.doc) }),
    tokenSecret: config.tokenSecret ?? '',
  };
}

describe('report and send handlers against the emulators', () => {
  it('publishes from snapshots and enqueues a job the send handler delivers once', async () => {
    const domain = `${randomUUID().slice(0, 8)}.example.test`;
    const deps = await adapters(domain);
    const queued: SendJob[] = [];
    const report = createReportHandler({
      ...deps,
      snapshots: snapshotSource,
      queue: { enqueue: async (job) => void queued.push(job) },
    });
    const { published } = await report({ asset: 'btc', asOf: lastTakenAt });
    expect(published.assets).toEqual([scenario.asset]);
    expect(await deps.site.getText(`${published.path}index.html`)).toContain('<html');
    expect(await deps.site.getText(MANIFEST_KEY)).toContain(published.id);
    expect(queued.map((job) => job.emailKey)).toEqual([emailArtifactKey(published.id)]);
    expect(await sesEmailsTo(domain), 'queued, not yet sent').toEqual([]);

    const metrics: SendMetrics[] = [];
    const logged: Array<{ reportId: string | null; message: string }> = [];
    const send = createSendHandler(
      { ...deps },
      {
        logFor: (reportId) => ({
          info: (message) => void logged.push({ reportId, message }),
          warn: (message) => void logged.push({ reportId, message }),
          error: (message) => void logged.push({ reportId, message }),
        }),
        recordMetrics: (values) => void metrics.push(values),
      },
    );
    const body = JSON.stringify(queued[0]);
    const event: SqsEvent = {
      Records: [
        { messageId: 'm1', body },
        { messageId: 'm2', body },
      ],
    };
    const context = { getRemainingTimeInMillis: () => 300_000 };
    expect(await send(event, context)).toEqual({ batchItemFailures: [] });
    expect((await sesEmailsTo(domain)).length, 'the duplicated message mails nobody twice').toBe(3);
    expect(
      metrics.map((m) => [m.Sent, m.SendFailures]),
      'each job reports its counts, 0 included, for the alarms',
    ).toEqual([
      [3, 0],
      [0, 0],
    ]);
    expect(
      logged.every((entry) => entry.reportId === published.id),
      'every line of a job carries its report id',
    ).toBe(true);
  });

  it('fails a malformed job so SQS retries it or moves it to the dead-letter queue', async () => {
    const deps = await adapters('unused.example.test');
    const send = createSendHandler(deps);
    const event: SqsEvent = { Records: [{ messageId: 'bad', body: '{"reportId":""}' }] };
    const result = await send(event, { getRemainingTimeInMillis: () => 300_000 });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
  });

  it('mails inline when no queue is configured', async () => {
    const domain = `${randomUUID().slice(0, 8)}.example.test`;
    const deps = await adapters(domain);
    const report = createReportHandler({ ...deps, snapshots: snapshotSource });
    await report({ asset: scenario.asset, asOf: lastTakenAt });
    expect((await sesEmailsTo(domain)).length).toBe(3);
  });
});
