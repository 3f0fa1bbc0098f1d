import { maskEmail } from '../publish/normalize-email.ts';
import { confirmSubscription } from '../publish/subscription/confirm-subscription.ts';
import { errorText } from '../shared/error-text.ts';
import { defineHandler } from './define-handler.ts';
import { confirmFunctionConfigSchema } from './function-config.ts';
import { requestFailure } from './http/error-response.ts';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  methodOf,
  queryParam,
} from './http/function-url-event.ts';
import { refusedOrigin } from './http/origin-guard.ts';
import { methodNotAllowed } from './http/responses.ts';
import { type ConfirmHandlerDeps, confirmDeps } from './http/subscription-handler-deps.ts';
import { errorPage, subscriptionPage } from './http/subscription-pages.ts';
import { withFreshKeys } from './http/with-fresh-keys.ts';

const LAPSED_MESSAGE =
  'This sign-up is no longer waiting for confirmation. Subscribe again on the site to get a new link.';
const SUPERSEDED_MESSAGE =
  'This link belongs to an earlier sign-up. Use the link in the latest confirmation email, or subscribe again on the site.';

/**
 * Confirm endpoint: `GET ?token=…` from the confirmation email. 200 "subscribed" page;
 * 403 for a forged, altered or expired link, and without CloudFront's origin header; 410
 * when the sign-up lapsed or was withdrawn, or the link is of an earlier sign-up; 400
 * without a token; 405 for other methods. Nothing changes unless 200.
 */
export function createConfirmHandler(deps: ConfirmHandlerDeps) {
  return async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    if (!(await deps.origin(event))) return refusedOrigin();
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
      const result = await withFreshKeys(deps.tokenKeys, (tokenKeys) =>
        confirmSubscription(
          { store: deps.store, tokenKeys, ...(deps.log ? { log: deps.log } : {}) },
          token,
          nowMs,
        ),
      );
      if (result.outcome === 'confirmed' || result.outcome === 'already-active') {
        await queueWelcome(deps, result.email);
        return subscriptionPage(200, 'confirmed', { email: result.email }, deps);
      }
      const message = result.outcome === 'superseded' ? SUPERSEDED_MESSAGE : LAPSED_MESSAGE;
      return errorPage(410, 'Link no longer valid', message, deps);
    } catch (error) {
      const failure = requestFailure(error, deps.log);
      return errorPage(failure.statusCode, 'Subscription not confirmed', failure.message, deps);
    }
  };
}

/**
 * Hands the address to the mailer for its welcome. Also after `already-active` (a second
 * click), since the first click's hand-over may have failed: the mailer welcomes each
 * subscription once. A failure here is logged, not shown: the subscription stands.
 */
async function queueWelcome(deps: ConfirmHandlerDeps, email: string): Promise<void> {
  try {
    await deps.welcomeQueue.enqueue({ kind: 'welcome', email });
  } catch (error) {
    deps.log?.(
      `welcome of ${maskEmail(email)} not queued: ${errorText(error).replaceAll(email, maskEmail(email))}`,
    );
  }
}

/** Lambda entry point; dependencies come from the environment at cold start. */
export const handler = defineHandler(confirmFunctionConfigSchema, (config) =>
  createConfirmHandler(confirmDeps(config)),
);
