import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUrlEvent } from '../../../lambdas/handlers/http/function-url-event.ts';
import {
  ORIGIN_SECRET_HEADER,
  originSecretGuard,
} from '../../../lambdas/handlers/http/origin-guard.ts';
import { staticSecretRing } from '../../../lambdas/handlers/http/secret-ring.ts';
import { subscriptionTemplates } from '../../../lambdas/handlers/http/subscription-templates.ts';
import {
  createPreferencesHandler,
  type PreferencesHandlerDeps,
} from '../../../lambdas/handlers/preferences-handler.ts';
import { subscribableAssets } from '../../../lambdas/model/subscribable-assets.ts';
import { DynamoSubscriberStore } from '../../../lambdas/publish/aws/dynamo-subscriber-store.ts';
import { signToken, verifyToken } from '../../../lambdas/publish/index.ts';
import { emulatorClients, emulatorConfig, subscriber } from '../publish/aws-test-support.ts';
import { createSubscribersTable } from './subscriber-test-support.ts';

const NOW = Date.parse('2026-11-01T12:00:00.000Z');
const SECRET = 'integration-test-secret-0123456789';
const OTHER_SECRET = 'some-other-deployment-secret-0123456789';
const ORIGIN_SECRET = 'origin-secret-current-0123456789abcdef';
const SITE = 'https://blog.example.com';
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

function request(method: string, query: string, body = ''): FunctionUrlEvent {
  return {
    rawPath: '/api/preferences',
    rawQueryString: query,
    headers: { [ORIGIN_SECRET_HEADER]: ORIGIN_SECRET, ...(method === 'POST' ? FORM : {}) },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
    requestContext: { http: { method, sourceIp: '130.176.0.1' } },
  };
}

/** The `name="…" value="…"` pairs of the checked boxes on a page, as `name=value`. */
function checkedBoxes(html: string): string[] {
  return [...html.matchAll(/<input type="checkbox" name="(\w+)" value="([\w-]+)" checked>/g)].map(
    (match) => `${match[1]}=${match[2]}`,
  );
}

describe('the preferences page (function URL events) against dynalite', () => {
  const { doc } = emulatorClients(emulatorConfig());
  const domain = `prefs-${randomUUID().slice(0, 8)}.test`;
  let store: DynamoSubscriberStore;
  let deps: PreferencesHandlerDeps;

  beforeAll(async () => {
    store = new DynamoSubscriberStore(doc, await createSubscribersTable(doc));
    deps = {
      origin: originSecretGuard(staticSecretRing({ current: ORIGIN_SECRET })),
      site: { title: 'Aftershock', baseUrl: SITE },
      renderer: subscriptionTemplates(),
      now: () => NOW,
      log: () => undefined,
      store,
      tokenKeys: staticSecretRing({ current: SECRET }),
      siteAssets: subscribableAssets(['BTC', 'ETH', 'SOL']),
    };
  });

  const tokenFor = (email: string) => signToken({ email, purpose: 'preferences' }, SECRET);

  it('shows every asset and kind ticked for a subscriber who chose nothing yet, and changes nothing', async () => {
    const email = `all@${domain}`;
    await store.upsert(subscriber(email));
    const page = await createPreferencesHandler(deps)(request('GET', `token=${tokenFor(email)}`));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Mail for ${email}.`);
    expect(checkedBoxes(page.body)).toEqual([
      'assets=Market',
      'assets=BTC',
      'assets=ETH',
      'assets=SOL',
      'wants=flash',
      'wants=follow-up',
      'wants=digest',
    ]);
    // Handlebars writes `=` in an attribute as `&#x3D;`, which a browser reads back as `=`.
    const unsubscribe = /href="(https:\/\/blog\.example\.com\/api\/unsubscribe\?token=[^"]+)"/.exec(
      page.body.replaceAll('&#x3D;', '='),
    )?.[1];
    const unsubscribeToken = new URL(unsubscribe ?? SITE).searchParams.get('token') ?? '';
    expect(verifyToken(unsubscribeToken, 'unsubscribe', SECRET, NOW), 'its own link').toBe(email);
    expect(await store.get(email)).toEqual(subscriber(email));
  });

  it('saves the ticked assets and kinds and shows them back with a confirmation', async () => {
    const email = `picky@${domain}`;
    await store.upsert(subscriber(email));
    const query = `token=${tokenFor(email)}`;
    const saved = await createPreferencesHandler(deps)(
      request('POST', query, 'assets=ETH&assets=sol&wants=digest&wants=flash'),
    );
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('role="status">Saved.');
    expect(checkedBoxes(saved.body)).toEqual([
      'assets=ETH',
      'assets=SOL',
      'wants=flash',
      'wants=digest',
    ]);
    expect(await store.get(email)).toMatchObject({
      status: 'active',
      assets: ['ETH', 'SOL'],
      wants: ['flash', 'digest'],
      updatedAt: new Date(NOW).toISOString(),
    });
    const again = await createPreferencesHandler(deps)(request('GET', query));
    expect(checkedBoxes(again.body)).toEqual(checkedBoxes(saved.body));
  });

  it('saves the whole market as a choice of its own and says what it brings', async () => {
    const email = `market@${domain}`;
    await store.upsert(subscriber(email));
    const query = `token=${tokenFor(email)}`;
    const saved = await createPreferencesHandler(deps)(
      request('POST', query, 'assets=market&wants=flash&wants=digest'),
    );
    expect(saved.statusCode).toBe(200);
    expect(checkedBoxes(saved.body)).toEqual(['assets=Market', 'wants=flash', 'wants=digest']);
    expect(saved.body).toContain(
      'Whole market <span class="small">(market-wide flushes across every coin, and the digest’s market part)</span>',
    );
    expect(await store.get(email)).toMatchObject({
      assets: ['MARKET'],
      wants: ['flash', 'digest'],
    });
  });

  it('refuses a form with nothing chosen or an unknown asset with 400, shows it again and keeps the old choice', async () => {
    const email = `careless@${domain}`;
    await store.upsert(subscriber(email, { assets: ['BTC'], wants: ['flash'] }));
    const query = `token=${tokenFor(email)}`;
    const cases = [
      { body: 'wants=flash', says: 'Choose at least one asset, or unsubscribe to stop all mail' },
      { body: 'assets=BTC', says: 'Choose at least one kind of mail, or unsubscribe' },
      {
        body: 'assets=DOGE&wants=flash',
        says: 'DOGE is not reported here; choose from Market, BTC, ETH, SOL',
      },
      { body: 'assets=BTC&wants=hourly', says: '&quot;hourly&quot; is not a kind of mail' },
    ];
    for (const { body, says } of cases) {
      const answer = await createPreferencesHandler(deps)(request('POST', query, body));
      expect(answer.statusCode, body).toBe(400);
      expect(answer.body, body).toContain(says);
      expect(answer.body, `${body}: the form is shown again`).toContain(
        '<form class="preferences"',
      );
    }
    const shown = await createPreferencesHandler(deps)(request('POST', query, 'wants=digest'));
    expect(checkedBoxes(shown.body), 'the boxes as they were sent, none ticked for assets').toEqual(
      ['wants=digest'],
    );
    expect(await store.get(email)).toMatchObject({ assets: ['BTC'], wants: ['flash'] });
  });

  it('never re-subscribes an address that unsubscribed or bounced, even from an old link', async () => {
    for (const status of ['unsubscribed', 'bounced', 'pending'] as const) {
      const email = `${status}@${domain}`;
      await store.upsert(subscriber(email, { status }));
      const query = `token=${tokenFor(email)}`;
      const get = await createPreferencesHandler(deps)(request('GET', query));
      expect(get.statusCode, status).toBe(404);
      expect(get.body, status).toContain('nothing to choose');
      const post = await createPreferencesHandler(deps)(
        request('POST', query, 'assets=BTC&wants=flash'),
      );
      expect(post.statusCode, status).toBe(404);
      expect(await store.get(email), status).toEqual(subscriber(email, { status }));
    }
    const unknown = await createPreferencesHandler(deps)(
      request('GET', `token=${tokenFor(`nobody@${domain}`)}`),
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('is not subscribed');
  });

  it('refuses forged, altered and wrong-purpose tokens with 403 and changes nothing', async () => {
    const email = `target@${domain}`;
    await store.upsert(subscriber(email));
    const good = tokenFor(email);
    const tokens = {
      forged: signToken({ email, purpose: 'preferences' }, OTHER_SECRET),
      altered: `${good.slice(0, -3)}${good.endsWith('AAA') ? 'BBB' : 'AAA'}`,
      // An unsubscribe link from a mail cannot open anyone's preferences.
      'wrong purpose': signToken({ email, purpose: 'unsubscribe' }, SECRET),
    };
    for (const [kind, token] of Object.entries(tokens)) {
      const handler = createPreferencesHandler(deps);
      expect((await handler(request('GET', `token=${token}`))).statusCode, kind).toBe(403);
      const post = await handler(request('POST', `token=${token}`, 'assets=BTC&wants=digest'));
      expect(post.statusCode, kind).toBe(403);
    }
    expect(await store.get(email)).toEqual(subscriber(email));
    const noToken = await createPreferencesHandler(deps)(request('GET', ''));
    expect(noToken.statusCode).toBe(400);
    expect(noToken.body).toContain('The preferences link has no token');
  });

  it('refuses requests that did not come through CloudFront and methods other than GET and POST', async () => {
    const email = `direct@${domain}`;
    await store.upsert(subscriber(email));
    const direct = request('POST', `token=${tokenFor(email)}`, 'assets=BTC&wants=digest');
    direct.headers = {};
    expect((await createPreferencesHandler(deps)(direct)).statusCode).toBe(403);
    const put = request('PUT', `token=${tokenFor(email)}`);
    expect((await createPreferencesHandler(deps)(put)).statusCode).toBe(405);
    expect(await store.get(email)).toEqual(subscriber(email));
  });
});
