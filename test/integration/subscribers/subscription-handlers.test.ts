import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { RetryableSendError } from '../../../lambdas/errors.ts';
import { createConfirmHandler } from '../../../lambdas/handlers/confirm-handler.ts';
import { createConfirmationMailHandler } from '../../../lambdas/handlers/confirmation-mail-handler.ts';
import type { FunctionUrlEvent } from '../../../lambdas/handlers/http/function-url-event.ts';
import {
  ORIGIN_SECRET_HEADER,
  originSecretGuard,
} from '../../../lambdas/handlers/http/origin-guard.ts';
import { staticSecretRing } from '../../../lambdas/handlers/http/secret-ring.ts';
import type {
  LinkHandlerDeps,
  SubscribeHandlerDeps,
} from '../../../lambdas/handlers/http/subscription-handler-deps.ts';
import { subscriptionTemplates } from '../../../lambdas/handlers/http/subscription-templates.ts';
import { createSesEventsHandler } from '../../../lambdas/handlers/ses-events-handler.ts';
import { createSubscribeHandler } from '../../../lambdas/handlers/subscribe-handler.ts';
import { createUnsubscribeHandler } from '../../../lambdas/handlers/unsubscribe-handler.ts';
import { DynamoRateCounter } from '../../../lambdas/publish/aws/dynamo-rate-counter.ts';
import { DynamoSubscriberStore } from '../../../lambdas/publish/aws/dynamo-subscriber-store.ts';
import { type Mailer, signToken } from '../../../lambdas/publish/index.ts';
import type {
  ConfirmationJob,
  ConfirmationQueue,
} from '../../../lambdas/publish/subscription/index.ts';
import { emulatorClients, emulatorConfig, subscriber } from '../publish/aws-test-support.ts';
import {
  confirmTokenFrom,
  createRateLimitTable,
  createSubscribersTable,
  RecordingMailer,
} from './subscriber-test-support.ts';

const NOW = Date.parse('2026-11-01T12:00:00.000Z');
const SECRET = 'integration-test-secret-0123456789';
const OTHER_SECRET = 'some-other-deployment-secret-0123456789';
const SITE = 'https://blog.example.com';
const ORIGIN_SECRET = 'origin-secret-current-0123456789abcdef';
const OLD_ORIGIN_SECRET = 'origin-secret-previous-0123456789abcde';

/**
 * Keeps each queued job as the JSON body SqsConfirmationQueue sends (there is no SQS emulator),
 * and hands them to the confirmation-mail handler as the SQS event Lambda would deliver.
 */
class MessageQueue implements ConfirmationQueue {
  public readonly bodies: string[] = [];
  public async enqueue(job: ConfirmationJob): Promise<void> {
    this.bodies.push(JSON.stringify(job));
  }
  /** The messages queued so far, as one SQS event; the queue is emptied. */
  public drain() {
    const Records = this.bodies.map((body, i) => ({ messageId: `m-${i}-${randomUUID()}`, body }));
    this.bodies.length = 0;
    return { Records };
  }
}

function request(
  method: string,
  options: {
    body?: string;
    headers?: Record<string, string>;
    query?: string;
    base64?: boolean;
  } = {},
): FunctionUrlEvent {
  const body = options.body ?? '';
  return {
    rawPath: '/',
    rawQueryString: options.query ?? '',
    // As CloudFront forwards it: its origin header and the viewer's address.
    headers: {
      [ORIGIN_SECRET_HEADER]: ORIGIN_SECRET,
      'cloudfront-viewer-address': '203.0.113.50:41234',
      ...options.headers,
    },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
    // The connection is CloudFront's, never the reader's.
    requestContext: { http: { method, sourceIp: '130.176.0.1' } },
  };
}

const json = { 'content-type': 'application/json', origin: SITE };
const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
const oneClick = { 'content-type': 'application/x-www-form-urlencoded' };

describe('subscription handlers (function URL events) against dynalite', () => {
  const { doc } = emulatorClients(emulatorConfig());
  const domain = `handlers-${randomUUID().slice(0, 8)}.test`;
  const mailer = new RecordingMailer();
  const queue = new MessageQueue();
  let subscribeDeps: SubscribeHandlerDeps;
  let linkDeps: LinkHandlerDeps;
  let store: DynamoSubscriberStore;
  let limits: DynamoRateCounter;

  const common = {
    origin: originSecretGuard(
      staticSecretRing({ current: ORIGIN_SECRET, previous: OLD_ORIGIN_SECRET }),
    ),
    site: { title: 'Aftershock', baseUrl: SITE },
    renderer: subscriptionTemplates(),
    now: () => NOW,
    log: () => undefined,
  };

  function confirmationMailer(through: Mailer = mailer) {
    return createConfirmationMailHandler({
      store,
      mailer: through,
      tokenKeys: staticSecretRing({ current: SECRET }),
      limits,
      confirmationsPerMailboxPerDay: 3,
      followUpMail: 'when-changed',
      site: { ...common.site, postalAddress: '1 Example Street, Lisbon' },
      from: 'Aftershock <reports@example.com>',
      renderer: common.renderer,
      now: () => NOW,
    });
  }

  beforeAll(async () => {
    store = new DynamoSubscriberStore(doc, await createSubscribersTable(doc));
    limits = new DynamoRateCounter(doc, await createRateLimitTable(doc));
    subscribeDeps = { ...common, queue, limits, signupsPerIpPerHour: 20 };
    linkDeps = { ...common, store, tokenKeys: staticSecretRing({ current: SECRET }) };
  });

  it('accepts a JSON sign-up with 202 at once, mails it afterwards, and its link confirms it', async () => {
    const email = `json@${domain}`;
    const answer = await createSubscribeHandler(subscribeDeps)(
      request('POST', { headers: json, body: JSON.stringify({ email, assets: ['BTC'] }) }),
    );
    expect(answer.statusCode).toBe(202);
    expect(answer.headers['access-control-allow-origin']).toBe(SITE);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'accepted' });
    expect(await store.get(email), 'the endpoint itself stores nothing').toBeNull();
    expect(mailer.sent, 'and mails nothing').toHaveLength(0);

    const batch = await confirmationMailer()(queue.drain());
    expect(batch.batchItemFailures).toEqual([]);
    const stored = await store.get(email);
    expect(stored?.status).toBe('pending');
    expect(stored?.consent.ip, 'the reader’s address, not CloudFront’s').toBe('203.0.113.50');
    const message = mailer.sent.find((m) => m.to === email);
    if (message === undefined) throw new Error('no confirmation mail');
    const token = await confirmTokenFrom(message);
    const page = await createConfirmHandler({ ...linkDeps, welcomeQueue: queue })(
      request('GET', { query: `token=${token}` }),
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You are subscribed');
    expect((await store.get(email))?.status).toBe('active');

    const altered = `${token.slice(0, 10)}x${token.slice(11)}`;
    const refused = await createConfirmHandler({ ...linkDeps, welcomeQueue: queue })(
      request('GET', { query: `token=${altered}` }),
    );
    expect(refused.statusCode).toBe(403);
  });

  it('welcomes a confirmed subscriber once, with what they follow, their preferences and unsubscribe links, however often they click', async () => {
    const email = `welcome@${domain}`;
    await createSubscribeHandler(subscribeDeps)(
      request('POST', { headers: json, body: JSON.stringify({ email, assets: ['BTC', 'ETH'] }) }),
    );
    await confirmationMailer()(queue.drain());
    const confirmation = mailer.sent.find((m) => m.to === email);
    if (confirmation === undefined) throw new Error('no confirmation mail');
    const token = await confirmTokenFrom(confirmation);
    const confirm = createConfirmHandler({ ...linkDeps, welcomeQueue: queue });
    expect((await confirm(request('GET', { query: `token=${token}` }))).statusCode).toBe(200);
    expect(queue.bodies.map((b) => JSON.parse(b))).toEqual([{ kind: 'welcome', email }]);
    // The job delivered twice (SQS is at least once) and a second click: one welcome.
    queue.bodies.push(...queue.bodies);
    expect((await confirm(request('GET', { query: `token=${token}` }))).statusCode).toBe(200);
    const batch = await confirmationMailer()(queue.drain());
    expect(batch.batchItemFailures).toEqual([]);
    const welcomes = mailer.sent.filter(
      (m) => m.to === email && m.reportId === 'subscription-welcome',
    );
    expect(welcomes, 'one welcome for three jobs').toHaveLength(1);
    const parsed = await simpleParser(Buffer.from(welcomes[0]?.raw ?? ''));
    expect(parsed.subject).toBe('Welcome to Aftershock');
    expect(parsed.text).toContain(`${email} now gets Aftershock reports on BTC and ETH:`);
    expect(parsed.text).toContain('when the reading\n  of the flush has changed');
    expect(parsed.text).toMatch(/\/api\/unsubscribe\?token=[A-Za-z0-9._-]+/);
    const preferencesLink = /https:\/\/\S+\/api\/preferences\?token=([A-Za-z0-9._-]+)/.exec(
      parsed.text ?? '',
    );
    expect(preferencesLink?.[1], 'the welcome links to the preferences page').toBeDefined();
    expect(String(parsed.html).replaceAll('&#x3D;', '=')).toContain(preferencesLink?.[0]);
    expect(parsed.text, 'the postal address, when configured').toContain(
      'Aftershock · 1 Example Street, Lisbon',
    );
    expect(String(parsed.html)).toContain('Aftershock · 1 Example Street, Lisbon');
    expect(String(parsed.html), 'dark-mode styles').toContain('prefers-color-scheme: dark');
    expect((await store.get(email))?.welcomedAt).toBe(new Date(NOW).toISOString());
  });

  it('welcomes nobody who unsubscribed before the welcome job ran', async () => {
    const email = `gone@${domain}`;
    await store.upsert({
      email,
      status: 'unsubscribed',
      assets: [],
      createdAt: new Date(NOW).toISOString(),
      updatedAt: new Date(NOW).toISOString(),
      consent: { at: new Date(NOW).toISOString(), form: 'test' },
    });
    queue.bodies.push(JSON.stringify({ kind: 'welcome', email }));
    const before = mailer.sent.length;
    expect((await confirmationMailer()(queue.drain())).batchItemFailures).toEqual([]);
    expect(mailer.sent.length, 'no mail').toBe(before);
  });

  it('answers a browser form post (base64 body) with the HTML "check your inbox" page', async () => {
    const body = new URLSearchParams({ email: `form@${domain}`, source: 'home' }).toString();
    const answer = await createSubscribeHandler(subscribeDeps)(
      request('POST', { headers: form, body, base64: true }),
    );
    expect(answer.statusCode).toBe(202);
    expect(answer.body).toContain('Check your inbox');
    await confirmationMailer()(queue.drain());
    expect((await store.get(`form@${domain}`))?.consent.form).toBe('home');
  });

  it('refuses bad input with clear statuses and queues nothing', async () => {
    const handler = createSubscribeHandler(subscribeDeps);
    const post = (body: string, headers: Record<string, string> = json) =>
      handler(request('POST', { headers, body }));
    const invalid = await post(JSON.stringify({ email: 'not-an-address' }));
    expect(invalid.statusCode).toBe(400);
    expect(JSON.parse(invalid.body).error).toBe('That is not a valid email address');
    const injected = await post(
      JSON.stringify({ email: `x@${domain}\r\nBcc: victim@example.com` }),
    );
    expect(JSON.parse(injected.body).error).toMatch(/line breaks/);
    expect((await post(JSON.stringify({ email: 'someone@mailinator.com' }))).statusCode).toBe(400);
    expect((await post(JSON.stringify({ email: `${'a'.repeat(250)}@${domain}` }))).statusCode).toBe(
      400,
    );
    const oversized = await post(JSON.stringify({ email: `big@${domain}`, pad: 'x'.repeat(9000) }));
    expect(oversized.statusCode).toBe(413);
    expect((await post('email=a', { 'content-type': 'text/plain', origin: SITE })).statusCode).toBe(
      415,
    );
    const htmlError = await post('email=nope', form);
    expect(htmlError.statusCode).toBe(400);
    expect(htmlError.body).toContain('That is not a valid email address');
    const get = await handler(request('GET', { headers: { origin: SITE } }));
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(queue.bodies).toEqual([]);
  });

  it('answers the CORS preflight for the site origin only', async () => {
    const handler = createSubscribeHandler(subscribeDeps);
    const preflight = await handler(
      request('OPTIONS', { headers: { origin: SITE, 'access-control-request-method': 'POST' } }),
    );
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(SITE);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    const foreign = await handler(request('OPTIONS', { headers: { origin: 'https://evil.test' } }));
    expect(foreign.statusCode).toBe(403);
  });

  it('refuses a form post from another site’s page with 403 and queues nothing (audit #19: 202 and a mail)', async () => {
    const body = new URLSearchParams({ email: `csrf@${domain}` }).toString();
    const answer = await createSubscribeHandler(subscribeDeps)(
      request('POST', { headers: { ...form, origin: 'https://evil.example' }, body }),
    );
    expect(answer.statusCode).toBe(403);
    expect(queue.bodies).toEqual([]);
  });

  it('refuses every request that did not come through CloudFront, and accepts the previous origin secret', async () => {
    const email = `direct@${domain}`;
    const signUp = (secret: string | undefined) =>
      createSubscribeHandler(subscribeDeps)({
        ...request('POST', { headers: json, body: JSON.stringify({ email }) }),
        headers: {
          ...json,
          ...(secret === undefined ? {} : { [ORIGIN_SECRET_HEADER]: secret }),
        },
      });
    expect(
      (await signUp(undefined)).statusCode,
      'no header: the function URL called directly',
    ).toBe(403);
    expect((await signUp('guessed-secret')).statusCode).toBe(403);
    expect((await signUp(OLD_ORIGIN_SECRET)).statusCode, 'mid-rotation').toBe(202);
    queue.drain();
    const token = signToken({ email, purpose: 'unsubscribe' }, SECRET);
    for (const handler of [
      createConfirmHandler({ ...linkDeps, welcomeQueue: queue }),
      createUnsubscribeHandler(linkDeps),
    ]) {
      const direct = await handler({
        ...request('GET', { query: `token=${token}` }),
        headers: {},
      });
      expect(direct.statusCode).toBe(403);
    }
  });

  it('counts sign-ups per client network: 20 an hour, then 429 with Retry-After, IPv6 by /64', async () => {
    const from = (viewer: string, n: number) =>
      createSubscribeHandler(subscribeDeps)(
        request('POST', {
          headers: { ...json, 'cloudfront-viewer-address': viewer },
          body: JSON.stringify({ email: `ip${n}@${domain}` }),
        }),
      );
    const statuses: number[] = [];
    for (let n = 0; n < 25; n += 1) statuses.push((await from('198.51.100.77:5000', n)).statusCode);
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const refused = await from('198.51.100.77:5001', 99);
    expect(refused.headers['retry-after'], 'seconds to the next hour (it is 12:00:00)').toBe(
      '3600',
    );
    expect((await from('198.51.100.78:5000', 100)).statusCode, 'another address').toBe(202);
    const v6: number[] = [];
    for (let n = 0; n < 21; n += 1) {
      v6.push((await from(`2001:db8:7:7:${n.toString(16)}::1:443`, 200 + n)).statusCode);
    }
    expect(v6.at(-1), 'one /64 is one network, whatever the host part').toBe(429);
    queue.drain();
  });

  it('shows an unsubscribe page with a POST button, and one-click POST unsubscribes', async () => {
    const email = `leaver@${domain}`;
    await store.upsert(subscriber(email));
    const token = signToken({ email, purpose: 'unsubscribe' }, SECRET);
    const handler = createUnsubscribeHandler(linkDeps);
    const page = await handler(request('GET', { query: `token=${token}` }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<form method="post" action="\?token(=|&#x3D;)[^"]+">/);
    expect(page.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect((await store.get(email))?.status, 'GET changes nothing').toBe('active');
    const post = await handler(
      request('POST', {
        query: `token=${token}`,
        headers: oneClick,
        body: 'List-Unsubscribe=One-Click',
      }),
    );
    expect(post.statusCode).toBe(200);
    expect((await store.get(email))?.status).toBe('unsubscribed');
  });

  it('unsubscribes with a link signed by the previous secret after a rotation', async () => {
    const email = `rotated@${domain}`;
    await store.upsert(subscriber(email));
    const oldLink = signToken({ email, purpose: 'unsubscribe' }, OTHER_SECRET);
    const rotated = {
      ...linkDeps,
      tokenKeys: staticSecretRing({ current: SECRET, previous: OTHER_SECRET }),
    };
    const post = await createUnsubscribeHandler(rotated)(
      request('POST', {
        query: `token=${oldLink}`,
        headers: oneClick,
        body: 'List-Unsubscribe=One-Click',
      }),
    );
    expect(post.statusCode).toBe(200);
    expect((await store.get(email))?.status).toBe('unsubscribed');
  });

  it('refuses forged and altered unsubscribe tokens with 403 and changes nothing', async () => {
    const email = `stayer@${domain}`;
    await store.upsert(subscriber(email));
    const handler = createUnsubscribeHandler(linkDeps);
    const good = signToken({ email, purpose: 'unsubscribe' }, SECRET);
    const tokens = {
      forged: signToken({ email, purpose: 'unsubscribe' }, OTHER_SECRET),
      altered: `${good.slice(0, -3)}${good.endsWith('AAA') ? 'BBB' : 'AAA'}`,
      // Another valid token's IV and first bytes, this token's tail.
      spliced: `${signToken({ email: `other@${domain}`, purpose: 'unsubscribe' }, SECRET).slice(0, 40)}${good.slice(40)}`,
    };
    for (const [kind, token] of Object.entries(tokens)) {
      const post = await handler(
        request('POST', {
          query: `token=${token}`,
          headers: oneClick,
          body: 'List-Unsubscribe=One-Click',
        }),
      );
      expect(post.statusCode, kind).toBe(403);
      expect((await handler(request('GET', { query: `token=${token}` }))).statusCode, kind).toBe(
        403,
      );
    }
    expect((await store.get(email))?.status).toBe('active');
    expect(await store.get(`other@${domain}`)).toBeNull();
  });

  it('drops a job that can never be mailed and hands back one that may work later', async () => {
    const flaky: Mailer = {
      send: async () => {
        throw new RetryableSendError('SES throttled the send (Throttling)');
      },
    };
    const result = await confirmationMailer(flaky)({
      Records: [
        { messageId: 'not-json', body: '{' },
        {
          messageId: 'bad-address',
          body: JSON.stringify({
            email: 'nope',
            assets: [],
            consent: { at: new Date(NOW).toISOString(), form: 'x' },
          }),
        },
        {
          messageId: 'throttled',
          body: JSON.stringify({
            email: `later@${domain}`,
            assets: [],
            consent: { at: new Date(NOW).toISOString(), form: 'x' },
          }),
        },
      ],
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'throttled' }]);
  });

  it('marks subscribers bounced or complained from SNS-delivered SES events', async () => {
    await store.upsert(subscriber(`bounce@${domain}`));
    await store.upsert(subscriber(`complain@${domain}`));
    const handler = createSesEventsHandler({ store, now: () => NOW });
    const message = (body: object) => ({ Sns: { Message: JSON.stringify(body) } });
    const result = await handler({
      Records: [
        message({
          notificationType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bouncedRecipients: [{ emailAddress: `bounce@${domain}` }],
          },
        }),
        message({
          notificationType: 'Complaint',
          complaint: { complainedRecipients: [{ emailAddress: `complain@${domain}` }] },
        }),
        message({ notificationType: 'Delivery' }),
      ],
    });
    expect(result.results.map((r) => r.ignored ?? r.changes[0]?.status)).toEqual([
      'bounced',
      'complained',
      'a Delivery notification',
    ]);
    expect((await store.get(`bounce@${domain}`))?.status).toBe('bounced');
    expect((await store.get(`complain@${domain}`))?.status).toBe('complained');
  });
});
