import { confirmSubscription } from '../publish/subscription/confirm-subscription.ts';
import { requestFailure } from './http/error-response.ts';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  methodOf,
  queryParam,
} from './http/function-url-event.ts';
import { methodNotAllowed } from './http/responses.ts';
import { lazyHandler, type SubscriptionHandlerDeps } from './http/subscription-handler-deps.ts';
import { errorPage, subscriptionPage } from './http/subscription-pages.ts';

const LAPSED_MESSAGE =
  'This sign-up is no longer waiting for confirmation. Subscribe again on the site to get a new link.';

/**
 * Confirm endpoint: `GET ?token=…` from the confirmation email. 200 "subscribed" page;
 * 403 for a forged, altered or expired link; 410 when the sign-up lapsed or was
 * withdrawn; 400 without a token; 405 for other methods. Nothing changes unless 200.
 */
export function createConfirmHandler(deps: SubscriptionHandlerDeps) {
  return async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    if (methodOf(event) !== 'GET') return methodNotAllowed(['GET']);
    const token = queryParam(event, 'token');
    if (token === undefined || token === '') {
      return errorPage(
        400,
        'Link incomplete',
        'The confirmation link has no token; copy the whole link from the email.',
        deps,
      );
    }
    try {
      const nowMs = deps.now?.() ?? Date.now();
      const result = await confirmSubscription(
        {
          store: deps.store,
          tokenSecret: await deps.tokenSecret(),
          ...(deps.log ? { log: deps.log } : {}),
        },
        token,
        nowMs,
      );
      if (result.outcome === 'confirmed' || result.outcome === 'already-active') {
        return subscriptionPage(200, 'confirmed', { email: result.email }, deps);
      }
      return errorPage(410, 'Link no longer valid', LAPSED_MESSAGE, deps);
    } catch (error) {
      const failure = requestFailure(error, deps.log);
      return errorPage(failure.statusCode, 'Subscription not confirmed', failure.message, deps);
    }
  };
}

/** Lambda entry point; dependencies come from the environment at cold start. */
export const handler = lazyHandler(createConfirmHandler);
