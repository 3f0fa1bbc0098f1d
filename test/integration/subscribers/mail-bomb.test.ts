import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionTemplates } from '../../../lambdas/handlers/http/subscription-templates.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';
import { sesClient } from '../../../lambdas/publish/aws/aws-clients.ts';
import { DynamoRateCounter } from '../../../lambdas/publish/aws/dynamo-rate-counter.ts';
import { DynamoSubscriberStore } from '../../../lambdas/publish/aws/dynamo-subscriber-store.ts';
import { SesMailer } from '../../../lambdas/publish/aws/ses-mailer.ts';
import {
  type ConditionalSubscriberStore,
  JsonSubscriberStore,
} from '../../../lambdas/publish/index.ts';
import { JsonRateCounter } from '../../../lambdas/publish/json-rate-counter.ts';
import {
  type RateCounter,
  type SubscribeContext,
  subscribe,
} from '../../../lambdas/publish/subscription/index.ts';
import { startLatencyProxy } from '../../support/latency-proxy.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../emulators.ts';
import { emulatorClients, emulatorConfig, sesEmailsTo } from '../publish/aws-test-support.ts';
import {
  createRateLimitTable,
  createSubscribersTable,
  RecordingMailer,
} from './subscriber-test-support.ts';

const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const MINUTE = 60_000;
const SECRET = 'integration-test-secret-0123456789';

/**
 * The mail-bombing probes of reliability audit #20, through the real sign-up use case, real
 * stores (dynalite, the JSON file) and the SES emulator behind a 50 ms latency proxy.
 * Before (audit): (a) 144 mails a day to one address, (b) 300 to one Gmail mailbox,
 * (c) 50 of 50 on the JSON store, (d) 4 of 10 and 13 of 50 on DynamoDB.
 */
describe('confirmation mail per mailbox under abuse (audit #20)', () => {
  const config = emulatorConfig();
  const { doc } = emulatorClients(config);
  let proxy: Awaited<ReturnType<typeof startLatencyProxy>>;
  let slowSes: SesMailer;

  beforeAll(async () => {
    proxy = await startLatencyProxy(config.aws.endpoints?.ses ?? '', 50);
    const viaProxy = parseConfig({
      aws: { region: EMULATOR_REGION, endpoints: { ses: proxy.endpoint } },
    });
    slowSes = new SesMailer(sesClient(viaProxy, { credentials: EMULATOR_CREDENTIALS }));
  });

  afterAll(async () => {
    await proxy?.stop();
  });

  function context(
    store: ConditionalSubscriberStore,
    limits: RateCounter,
    mailer: RecordingMailer,
  ): SubscribeContext {
    return {
      store,
      mailer,
      tokenSecret: SECRET,
      limits,
      confirmationsPerMailboxPerDay: 3,
      site: { title: 'Aftershock', baseUrl: 'https://blog.example.com' },
      from: 'Aftershock <reports@example.com>',
      renderer: subscriptionTemplates(),
    };
  }

  async function dynamoContext(mailer = new RecordingMailer(slowSes)) {
    return context(
      new DynamoSubscriberStore(doc, await createSubscribersTable(doc)),
      new DynamoRateCounter(doc, await createRateLimitTable(doc)),
      mailer,
    );
  }

  const request = (email: string, atMs: number) => ({
    email,
    consent: { at: new Date(atMs).toISOString(), form: 'probe' },
  });

  it('mails one address 3 times in a day of sign-ups every 10 minutes (a: 144 before)', async () => {
    const mailer = new RecordingMailer();
    const ctx = context(
      new DynamoSubscriberStore(doc, await createSubscribersTable(doc)),
      new DynamoRateCounter(doc, await createRateLimitTable(doc)),
      mailer,
    );
    const email = `victim@a-${randomUUID().slice(0, 8)}.test`;
    // Every sign-up 10 minutes apart passed the old per-address limit: the audit's 144 a day.
    for (let minute = 0; minute < 1_440; minute += 10) {
      await subscribe(ctx, request(email, T0 + minute * MINUTE), T0 + minute * MINUTE);
    }
    expect(mailer.sent.length, '144 sign-ups in one UTC day').toBe(3);
    await subscribe(ctx, request(email, T0 + 1_440 * MINUTE), T0 + 1_440 * MINUTE);
    expect(mailer.sent.length, 'the next day has its own 3').toBe(4);
  });

  it('mails one Gmail mailbox 3 times for 300 +tag and dotted spellings in one burst (b: 300 before)', async () => {
    const ctx = await dynamoContext(new RecordingMailer());
    const spellings = Array.from({ length: 300 }, (_, n) =>
      n % 2 === 0 ? `target+${n}@gmail.com` : `t.a.r.g.e.t+${n}@googlemail.com`,
    );
    const outcomes = await Promise.all(
      spellings.map((email) => subscribe(ctx, request(email, T0), T0)),
    );
    const sent = outcomes.filter((o) => o.outcome === 'confirmation-sent').length;
    expect(sent, 'one mailbox, however it is spelt').toBe(3);
    expect(outcomes.filter((o) => o.outcome === 'confirmation-limit-reached')).toHaveLength(297);
  });

  it('mails once for 10 and for 50 concurrent sign-ups of one address on DynamoDB (d: 4 and 13 before)', async () => {
    const counts: number[] = [];
    for (const burst of [10, 50]) {
      const ctx = await dynamoContext();
      const domain = `d-${randomUUID().slice(0, 8)}.test`;
      await Promise.all(
        Array.from({ length: burst }, () => subscribe(ctx, request(`one@${domain}`, T0), T0)),
      );
      counts.push((await sesEmailsTo(domain)).length);
    }
    // The daily counter caps it at 3; the conditional write of the pending record makes it 1:
    // one sign-up wins, every other one then sees "a confirmation just went out".
    expect(counts, '10 at once, then 50 at once').toEqual([1, 1]);
  });

  it('mails once for 50 concurrent sign-ups of one address on the JSON store (c: 50 before)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aftershock-bomb-'));
    const mailer = new RecordingMailer();
    const ctx = context(
      new JsonSubscriberStore(path.join(dir, 'subscribers.json')),
      new JsonRateCounter(path.join(dir, 'rate-limits.json')),
      mailer,
    );
    await Promise.all(
      Array.from({ length: 50 }, () => subscribe(ctx, request('one@json.test', T0), T0)),
    );
    expect(mailer.sent.length, 'one wins the locked write; the others see it').toBe(1);
  });
});
