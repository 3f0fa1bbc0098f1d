import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RetryableSendError, SendInterruptedError } from '../../../lambdas/errors.ts';
import {
  JsonSendLedger,
  JsonSubscriberStore,
  lineLogger,
  type Mailer,
  OutboxMailer,
  type OutgoingMessage,
  type SendReportInput,
  sendReportToSubscribers,
  verifyToken,
} from '../../../lambdas/publish/index.ts';
import { renderDigestMailing } from '../../../lambdas/report/index.ts';
import { sampleRenderedReport } from './sample-rendered-report.ts';

const FIXTURE = join(import.meta.dirname, '../../../samples/subscribers.json');
const SECRET = 'test-secret-0123456789abcdef';
const NOW_MS = Date.parse('2026-11-25T14:05:00Z');

/** Records every message; refuses the addresses in `refuse` as a real SMTP/SES error would. */
class RecordingMailer implements Mailer {
  public readonly sent: OutgoingMessage[] = [];
  public constructor(private readonly refuse: readonly string[] = []) {}
  public async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    if (this.refuse.includes(message.to)) {
      throw new Error(`Address rejected: ${message.to}`);
    }
    this.sent.push(message);
    return { messageId: `<${this.sent.length}@test>` };
  }
}

describe('sendReportToSubscribers', () => {
  let dir: string;
  let subscribersFile: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aftershock-send-'));
    subscribersFile = join(dir, 'subscribers.json');
    await copyFile(FIXTURE, subscribersFile);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function input(mailer: Mailer, overrides: Partial<SendReportInput> = {}): SendReportInput {
    return {
      rendered: sampleRenderedReport(),
      subscribers: new JsonSubscriberStore(subscribersFile),
      mailer,
      ledger: new JsonSendLedger(join(dir, 'ledger.json')),
      tokenSecret: SECRET,
      siteBaseUrl: 'https://aftershock.example.com',
      unsubscribeMailto: 'unsubscribe@aftershock.example.com',
      listId: 'aftershock-reports.aftershock.example.com',
      from: 'Aftershock <reports@aftershock.example.com>',
      nowMs: NOW_MS,
      pageSize: 1,
      ...overrides,
    };
  }

  it('mails only active subscribers who want the report asset', async () => {
    const mailer = new RecordingMailer();
    const summary = await sendReportToSubscribers(input(mailer));
    expect(
      mailer.sent.map((m) => m.to),
      'carol wants ETH only; dave pending; erin gone',
    ).toEqual(['alice@example.com', 'bob@example.org']);
    expect(summary).toMatchObject({ sent: 2, skipped: 0, failed: 0, failures: [] });
  });

  it('mails a multi-asset report to everyone active who wants any of its assets', async () => {
    const mailer = new RecordingMailer();
    const rendered = sampleRenderedReport({
      id: 'digest-1',
      kind: 'digest',
      assets: ['BTC', 'ETH'],
    });
    await sendReportToSubscribers(input(mailer, { rendered }));
    expect(mailer.sent.map((m) => m.to).sort()).toEqual([
      'alice@example.com',
      'bob@example.org',
      'carol@example.com',
    ]);
  });

  it('mails each kind of report only to those who chose it on the preferences page', async () => {
    const store = new JsonSubscriberStore(subscribersFile);
    const at = '2026-02-01T00:00:00.000Z';
    await store.setPreferences('alice@example.com', { assets: [], wants: ['digest'] }, at);
    await store.setPreferences('bob@example.org', { assets: ['BTC'], wants: ['flash'] }, at);
    const sentTo = async (kind: 'flash' | 'follow-up' | 'ad-hoc', id: string) => {
      const mailer = new RecordingMailer();
      const rendered = sampleRenderedReport({ id, kind, assets: ['BTC'] });
      await sendReportToSubscribers(input(mailer, { rendered }));
      return mailer.sent.map((m) => m.to);
    };
    expect(await sentTo('flash', 'flash-1'), 'alice takes the digest only').toEqual([
      'bob@example.org',
    ]);
    expect(await sentTo('follow-up', 'follow-up-1'), 'bob chose no follow-ups').toEqual([]);
    expect(await sentTo('ad-hoc', 'ad-hoc-1'), "an editor's report is a flash").toEqual([
      'bob@example.org',
    ]);
  });

  it('mails the day’s digest once to each subscriber, with only the assets they follow', async () => {
    const digest = (asset: string) =>
      sampleRenderedReport({
        id: `digest-${asset}`,
        kind: 'digest',
        title: `${asset} digest title`,
        assets: [asset],
        path: `reports/2026/11/25/${asset.toLowerCase()}-digest/`,
      });
    const site = {
      baseUrl: 'https://aftershock.example.com',
      title: 'Aftershock',
      subscribeUrl: '/s',
    };
    const rendered = renderDigestMailing([digest('BTC'), digest('ETH')], site, NOW_MS);
    const mailer = new RecordingMailer();
    await sendReportToSubscribers(input(mailer, { rendered }));
    const copies = new Map<string, { subject: string; text: string }>();
    for (const message of mailer.sent) {
      const parsed = await simpleParser(Buffer.from(message.raw));
      copies.set(message.to, { subject: parsed.subject ?? '', text: parsed.text ?? '' });
    }
    expect([...copies.keys()].sort(), 'one email each').toEqual([
      'alice@example.com',
      'bob@example.org',
      'carol@example.com',
    ]);
    expect(mailer.sent).toHaveLength(3);
    expect(copies.get('alice@example.com')?.subject).toMatch(/: BTC and ETH$/);
    expect(copies.get('bob@example.org')?.subject, 'bob follows BTC and SOL').toMatch(/: BTC$/);
    expect(copies.get('bob@example.org')?.text).not.toContain('ETH digest title');
    expect(copies.get('carol@example.com')?.subject).toMatch(/: ETH$/);
    expect(copies.get('carol@example.com')?.text).not.toContain('BTC digest title');
  });

  describe('with several sends in flight', () => {
    const EMAILS = Array.from({ length: 12 }, (_, i) => `reader${i}@example.com`);

    /**
     * Holds each send until a second one is in flight (or 200 ms pass) and remembers how many
     * overlapped. Waiting for company rather than a fixed few milliseconds keeps the overlap
     * independent of how slowly a loaded machine reaches the next send; a sender limited to
     * one send at a time still never overlaps.
     */
    class SlowMailer implements Mailer {
      public readonly sent: string[] = [];
      public inFlight = 0;
      public maxInFlight = 0;
      private readonly waiting: Array<() => void> = [];
      public constructor(private readonly failOnCall?: number) {}
      public async send(message: OutgoingMessage): Promise<{ messageId: string }> {
        this.inFlight += 1;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        if (this.inFlight >= 2) for (const release of this.waiting.splice(0)) release();
        else
          await new Promise<void>((resolve) => {
            this.waiting.push(resolve);
            setTimeout(resolve, 200);
          });
        await new Promise((resolve) => setTimeout(resolve, 5));
        this.inFlight -= 1;
        if (this.failOnCall === this.sent.length + 1) {
          throw new RetryableSendError('Throttling: Maximum sending rate exceeded.');
        }
        this.sent.push(message.to);
        return { messageId: `<${message.to}>` };
      }
    }

    beforeEach(async () => {
      const now = new Date(NOW_MS).toISOString();
      const records = EMAILS.map((email) => ({
        email,
        status: 'active',
        assets: [],
        createdAt: now,
        updatedAt: now,
        consent: { at: now, form: 'test' },
      }));
      await writeFile(subscribersFile, JSON.stringify(records));
    });

    it('keeps up to `concurrency` sends in flight and mails each reader once', async () => {
      const mailer = new SlowMailer();
      const summary = await sendReportToSubscribers(
        input(mailer, { concurrency: 4, pageSize: 100 }),
      );
      expect(summary.sent).toBe(12);
      expect(mailer.maxInFlight, 'sends overlap').toBeGreaterThan(1);
      expect(mailer.maxInFlight, 'never more than the limit').toBeLessThanOrEqual(4);
      expect(new Set(mailer.sent).size, 'nobody twice').toBe(12);
    });

    it('stops starting sends when one stops the run, and a re-run completes without duplicates', async () => {
      const throttled = new SlowMailer(5);
      await expect(
        sendReportToSubscribers(input(throttled, { concurrency: 3, pageSize: 100 })),
      ).rejects.toBeInstanceOf(SendInterruptedError);
      expect(throttled.sent.length, 'in-flight sends finished, no new ones began').toBeLessThan(12);

      const healthy = new SlowMailer();
      await sendReportToSubscribers(input(healthy, { concurrency: 3, pageSize: 100 }));
      const everyone = [...throttled.sent, ...healthy.sent];
      expect(everyone.sort(), 'each reader mailed exactly once over both runs').toEqual(
        [...EMAILS].sort(),
      );
    });
  });

  it('sends nobody twice when run again', async () => {
    const mailer = new RecordingMailer();
    await sendReportToSubscribers(input(mailer));
    const again = await sendReportToSubscribers(input(mailer));
    expect(again).toMatchObject({ sent: 0, skipped: 2, failed: 0, failures: [] });
    expect(mailer.sent, 'still only the first run’s two messages').toHaveLength(2);
  });

  it('records one failing address, sends to the others and retries only it next time', async () => {
    const logLines: string[] = [];
    const failing = new RecordingMailer(['alice@example.com']);
    const logger = lineLogger((line) => logLines.push(line));
    const summary = await sendReportToSubscribers(input(failing, { logger }));
    expect(summary.sent).toBe(1);
    expect(summary.failed).toBe(1);
    expect(summary.failures).toEqual([
      { email: 'a***@e***.com', outcome: 'failed', reason: 'Address rejected: a***@e***.com' },
    ]);
    expect(logLines.join('\n'), 'logs never show a full address').not.toMatch(/alice@|bob@/);

    const healthy = new RecordingMailer();
    const retry = await sendReportToSubscribers(input(healthy));
    expect(healthy.sent.map((m) => m.to)).toEqual(['alice@example.com']);
    expect(retry).toMatchObject({ sent: 1, skipped: 1, failed: 0 });
  });

  it('writes parseable .eml files whose unsubscribe link verifies for the recipient', async () => {
    const outbox = join(dir, 'outbox');
    await sendReportToSubscribers(input(new OutboxMailer(outbox)));
    const files = (await readdir(outbox)).sort();
    expect(files).toEqual([
      '2026-11-25-btc-long-flush--alice@example.com.eml',
      '2026-11-25-btc-long-flush--bob@example.org.eml',
    ]);
    const mail = await simpleParser(await readFile(join(outbox, files[1] ?? '')));
    const list = mail.headers.get('list') as { unsubscribe?: { url?: string } };
    const url = new URL(list.unsubscribe?.url ?? 'https://invalid.example');
    expect(url.origin + url.pathname).toBe('https://aftershock.example.com/api/unsubscribe');
    const token = url.searchParams.get('token') ?? '';
    expect(
      verifyToken(token, 'unsubscribe', SECRET, NOW_MS + 10 * 365 * 86_400_000),
      'unsubscribe links never expire',
    ).toBe('bob@example.org');
  });
});
