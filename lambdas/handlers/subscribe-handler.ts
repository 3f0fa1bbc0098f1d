import { subscribe } from '../publish/subscription/subscribe.ts';
import { CONFIRM_TOKEN_TTL_MS } from '../publish/subscription/subscription-policy.ts';
import { corsHeaders, preflightResponse, siteOrigin } from './http/cors.ts';
import { requestFailure } from './http/error-response.ts';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  methodOf,
  wantsHtml,
} from './http/function-url-event.ts';
import { listField, parseBodyFields, textField } from './http/request-body.ts';
import { jsonResponse, methodNotAllowed } from './http/responses.ts';
import { lazyHandler, type SubscriptionHandlerDeps } from './http/subscription-handler-deps.ts';
import { errorPage, subscriptionPage } from './http/subscription-pages.ts';

/** The same answer for every accepted sign-up, so the form never reveals who is on the list. */
const ACCEPTED_MESSAGE = 'Check your inbox: we sent a link to confirm your subscription.';

/**
 * Subscribe endpoint (function URL): `POST` a JSON or form body with `email`, optional
 * `assets` (list or comma-separated) and `source`/`form` (which form, for the consent
 * record). 202 with "check your inbox" as HTML (browsers) or JSON; 400 with the reason
 * for a bad address; 413 oversized; 415 other body types; 405 other methods; CORS for
 * the site's origin, including the `OPTIONS` preflight.
 */
export function createSubscribeHandler(deps: SubscriptionHandlerDeps) {
  const origin = siteOrigin(deps.site.baseUrl);
  return async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    const method = methodOf(event);
    if (method === 'OPTIONS') return preflightResponse(event, origin, ['POST']);
    const cors = corsHeaders(event, origin);
    const html = wantsHtml(event);
    if (method !== 'POST') return methodNotAllowed(['POST'], cors);
    try {
      const fields = parseBodyFields(event);
      const nowMs = deps.now?.() ?? Date.now();
      const sourceIp = event.requestContext.http.sourceIp;
      const result = await subscribe(
        { ...deps, tokenSecret: await deps.tokenSecret() },
        {
          email: textField(fields, 'email') ?? '',
          assets: listField(fields, 'assets'),
          consent: {
            at: new Date(nowMs).toISOString(),
            form: textField(fields, 'form') ?? textField(fields, 'source') ?? 'site',
            ...(sourceIp === undefined ? {} : { ip: sourceIp }),
          },
        },
        nowMs,
      );
      if (!html) return jsonResponse(202, { status: 'accepted', message: ACCEPTED_MESSAGE }, cors);
      const view = {
        email: result.email,
        expiresHours: Math.round(CONFIRM_TOKEN_TTL_MS / 3_600_000),
      };
      return subscriptionPage(202, 'check-inbox', view, deps, cors);
    } catch (error) {
      const failure = requestFailure(error, deps.log);
      if (!html) return jsonResponse(failure.statusCode, { error: failure.message }, cors);
      return errorPage(
        failure.statusCode,
        'Subscription not accepted',
        failure.message,
        deps,
        cors,
      );
    }
  };
}

/** Lambda entry point; dependencies come from the environment at cold start. */
export const handler = lazyHandler(createSubscribeHandler);
