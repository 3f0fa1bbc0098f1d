import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { SendInterruptedError } from '../../../lambdas/errors.ts';
import { DynamoSendLedger } from '../../../lambdas/publish/aws/dynamo-send-ledger.ts';
import { S3SiteStore } from '../../../lambdas/publish/aws/s3-site-store.ts';
import { SesMailer } from '../../../lambdas/publish/aws/ses-mailer.ts';
import type { Mailer, OutgoingMessage, Subscriber } from '../../../lambdas/publish/index.ts';
import { type SendJob, storeReportEmail } from '../../../lambdas/publish/send-job.ts';
import { fanOutSend } from '../../../lambdas/use-cases/fan-out-send.ts';
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

const config = emulatorConfig();
const clients = emulatorClients(config);
let ledgerTable = '';
let artifacts: S3SiteStore;

/** A fresh report (unique id, subject and recipient domain) and its stored send job. */
async function freshReport() {
  const tag = randomUUID().slice(0, 8);
  const rendered = sampleRenderedReport({ id: `fan-out-${tag}`, title: `Fan-out test ${tag}` });
  const job = await storeReportEmail(artifacts, rendered, Date.parse('2026-11-25T15:00:00Z'));
  return { job, domain: `${tag}.example.test` };
}

function activeSubscribers(domain: string, count: number): Subscriber[] {
  return Array.from({ length: count }, (_, i) => subscriber(`reader${i}@${domain}`));
}

function run(job: SendJob, store: ArraySubscriberStore, mailer: Mailer, signal?: AbortSignal) {
  return fanOutSend({
    job,
    artifacts,
    subscribers: store,
    mailer,
    ledger: new DynamoSendLedger(clients.doc, { tableName: ledgerTable }),
    config,
    tokenSecret: config.tokenSecret ?? '',
    ...(signal ? { signal } : {}),
  });
}

/** The real SES mailer that aborts the run (as a dying Lambda would) after `limit` sends. */
function dyingMailer(limit: number, controller: AbortController): Mailer {
  const ses = new SesMailer(clients.ses);
  let sent = 0;
  return {
    async send(message: OutgoingMessage) {
      if (sent >= limit) {
        controller.abort();
        throw new Error('sender killed');
      }
      sent += 1;
      return ses.send(message);
    },
  };
}

function countByRecipient(emails: Array<{ destination: { to: string[] } }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const to of emails.flatMap((email) => email.destination.to)) {
    counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

describe('fanOutSend against SES, DynamoDB and S3 emulators', () => {
  beforeAll(async () => {
    ledgerTable = await createLedgerTable(clients.doc);
    artifacts = new S3SiteStore(clients.s3, { bucket: await createBucket(config, 'data') });
  });

  it('mails 500 subscribers exactly once when killed halfway and re-run, then duplicated', async () => {
    const { job, domain } = await freshReport();
    const inactive = (['pending', 'unsubscribed', 'bounced', 'complained'] as const).map((status) =>
      subscriber(`${status}@${domain}`, { status }),
    );
    const store = new ArraySubscriberStore([...inactive, ...activeSubscribers(domain, 500)]);
    const controller = new AbortController();
    await expect(run(job, store, dyingMailer(250, controller), controller.signal)).rejects.toThrow(
      SendInterruptedError,
    );
    expect((await sesEmailsTo(domain)).length, 'the first run stopped halfway').toBe(250);

    const rerun = await run(job, store, new SesMailer(clients.ses));
    const duplicate = await run(job, store, new SesMailer(clients.ses));

    const counts = countByRecipient(await sesEmailsTo(domain));
    expect(counts.size).toBe(500);
    expect(
      [...counts.values()].every((count) => count === 1),
      'nobody mailed twice',
    ).toBe(true);
    for (const row of inactive) expect(counts.has(row.email), row.status).toBe(false);
    expect(rerun.runs.map((r) => [r.outcome, r.sent, r.skipped])).toEqual([
      ['interrupted', 250, 0],
      ['completed', 250, 250],
    ]);
    expect(duplicate.sentTotal).toBe(500);
    expect(duplicate.runs.at(-1)?.skipped, 'the duplicated job skips everyone').toBe(500);
    expect(
      JSON.parse(
        (await artifacts.getText(`report-mail/${job.reportId}/send-summary.json`)) ?? '{}',
      ),
    ).toEqual(duplicate);
  });

  it('sends nobody twice when the same job runs twice at once', async () => {
    const { job, domain } = await freshReport();
    const store = new ArraySubscriberStore(activeSubscribers(domain, 40));
    const mailer = new SesMailer(clients.ses);
    const [first, second] = await Promise.all([run(job, store, mailer), run(job, store, mailer)]);
    const counts = countByRecipient(await sesEmailsTo(domain));
    // On failure, say what each run recorded (an SES call past its timeout is `unknown`, not sent).
    const runs = JSON.stringify([first.runs.at(-1), second.runs.at(-1)]);
    expect(counts.size, runs).toBe(40);
    expect(Math.max(...counts.values()), runs).toBe(1);
    const sentByRuns = (first.runs.at(-1)?.sent ?? 0) + (second.runs.at(-1)?.sent ?? 0);
    expect(sentByRuns, `the ledger split the work between the two runs: ${runs}`).toBe(40);
  });

  it('builds MIME with one-click unsubscribe headers and SES lists recipient and subject', async () => {
    const { job, domain } = await freshReport();
    const ses = new SesMailer(clients.ses);
    const raws: OutgoingMessage[] = [];
    const recording: Mailer = {
      send: (message) => {
        raws.push(message);
        return ses.send(message);
      },
    };
    await run(job, new ArraySubscriberStore(activeSubscribers(domain, 1)), recording);
    const parsed = await simpleParser(Buffer.from(raws[0]?.raw ?? ''));
    // Raw header lines, unfolded: the exact form mail providers read.
    const rawHeader = (key: string) =>
      parsed.headerLines.find((line) => line.key === key)?.line.replace(/\r\n\s+/g, ' ');
    expect(rawHeader('list-unsubscribe')).toMatch(
      /^List-Unsubscribe: <https:\/\/aftershock\.example\.com\/api\/unsubscribe\?token=[^>]+>$/,
    );
    expect(rawHeader('list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(rawHeader('list-id')).toContain('<aftershock-reports.aftershock.example.com>');
    expect(parsed.text).toContain('/api/unsubscribe?token=');
    const [stored] = await sesEmailsTo(domain);
    expect(stored?.destination.to).toEqual([`reader0@${domain}`]);
    expect(stored?.subject).toBe(`Fan-out test ${job.reportId.slice('fan-out-'.length)}`);
  });
});
