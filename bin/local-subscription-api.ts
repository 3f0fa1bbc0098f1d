import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Config } from '../lambdas/config.ts';
import { createConfirmHandler } from '../lambdas/handlers/confirm-handler.ts';
import type {
  FunctionUrlEvent,
  FunctionUrlResult,
} from '../lambdas/handlers/http/function-url-event.ts';
import type { SubscriptionHandlerDeps } from '../lambdas/handlers/http/subscription-handler-deps.ts';
import { subscriptionTemplates } from '../lambdas/handlers/http/subscription-templates.ts';
import { createSubscribeHandler } from '../lambdas/handlers/subscribe-handler.ts';
import { createUnsubscribeHandler } from '../lambdas/handlers/unsubscribe-handler.ts';
import { JsonSubscriberStore, OutboxMailer } from '../lambdas/publish/index.ts';
import { localSubscribersFile, localTokenSecret } from './local-wiring.ts';

/** Bodies above this are refused before they reach a handler (which has its own limit). */
const MAX_BODY_BYTES = 64 * 1024;

type RouteHandler = (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;

/**
 * The subscribe, confirm and unsubscribe Lambda handlers wired to local adapters (the
 * JSON subscriber list and the outbox folder), so the whole sign-up flow works on a
 * laptop. Returns a request listener that answers `/api/*` and says whether it did.
 */
export async function createLocalSubscriptionApi(input: {
  config: Config;
  outDir: string;
  /** The preview server's own URL, so links in confirmation mail lead back to it. */
  siteBaseUrl: string;
}): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<boolean>> {
  const secret = await localTokenSecret(input.config, input.outDir);
  const deps: SubscriptionHandlerDeps = {
    store: new JsonSubscriberStore(await localSubscribersFile(input.config, input.outDir)),
    mailer: new OutboxMailer(path.join(input.outDir, 'outbox')),
    tokenSecret: async () => secret,
    site: { title: input.config.site.title, baseUrl: input.siteBaseUrl.replace(/\/$/, '') },
    from: input.config.mail.from,
    renderer: subscriptionTemplates(),
    log: (line) => process.stderr.write(`${line}\n`),
  };
  const routes: Record<string, RouteHandler> = {
    '/api/subscribe': createSubscribeHandler(deps),
    '/api/confirm': createConfirmHandler(deps),
    '/api/unsubscribe': createUnsubscribeHandler(deps),
  };
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    if (!route) return false;
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
