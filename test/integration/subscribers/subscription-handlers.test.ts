import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createConfirmHandler } from '../../../lambdas/handlers/confirm-handler.ts';
import type { FunctionUrlEvent } from '../../../lambdas/handlers/http/function-url-event.ts';
import type { SubscriptionHandlerDeps } from '../../../lambdas/handlers/http/subscription-handler-deps.ts';
import { subscriptionTemplates } from '../../../lambdas/handlers/http/subscription-templates.ts';
import { createSesEventsHandler } from '../../../lambdas/handlers/ses-events-handler.ts';
import { createSubscribeHandler } from '../../../lambdas/handlers/subscribe-handler.ts';
import { createUnsubscribeHandler } from '../../../lambdas/handlers/unsubscribe-handler.ts';
import { DynamoSubscriberStore } from '../../../lambdas/publish/aws/dynamo-subscriber-store.ts';
import { signToken } from '../../../lambdas/publish/index.ts';
import { emulatorClients, emulatorConfig, subscriber } from '../publish/aws-test-support.ts';
import {
  confirmTokenFrom,
  createSubscribersTable,
  RecordingMailer,
} from './subscriber-test-support.ts';

const NOW = Date.parse('2026-11-01T12:00:00.000Z');
const SECRET = 'integration-test-secret-0123456789';
const SITE = 'https://blog.example.com';

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
    headers: options.headers ?? {},
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
    requestContext: { http: { method, sourceIp: '198.51.100.4' } },
  };
}

const json = { 'content-type': 'application/json', origin: SITE };
const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

describe('subscription handlers (function URL events) against dynalite', () => {
  const { doc } = emulatorClients(emulatorConfig());
  const domain = `handlers-${randomUUID().slice(0, 8)}.test`;
  const mailer = new RecordingMailer();
  let deps: SubscriptionHandlerDeps;
  let store: DynamoSubscriberStore;

  beforeAll(async () => {
    store = new DynamoSubscriberStore(doc, await createSubscribersTable(doc));
    deps = {
      store,
      mailer,
      tokenSecret: async () => SECRET,
      site: { title: 'Aftershock', baseUrl: SITE },
      from: 'Aftershock <reports@example.com>',
      renderer: subscriptionTemplates(),
      now: () => NOW,
      log: () => undefined,
    };
  });

  it('accepts a JSON sign-up with 202 and CORS for the site origin, then confirms it by GET', async () => {
    const subscribeHandler = createSubscribeHandler(deps);
    const email = `json@${domain}`;
    const answer = await subscribeHandler(
      request('POST', { headers: json, body: JSON.stringify({ email, assets: ['BTC'] }) }),
    );
    expect(answer.statusCode).toBe(202);
    expect(answer.headers['access-control-allow-origin']).toBe(SITE);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'accepted' });
    const stored = await store.get(email);
    expect(stored?.status).toBe('pending');
    expect(stored?.consent.ip, 'consent keeps the source IP').toBe('198.51.100.4');

    const message = mailer.sent.find((m) => m.to === email);
    if (message === undefined) throw new Error('no confirmation mail');
    const token = await confirmTokenFrom(message);
    const confirmHandler = createConfirmHandler(deps);
    const page = await confirmHandler(request('GET', { query: `token=${token}` }));
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('You are subscribed');
    expect((await store.get(email))?.status).toBe('active');

    const altered = `${token.slice(0, 10)}x${token.slice(11)}`;
    const refused = await confirmHandler(request('GET', { query: `token=${altered}` }));
    expect(refused.statusCode).toBe(403);
  });

  it('answers a browser form post (base64 body) with the HTML "check your inbox" page', async () => {
    const body = new URLSearchParams({ email: `form@${domain}`, source: 'home' }).toString();
    const answer = await createSubscribeHandler(deps)(
      request('POST', { headers: form, body, base64: true }),
    );
    expect(answer.statusCode).toBe(202);
    expect(answer.body).toContain('Check your inbox');
    expect((await store.get(`form@${domain}`))?.consent.form).toBe('home');
  });

  it('refuses bad input with clear statuses and stores nothing', async () => {
    const handler = createSubscribeHandler(deps);
    const post = (body: string, headers: Record<string, string> = json) =>
      handler(request('POST', { headers, body }));
    const invalid = await post(JSON.stringify({ email: 'not-an-address' }));
    expect(invalid.statusCode).toBe(400);
    expect(JSON.parse(invalid.body).error).toBe('That is not a valid email address');
    const injected = await post(
      JSON.stringify({ email: `x@${domain}\r\nBcc: victim@example.com` }),
    );
    expect(injected.statusCode).toBe(400);
    expect(JSON.parse(injected.body).error).toMatch(/line breaks/);
    const disposable = await post(JSON.stringify({ email: 'someone@mailinator.com' }));
    expect(disposable.statusCode).toBe(400);
    const tooLong = await post(JSON.stringify({ email: `${'a'.repeat(250)}@${domain}` }));
    expect(tooLong.statusCode).toBe(400);
    const oversized = await post(JSON.stringify({ email: `big@${domain}`, pad: 'x'.repeat(9000) }));
    expect(oversized.statusCode).toBe(413);
    const wrongType = await post('email=a', { 'content-type': 'text/plain', origin: SITE });
    expect(wrongType.statusCode).toBe(415);
    const htmlError = await post('email=nope', form);
    expect(htmlError.statusCode).toBe(400);
    expect(htmlError.body).toContain('That is not a valid email address');
    expect(await store.get(`big@${domain}`)).toBeNull();
    const get = await handler(request('GET', { headers: { origin: SITE } }));
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });

  it('answers the CORS preflight for the site origin only', async () => {
    const handler = createSubscribeHandler(deps);
    const preflight = await handler(
      request('OPTIONS', {
        headers: { origin: SITE, 'access-control-request-method': 'POST' },
      }),
    );
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(SITE);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toContain('content-type');
    const foreign = await handler(request('OPTIONS', { headers: { origin: 'https://evil.test' } }));
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('shows an unsubscribe page with a POST button, and one-click POST unsubscribes', async () => {
    const email = `leaver@${domain}`;
    await store.upsert(subscriber(email));
    const token = signToken(
      { email, purpose: 'unsubscribe', expiresAtMs: NOW + 3_600_000 },
      SECRET,
    );
    const handler = createUnsubscribeHandler(deps);
    const page = await handler(request('GET', { query: `token=${token}` }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<form method="post" action="\?token(=|&#x3D;)[^"]+">/);
    expect(page.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(page.body).toMatch(/<button type="submit">Unsubscribe<\/button>/);
    expect((await store.get(email))?.status, 'GET changes nothing').toBe('active');

    const oneClick = await handler(
      request('POST', {
        query: `token=${token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      }),
    );
    expect(oneClick.statusCode).toBe(200);
    expect((await store.get(email))?.status).toBe('unsubscribed');
  });

  it('refuses forged and altered unsubscribe tokens with 403 and changes nothing', async () => {
    const email = `stayer@${domain}`;
    await store.upsert(subscriber(email));
    const handler = createUnsubscribeHandler(deps);
    const good = signToken({ email, purpose: 'unsubscribe', expiresAtMs: NOW + 3_600_000 }, SECRET);
    const tokens = {
      forged: signToken(
        { email, purpose: 'unsubscribe', expiresAtMs: NOW + 3_600_000 },
        'f'.repeat(32),
      ),
      altered:
        signToken(
          { email: `other@${domain}`, purpose: 'unsubscribe', expiresAtMs: NOW + 3_600_000 },
          SECRET,
        ).split('.')[0] +
        '.' +
        good.split('.')[1],
    };
    for (const [kind, token] of Object.entries(tokens)) {
      const post = await handler(
        request('POST', {
          query: `token=${token}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        }),
      );
      expect(post.statusCode, kind).toBe(403);
      const get = await handler(request('GET', { query: `token=${token}` }));
      expect(get.statusCode, kind).toBe(403);
    }
    expect((await store.get(email))?.status).toBe('active');
    expect(await store.get(`other@${domain}`)).toBeNull();
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
