import { unsubscribe, unsubscribeTokenEmail } from '../publish/subscription/unsubscribe.ts';
import { requestFailure } from './http/error-response.ts';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  methodOf,
  queryParam,
  wantsHtml,
} from './http/function-url-event.ts';
import { bodyText } from './http/request-body.ts';
import { methodNotAllowed, textResponse } from './http/responses.ts';
import { lazyHandler, type SubscriptionHandlerDeps } from './http/subscription-handler-deps.ts';
import { errorPage, subscriptionPage } from './http/subscription-pages.ts';

/**
 * True for an RFC 8058 one-click body: `List-Unsubscribe=One-Click` form-encoded, or the
 * same field in multipart/form-data (which the RFC also allows).
 */
export function isOneClickBody(text: string): boolean {
  if (new URLSearchParams(text.trim()).get('List-Unsubscribe') === 'One-Click') return true;
  return /name="List-Unsubscribe"\r?\n\r?\nOne-Click\r?\n/.test(text);
}

async function handleGet(deps: SubscriptionHandlerDeps, token: string, rawQuery: string) {
  // GET never changes anything: mail scanners fetch links. It shows the button instead.
  const email = unsubscribeTokenEmail(
    { tokenSecret: await deps.tokenSecret() },
    token,
    deps.now?.() ?? Date.now(),
  );
  return subscriptionPage(200, 'unsubscribe', { email, actionUrl: `?${rawQuery}` }, deps);
}

async function handlePost(deps: SubscriptionHandlerDeps, event: FunctionUrlEvent, token: string) {
  if (!isOneClickBody(bodyText(event))) {
    return textResponse(400, 'Send List-Unsubscribe=One-Click to unsubscribe');
  }
  const result = await unsubscribe(
    {
      store: deps.store,
      tokenSecret: await deps.tokenSecret(),
      ...(deps.log ? { log: deps.log } : {}),
    },
    token,
    deps.now?.() ?? Date.now(),
  );
  if (!wantsHtml(event)) return textResponse(200, 'Unsubscribed');
  return subscriptionPage(200, 'unsubscribed', { email: result.email }, deps);
}

/**
 * Unsubscribe endpoint, the `List-Unsubscribe` URL of every report email:
 * `GET ?token=…` shows a page with a button; `POST` with `List-Unsubscribe=One-Click`
 * (the button, or a mail provider, RFC 8058) unsubscribes at once and answers 200.
 * A forged, altered or expired token is 403 and changes nothing; 405 for other methods.
 */
export function createUnsubscribeHandler(deps: SubscriptionHandlerDeps) {
  return async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
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
export const handler = lazyHandler(createUnsubscribeHandler);
