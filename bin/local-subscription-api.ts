import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Config } from '../lambdas/config.ts';
import { createConfirmHandler } from '../lambdas/handlers/confirm-handler.ts';
import type {
  FunctionUrlEvent,
  FunctionUrlResult,
} from '../lambdas/handlers/http/function-url-event.ts';
import { anyOrigin } from '../lambdas/handlers/http/origin-guard.ts';
import { staticSecretRing } from '../lambdas/handlers/http/secret-ring.ts';
import { subscriptionTemplates } from '../lambdas/handlers/http/subscription-templates.ts';
import { createPreferencesHandler } from '../lambdas/handlers/preferences-handler.ts';
import { createSubscribeHandler } from '../lambdas/handlers/subscribe-handler.ts';
import { createUnsubscribeHandler } from '../lambdas/handlers/unsubscribe-handler.ts';
import { subscribableAssets } from '../lambdas/model/subscribable-assets.ts';
import { JsonSubscriberStore, OutboxMailer } from '../lambdas/publish/index.ts';
import { JsonRateCounter } from '../lambdas/publish/json-rate-counter.ts';
import {
  InProcessConfirmationQueue,
  isWelcomeJob,
  sendWelcome,
  subscribe,
} from '../lambdas/publish/subscription/index.ts';
import { localSubscribersFile, localTokenSecret } from './local-wiring.ts';

/** Bodies above this are refused before they reach a handler (which has its own limit). */
const MAX_BODY_BYTES = 64 * 1024;

/** One function URL handler. */
export type RouteHandler = (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;

/** The local API's request listener; `settled()` waits for the confirmation mails queued so far. */
export type LocalSubscriptionApi = ((
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<boolean>) & {
  settled(): Promise<void>;
};

/**
 * The subscribe, confirm, unsubscribe and preferences Lambda handlers wired to local adapters (the JSON
 * subscriber list, rate counters in `<outDir>/rate-limits.json`, and the outbox folder), so
 * the whole sign-up flow works on a laptop. As in AWS, the subscribe handler only queues: the
 * confirmation mail is written to the outbox just after the answer, by an in-process queue.
 * Returns a request listener that answers `/api/*` and says whether it did. A request with an
 * `Origin` other than the preview's own is refused (403): no other page may sign a visitor up.
 */
export async function createLocalSubscriptionApi(input: {
  config: Config;
  outDir: string;
  /** The preview server's own URL, so links in confirmation mail lead back to it. */
  siteBaseUrl: string;
}): Promise<LocalSubscriptionApi> {
  const secret = await localTokenSecret(input.config, input.outDir);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const site = {
    title: input.config.site.title,
    baseUrl: input.siteBaseUrl.replace(/\/$/, ''),
    postalAddress: input.config.site.postalAddress,
  };
  const store = new JsonSubscriberStore(await localSubscribersFile(input.config, input.outDir));
  const limits = new JsonRateCounter(path.join(input.outDir, 'rate-limits.json'));
  const renderer = subscriptionTemplates();
  const mailerContext = {
    store,
    mailer: new OutboxMailer(path.join(input.outDir, 'outbox')),
    tokenSecret: secret,
    limits,
    confirmationsPerMailboxPerDay: input.config.subscription.confirmationsPerMailboxPerDay,
    followUpMail: input.config.reporting.followUpMail,
    site,
    from: input.config.mail.from,
    renderer,
    log,
  };
  // One queue for both mails, as the one SQS queue and its mailer in AWS.
  const queue = new InProcessConfirmationQueue(
    (job) =>
      isWelcomeJob(job)
        ? sendWelcome(mailerContext, job, Date.now())
        : subscribe(mailerContext, job, Date.now()),
    log,
  );
  const common = { origin: anyOrigin, site, renderer, log };
  const tokenKeys = staticSecretRing({
    current: secret,
    previous: input.config.tokenSecretPrevious,
  });
  const routes: Record<string, RouteHandler> = {
    '/api/subscribe': createSubscribeHandler({
      ...common,
      queue,
      limits,
      signupsPerIpPerHour: input.config.subscription.signupsPerIpPerHour,
    }),
    '/api/confirm': createConfirmHandler({ ...common, store, tokenKeys, welcomeQueue: queue }),
    '/api/unsubscribe': createUnsubscribeHandler({ ...common, store, tokenKeys }),
    '/api/preferences': createPreferencesHandler({
      ...common,
      store,
      tokenKeys,
      siteAssets: subscribableAssets(input.config.assets),
    }),
  };
  const listener = functionUrlListener(routes, new URL(input.siteBaseUrl).origin);
  return Object.assign(listener, { settled: () => queue.settled() });
}

/**
 * A Node request listener that hands `routes` (path → function URL handler) the request as a
 * function URL event (payload 2.0, body base64) and writes back its answer; false for other
 * paths. With `ownOrigin`, a request carrying another `Origin` is refused with 403.
 */
export function functionUrlListener(
  routes: Readonly<Record<string, RouteHandler>>,
  ownOrigin?: string,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    if (!route) return false;
    const origin = req.headers.origin;
    if (ownOrigin !== undefined && origin !== undefined && origin !== ownOrigin) {
      res
        .writeHead(403, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Cross-origin requests are refused\n');
      return true;
    }
    const body = await readBody(req);
    if (body === null) {
      res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' }).end('Request too large');
      return true;
    }
    const result = await route(toFunctionUrlEvent(req, url, body));
    res.writeHead(result.statusCode, result.headers).end(result.body);
    return true;
  };
}

function toFunctionUrlEvent(req: IncomingMessage, url: URL, body: Buffer): FunctionUrlEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    // Function URLs hand binary-safe bodies over base64-encoded; do the same.
    body: body.length > 0 ? body.toString('base64') : undefined,
    isBase64Encoded: body.length > 0,
    requestContext: { http: { method: req.method ?? 'GET', sourceIp: req.socket.remoteAddress } },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
