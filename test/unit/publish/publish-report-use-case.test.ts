import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../lambdas/config.ts';
import {
  DRAFT_CACHE_CONTROL,
  DRAFTS_PREFIX,
  draftSiteStore,
  JsonSendLedger,
  JsonSubscriberStore,
  MANIFEST_KEY,
  MemorySiteStore,
  OutboxMailer,
  type SendJobQueue,
} from '../../../lambdas/publish/index.ts';
import { emailArtifactKey, type SendJob } from '../../../lambdas/publish/send-job.ts';
import { noWaitClock } from '../../../lambdas/shared/clock.ts';
import { inProcessSendQueue } from '../../../lambdas/use-cases/in-process-send-queue.ts';
import { publishReport } from '../../../lambdas/use-cases/publish-report.ts';
import { sampleRenderedReport } from './sample-rendered-report.ts';

const FIXTURE = join(import.meta.dirname, '../../../samples/subscribers.json');
const config = configSchema.parse({ tokenSecret: 'test-secret-0123456789abcdefghijklmn' });
const NOW_MS = Date.parse('2026-11-25T14:05:00Z');

describe('publishReport (the one publish path)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aftershock-publish-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has the page, index, feeds and stored email in place when the job is enqueued', async () => {
    const site = new MemorySiteStore();
    const artifacts = new MemorySiteStore();
    const rendered = sampleRenderedReport();
    const seen: Array<{ job: SendJob; files: Array<string | null> }> = [];
    const queue: SendJobQueue = {
      enqueue: async (job) => {
        const files = await Promise.all([
          site.getText(`${rendered.meta.path}index.html`),
          site.getText('index.html'),
          site.getText('feed.xml'),
          site.getText('sitemap.xml'),
          artifacts.getText(job.emailKey),
        ]);
        seen.push({ job, files });
      },
    };
    const published = await publishReport(
      rendered,
      { site, artifacts, queue },
      { mail: true, config, nowMs: NOW_MS },
    );
    expect(published.reports.map((r) => r.id)).toEqual([rendered.meta.id]);
    expect(seen.map((s) => s.job)).toEqual([published.job]);
    expect(published.job?.emailKey).toBe(emailArtifactKey(rendered.meta.id));
    expect(seen[0]?.files.every((text) => text !== null)).toBe(true);
    const order = site.writes.map((w) => w.key);
    const pageAt = order.lastIndexOf(`${rendered.meta.path}index.html`);
    expect(
      order.indexOf('feed.xml') > pageAt && order.indexOf('index.html') > pageAt,
      'the page before the feeds and the home page',
    ).toBe(true);
  });

  it('publishes the site and enqueues nothing when mail is false', async () => {
    const site = new MemorySiteStore();
    const artifacts = new MemorySiteStore();
    const queued: SendJob[] = [];
    const published = await publishReport(
      sampleRenderedReport(),
      { site, artifacts, queue: { enqueue: async (job) => void queued.push(job) } },
      { mail: false, config, nowMs: NOW_MS },
    );
    expect(published.job).toBeNull();
    expect(queued).toEqual([]);
    expect(await site.getText('index.html')).not.toBeNull();
    expect(await artifacts.getText(emailArtifactKey(published.meta.id))).toBeNull();
  });

  it('writes a draft only under drafts/ and lists it nowhere when unlisted', async () => {
    const site = new MemorySiteStore();
    const rendered = sampleRenderedReport();
    const drafts = draftSiteStore(site);
    await publishReport(
      rendered,
      { site: drafts.store, artifacts: new MemorySiteStore(), queue: refusingQueue() },
      { mail: false, listed: false, config, nowMs: NOW_MS },
    );
    expect(drafts.prefix).toBe(DRAFTS_PREFIX);
    expect(await site.getText(`drafts/${rendered.meta.path}index.html`)).toContain('<h1>');
    expect(await site.getText(`drafts/${rendered.meta.path}data.json`)).not.toBeNull();
    expect(
      site.writes.filter(
        (w) => !w.key.startsWith(DRAFTS_PREFIX) || w.cacheControl !== DRAFT_CACHE_CONTROL,
      ),
      'every draft file is under drafts/ and never cached',
    ).toEqual([]);
    for (const key of [MANIFEST_KEY, `drafts/${MANIFEST_KEY}`, 'index.html', 'drafts/index.html'])
      expect(await site.getText(key), key).toBeNull();
  });

  it('refuses to mail an unlisted report', async () => {
    const publish = publishReport(
      sampleRenderedReport(),
      {
        site: new MemorySiteStore(),
        artifacts: new MemorySiteStore(),
        queue: refusingQueue(),
      },
      { mail: true, listed: false, config, nowMs: NOW_MS },
    );
    await expect(publish).rejects.toThrow(/never mailed/);
  });

  it('mails through the fan-out once and reports each run when a job is enqueued twice', async () => {
    const subscribersFile = join(dir, 'subscribers.json');
    await copyFile(FIXTURE, subscribersFile);
    const artifacts = new MemorySiteStore();
    const queue = inProcessSendQueue({
      artifacts,
      subscribers: new JsonSubscriberStore(subscribersFile),
      mailer: new OutboxMailer(join(dir, 'outbox')),
      ledger: new JsonSendLedger(join(dir, 'ledger.json')),
      config,
      tokenSecret: config.tokenSecret ?? '',
      clock: noWaitClock(),
    });
    const ports = { site: new MemorySiteStore(), artifacts, queue };
    const rendered = sampleRenderedReport();
    await publishReport(rendered, ports, { mail: true, config, nowMs: NOW_MS });
    await publishReport(rendered, ports, { mail: true, config, nowMs: NOW_MS });
    const mailed = (await readdir(join(dir, 'outbox'))).length;
    expect(mailed).toBeGreaterThan(0);
    expect(queue.runs.map((run) => [run.outcome, run.sent, run.skipped, run.failed])).toEqual([
      ['completed', mailed, 0, 0],
      ['completed', 0, mailed, 0],
    ]);
  });
});

/** A queue for publications that must not mail: enqueuing fails the test. */
function refusingQueue(): SendJobQueue {
  return {
    enqueue: async (job) => {
      throw new Error(`unexpected send job ${job.reportId}`);
    },
  };
}
