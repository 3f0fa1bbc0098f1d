import { unsubscribe, unsubscribeTokenEmail } from '../publish/subscription/unsubscribe.ts';
import { defineHandler } from './define-handler.ts';
import { linkFunctionConfigSchema } from './function-config.ts';
import { requestFailure } from './http/error-response.ts';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  methodOf,
  queryParam,
  wantsHtml,
} from './http/function-url-event.ts';
import { refusedOrigin } from './http/origin-guard.ts';
import { bodyText } from './http/request-body.ts';
import { methodNotAllowed, textResponse } from './http/responses.ts';
import { type LinkHandlerDeps, linkDeps } from './http/subscription-handler-deps.ts';
import { errorPage, subscriptionPage } from './http/subscription-pages.ts';
import { withFreshKeys } from './http/with-fresh-keys.ts';

/**
 * True for an RFC 8058 one-click body: `List-Unsubscribe=One-Click` form-encoded, or the
 * same field in multipart/form-data (which the RFC also allows).
 */
export function isOneClickBody(text: string): boolean {
  if (new URLSearchParams(text.trim()).get('List-Unsubscribe') === 'One-Click') return true;
  return /name="List-Unsubscribe"\r?\n\r?\nOne-Click\r?\n/.test(text);
}

async function handleGet(deps: LinkHandlerDeps, token: string, rawQuery: string) {
  // GET never changes anything: mail scanners fetch links. It shows the button instead.
  const nowMs = deps.now?.() ?? Date.now();
  const email = await withFreshKeys(deps.tokenKeys, async (tokenKeys) =>
    unsubscribeTokenEmail({ tokenKeys }, token, nowMs),
  );
  return subscriptionPage(200, 'unsubscribe', { email, actionUrl: `?${rawQuery}` }, deps);
}

async function handlePost(deps: LinkHandlerDeps, event: FunctionUrlEvent, token: string) {
  if (!isOneClickBody(bodyText(event))) {
    return textResponse(400, 'Send List-Unsubscribe=One-Click to unsubscribe');
  }
  const nowMs = deps.now?.() ?? Date.now();
  const result = await withFreshKeys(deps.tokenKeys, (tokenKeys) =>
    unsubscribe(
      { store: deps.store, tokenKeys, ...(deps.log ? { log: deps.log } : {}) },
      token,
      nowMs,
    ),
  );
  if (!wantsHtml(event)) return textResponse(200, 'Unsubscribed');
  return subscriptionPage(200, 'unsubscribed', { email: result.email }, deps);
}

/**
 * Unsubscribe endpoint, the `List-Unsubscribe` URL of every report email:
 * `GET ?token=…` shows a page with a button; `POST` with `List-Unsubscribe=One-Click`
 * (the button, or a mail provider, RFC 8058) unsubscribes at once and answers 200. The
 * links never expire. A forged or altered token is 403 and changes nothing, as is a request
 * without CloudFront's origin header; 405 for other methods.
 */
export function createUnsubscribeHandler(deps: LinkHandlerDeps) {
  return async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    if (!(await deps.origin(event))) return refusedOrigin();
    const method = methodOf(event);
    if (method !== 'GET' && method !== 'POST') return methodNotAllowed(['GET', 'POST']);
    const token = queryParam(event, 'token');
    try {
      if (token === undefined || token === '') {
        return errorPage(
          400,
          'Link incomplete',
          'The unsubscribe link has no token; copy the whole link from the email.',
          deps,
        );
      }
      if (method === 'GET') return await handleGet(deps, token, event.rawQueryString);
      return await handlePost(deps, event, token);
    } catch (error) {
      const failure = requestFailure(error, deps.log);
      if (method === 'POST' && !wantsHtml(event))
        return textResponse(failure.statusCode, failure.message);
      return errorPage(failure.statusCode, 'Not unsubscribed', failure.message, deps);
    }
  };
}

/** Lambda entry point; dependencies come from the environment at cold start. */
export const handler = defineHandler(linkFunctionConfigSchema, (config) =>
  createUnsubscribeHandler(linkDeps(config)),
);
