import { requestSignup } from '../publish/subscription/request-signup.ts';
import { CONFIRM_TOKEN_TTL_MS } from '../publish/subscription/subscription-policy.ts';
import { HOUR_MS } from '../shared/time.ts';
import { defineHandler } from './define-handler.ts';
import { subscribeFunctionConfigSchema } from './function-config.ts';
import { clientIpOf } from './http/client-ip.ts';
import { corsHeaders, preflightResponse, siteOrigin } from './http/cors.ts';
import { requestFailure } from './http/error-response.ts';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  headerOf,
  methodOf,
  wantsHtml,
} from './http/function-url-event.ts';
import { refusedOrigin } from './http/origin-guard.ts';
import { listField, parseBodyFields, textField } from './http/request-body.ts';
import { jsonResponse, methodNotAllowed } from './http/responses.ts';
import { type SubscribeHandlerDeps, subscribeDeps } from './http/subscription-handler-deps.ts';
import { errorPage, subscriptionPage } from './http/subscription-pages.ts';

/** The same answer for every accepted sign-up, so the form never reveals who is on the list. */
const ACCEPTED_MESSAGE = 'Check your inbox: we sent a link to confirm your subscription.';

/**
 * Subscribe endpoint (function URL): `POST` a JSON or form body with `email`, optional
 * `assets` (list or comma-separated) and `source`/`form` (which form, for the consent
 * record). The endpoint only validates, counts the client's network and queues the sign-up;
 * the confirmation mail goes out afterwards (confirmation-mail-handler.ts), so every valid
 * sign-up gets the same 202 "check your inbox", as HTML (browsers) or JSON, in the same time,
 * whether the address is new, pending, active or suppressed. 400 with the reason for a bad
 * address; 429 past the hourly limit per client network; 413 oversized; 415 other body types;
 * 405 other methods; 403 without CloudFront's origin header or from another site's page
 * (a foreign `Origin`); CORS for the site's origin, including the `OPTIONS` preflight.
 */
export function createSubscribeHandler(deps: SubscribeHandlerDeps) {
  const origin = siteOrigin(deps.site.baseUrl);
  return async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    if (!(await deps.origin(event))) return refusedOrigin();
    const method = methodOf(event);
    if (method === 'OPTIONS') return preflightResponse(event, origin, ['POST']);
    const cors = corsHeaders(event, origin);
    const html = wantsHtml(event);
    if (method !== 'POST') return methodNotAllowed(['POST'], cors);
    // Browsers send Origin with every cross-site POST: a foreign one is another site's page
    // signing its visitor up (audit #19); CORS cannot stop such a "simple" request.
    const requestOrigin = headerOf(event, 'origin');
    if (requestOrigin !== undefined && requestOrigin !== origin) return refusedOrigin();
    try {
      const fields = parseBodyFields(event);
      const nowMs = deps.now?.() ?? Date.now();
      const clientIp = clientIpOf(event);
      const { email } = await requestSignup(
        {
          queue: deps.queue,
          limits: deps.limits,
          signupsPerIpPerHour: deps.signupsPerIpPerHour,
          ...(deps.log ? { log: deps.log } : {}),
        },
        {
          email: textField(fields, 'email') ?? '',
          assets: listField(fields, 'assets'),
          consent: {
            at: new Date(nowMs).toISOString(),
            form: textField(fields, 'form') ?? textField(fields, 'source') ?? 'site',
            ...(clientIp === undefined ? {} : { ip: clientIp }),
          },
        },
        clientIp,
        nowMs,
      );
      if (!html) return jsonResponse(202, { status: 'accepted', message: ACCEPTED_MESSAGE }, cors);
      const view = { email, expiresHours: Math.round(CONFIRM_TOKEN_TTL_MS / HOUR_MS) };
      return subscriptionPage(202, 'check-inbox', view, deps, cors);
    } catch (error) {
      const failure = requestFailure(error, deps.log);
      const headers = { ...cors, ...failure.headers };
      if (!html) return jsonResponse(failure.statusCode, { error: failure.message }, headers);
      return errorPage(
        failure.statusCode,
        'Subscription not accepted',
        failure.message,
        deps,
        headers,
      );
    }
  };
}

/** Lambda entry point; dependencies come from the environment at cold start. */
export const handler = defineHandler(subscribeFunctionConfigSchema, (config) =>
  createSubscribeHandler(subscribeDeps(config)),
);
