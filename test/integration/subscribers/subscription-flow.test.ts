import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { subscriptionTemplates } from '../../../lambdas/handlers/http/subscription-templates.ts';
import { DynamoRateCounter } from '../../../lambdas/publish/aws/dynamo-rate-counter.ts';
import { DynamoSubscriberStore } from '../../../lambdas/publish/aws/dynamo-subscriber-store.ts';
import { SesMailer } from '../../../lambdas/publish/aws/ses-mailer.ts';
import { InvalidTokenError, signToken } from '../../../lambdas/publish/index.ts';
import {
  confirmSubscription,
  listSubscribers,
  recordSesEvent,
  type SubscribeContext,
  subscribe,
  unsubscribe,
} from '../../../lambdas/publish/subscription/index.ts';
import { emulatorClients, emulatorConfig, sesEmailsTo } from '../publish/aws-test-support.ts';
import {
  confirmTokenFrom,
  createRateLimitTable,
  createSubscribersTable,
  RecordingMailer,
} from './subscriber-test-support.ts';

const T0 = Date.parse('2026-11-01T12:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SECRET = 'integration-test-secret-0123456789';

describe('double opt-in against dynalite and the SES emulator', () => {
  const config = emulatorConfig();
  const { doc, ses } = emulatorClients(config);
  const domain = `flow-${randomUUID().slice(0, 8)}.test`;
  let store: DynamoSubscriberStore;
  let mailer: RecordingMailer;
  let context: SubscribeContext & { tokenKeys: string };

  beforeAll(async () => {
    store = new DynamoSubscriberStore(doc, await createSubscribersTable(doc));
    mailer = new RecordingMailer(new SesMailer(ses));
    context = {
      store,
      mailer,
      tokenSecret: SECRET,
      tokenKeys: SECRET,
      limits: new DynamoRateCounter(doc, await createRateLimitTable(doc)),
      confirmationsPerMailboxPerDay: 3,
      site: { title: 'Aftershock', baseUrl: 'https://blog.example.com/' },
      from: config.mail.from,
      renderer: subscriptionTemplates(),
    };
  });

  const consent = (at: number) => ({
    at: new Date(at).toISOString(),
    form: 'home',
    ip: '203.0.113.7',
  });

  it('stores a sign-up as pending, mails one confirmation, and its link activates it', async () => {
    const email = `Alice@${domain.toUpperCase()}`;
    const result = await subscribe(context, { email, assets: ['btc'], consent: consent(T0) }, T0);
    expect(result).toEqual({ outcome: 'confirmation-sent', email: `alice@${domain}` });
    expect((await store.get(`alice@${domain}`))?.status).toBe('pending');
    const delivered = await sesEmailsTo(domain);
    expect(delivered.filter((m) => m.destination.to.includes(`alice@${domain}`))).toHaveLength(1);

    const message = mailer.sent.at(-1);
    if (message === undefined) throw new Error('nothing sent');
    const parsed = await simpleParser(Buffer.from(message.raw));
    expect(parsed.subject).toBe('Confirm your subscription to Aftershock');
    expect(parsed.html || '', 'the HTML part links the same confirm URL').toContain(
      'https://blog.example.com/api/confirm?token',
    );
    const token = await confirmTokenFrom(message);
    const confirmed = await confirmSubscription(context, token, T0 + 5 * MINUTE);
    expect(confirmed.outcome).toBe('confirmed');
    const active = await store.get(`alice@${domain}`);
    expect(active?.status).toBe('active');
    expect(active?.confirmedAt).toBe(new Date(T0 + 5 * MINUTE).toISOString());
    expect(active?.consent).toEqual(consent(T0));
    expect((await store.listActive({ pageSize: 50 })).subscribers.map((s) => s.email)).toContain(
      `alice@${domain}`,
    );
  });

  it('leaves an active address alone and mails nothing when it subscribes again', async () => {
    const email = `alice@${domain}`;
    const before = await store.get(email);
    const sentBefore = mailer.sent.length;
    const again = await subscribe(context, { email, consent: consent(T0 + HOUR) }, T0 + HOUR);
    expect(again.outcome).toBe('already-active');
    expect(mailer.sent.length, 'no new mail').toBe(sentBefore);
    expect(await store.get(email), 'record untouched').toEqual(before);
  });

  it('sends at most one confirmation per address within the rate-limit window', async () => {
    const email = `bob@${domain}`;
    await subscribe(context, { email, consent: consent(T0) }, T0);
    const second = await subscribe(context, { email, consent: consent(T0) }, T0 + 3 * MINUTE);
    expect(second.outcome).toBe('confirmation-recently-sent');
    expect(mailer.sent.filter((m) => m.to === email)).toHaveLength(1);
    const later = await subscribe(context, { email, consent: consent(T0) }, T0 + 11 * MINUTE);
    expect(later.outcome, 'allowed again after the window').toBe('confirmation-sent');
    expect(mailer.sent.filter((m) => m.to === email)).toHaveLength(2);
  });

  it('lets an unconfirmed sign-up lapse: not listed, its link refused, nothing changed', async () => {
    const email = `carol@${domain}`;
    await subscribe(context, { email, consent: consent(T0) }, T0);
    const token = await confirmTokenFrom(mailer.sent.filter((m) => m.to === email)[0] ?? fail());
    const afterExpiry = T0 + 49 * HOUR;
    const listed = await listSubscribers(store, afterExpiry);
    expect(listed.map((s) => s.email)).not.toContain(email);
    expect(
      (await listSubscribers(store, T0)).map((s) => s.email),
      'listed before expiry',
    ).toContain(email);
    await expect(confirmSubscription(context, token, afterExpiry)).rejects.toThrow(
      InvalidTokenError,
    );
    expect((await store.get(email))?.status).toBe('pending');
  });

  it('refuses forged and altered unsubscribe tokens without changing anything, and honours old ones', async () => {
    const email = `alice@${domain}`;
    const good = signToken({ email, purpose: 'unsubscribe', expiresAtMs: T0 + HOUR }, SECRET);
    const forged = signToken(
      { email, purpose: 'unsubscribe', expiresAtMs: T0 + HOUR },
      'x'.repeat(32),
    );
    const altered = `${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`;
    const confirmPurpose = signToken({ email, purpose: 'confirm', expiresAtMs: T0 + HOUR }, SECRET);
    for (const token of [forged, altered, confirmPurpose]) {
      await expect(unsubscribe(context, token, T0)).rejects.toThrow(InvalidTokenError);
    }
    expect((await store.get(email))?.status).toBe('active');
    expect(
      (await unsubscribe(context, good, T0 + 10 * 365 * 24 * HOUR)).outcome,
      'an unsubscribe link never expires',
    ).toBe('unsubscribed');
    expect((await store.get(email))?.status).toBe('unsubscribed');
    expect((await unsubscribe(context, good, T0)).outcome, 'idempotent').toBe(
      'already-unsubscribed',
    );
  });

  it('refuses the confirm link of an earlier sign-up after an unsubscribe and a re-subscribe (audit #12)', async () => {
    const email = `grace@${domain}`;
    await subscribe(context, { email, consent: consent(T0) }, T0);
    const first = await confirmTokenFrom(
      mailer.sent.filter((m) => m.to === email).at(-1) ?? fail(),
    );
    expect((await confirmSubscription(context, first, T0 + MINUTE)).outcome).toBe('confirmed');
    const unsubscribeLink = signToken({ email, purpose: 'unsubscribe' }, SECRET);
    await unsubscribe(context, unsubscribeLink, T0 + 2 * MINUTE);
    expect((await confirmSubscription(context, first, T0 + 3 * MINUTE)).outcome).toBe(
      'not-pending',
    );
    // A third party signs the address up again; the old link (3 h old, unexpired) is replayed.
    await subscribe(context, { email, consent: consent(T0 + HOUR) }, T0 + HOUR);
    const replay = await confirmSubscription(context, first, T0 + 3 * HOUR);
    expect(replay.outcome, 'before: 200 and active without the owner clicking').toBe('superseded');
    expect((await store.get(email))?.status).toBe('pending');
    const latest = await confirmTokenFrom(
      mailer.sent.filter((m) => m.to === email).at(-1) ?? fail(),
    );
    expect((await confirmSubscription(context, latest, T0 + 3 * HOUR)).outcome).toBe('confirmed');
  });

  it('keeps one sign-up nonce for every confirmation mail of one pending sign-up', async () => {
    const email = `heidi@${domain}`;
    await subscribe(context, { email, consent: consent(T0) }, T0);
    await subscribe(context, { email, consent: consent(T0) }, T0 + 11 * MINUTE);
    const [firstMail, secondMail] = mailer.sent.filter((m) => m.to === email);
    const firstLink = await confirmTokenFrom(firstMail ?? fail());
    expect(await confirmTokenFrom(secondMail ?? fail()), 'two mails, two tokens').not.toBe(
      firstLink,
    );
    expect(
      (await confirmSubscription(context, firstLink, T0 + 12 * MINUTE)).outcome,
      'the first mail’s link still confirms',
    ).toBe('confirmed');
  });

  it('marks permanent bounces and complaints, ignores transient bounces, and never lists them', async () => {
    for (const name of ['dave', 'erin', 'frank']) {
      const email = `${name}@${domain}`;
      await subscribe(context, { email, consent: consent(T0) }, T0);
      const message = mailer.sent.filter((m) => m.to === email).at(-1) ?? fail();
      await confirmSubscription(context, await confirmTokenFrom(message), T0 + MINUTE);
    }
    const bounce = (type: string, to: string) =>
      JSON.stringify({
        notificationType: 'Bounce',
        bounce: { bounceType: type, bouncedRecipients: [{ emailAddress: to }] },
      });
    const complaint = JSON.stringify({
      eventType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: `Erin@${domain}` }] },
    });
    expect(
      (await recordSesEvent(store, bounce('Permanent', `dave@${domain}`), T0)).changes,
    ).toEqual([{ email: 'd***@f***.test', status: 'bounced', found: true }]);
    expect((await recordSesEvent(store, complaint, T0)).changes[0]?.status).toBe('complained');
    const transient = await recordSesEvent(store, bounce('Transient', `frank@${domain}`), T0);
    expect(transient.ignored).toBe('a Transient bounce');
    expect((await recordSesEvent(store, 'not json', T0)).ignored).toBe('not an SES notification');

    const active = (await store.listActive({ pageSize: 100 })).subscribers.map((s) => s.email);
    expect(active).toContain(`frank@${domain}`);
    expect(active).not.toContain(`dave@${domain}`);
    expect(active).not.toContain(`erin@${domain}`);
    const resubscribe = await subscribe(
      context,
      { email: `dave@${domain}`, consent: consent(T0) },
      T0 + HOUR,
    );
    expect(resubscribe.outcome, 'a bounced address is never mailed again').toBe('suppressed');
    expect((await store.get(`dave@${domain}`))?.status).toBe('bounced');
  });
});

function fail(): never {
  throw new Error('expected a confirmation message');
}
