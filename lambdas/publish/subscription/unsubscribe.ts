import { maskEmail } from '../normalize-email.ts';
import { verifyToken } from '../subscription-token.ts';
import type { SubscriptionLinkContext } from './confirm-subscription.ts';
import { isSuppressed } from './subscription-policy.ts';

/**
 * Outcome of an unsubscribe link: every one means "this address gets no more mail".
 * `kept-suppressed` = bounced or complained, a stronger state left as it is.
 */
export type UnsubscribeOutcome =
  | 'unsubscribed'
  | 'already-unsubscribed'
  | 'kept-suppressed'
  | 'not-found';

/**
 * Unsubscribes the address of a signed `unsubscribe` token at once (RFC 8058
 * one-click). Idempotent. Unsubscribe links never expire. A forged, altered or wrong-purpose
 * token throws InvalidTokenError before anything is read or changed.
 */
export async function unsubscribe(
  context: SubscriptionLinkContext,
  token: string,
  nowMs: number,
): Promise<{ outcome: UnsubscribeOutcome; email: string }> {
  const email = verifyToken(token, 'unsubscribe', context.tokenKeys, nowMs);
  const existing = await context.store.get(email);
  let outcome: UnsubscribeOutcome;
  if (existing === null) outcome = 'not-found';
  else if (existing.status === 'unsubscribed') outcome = 'already-unsubscribed';
  else if (isSuppressed(existing)) outcome = 'kept-suppressed';
  else {
    const updated = await context.store.setStatus(
      email,
      'unsubscribed',
      new Date(nowMs).toISOString(),
    );
    outcome = updated === null ? 'not-found' : 'unsubscribed';
  }
  context.log?.(`unsubscribe of ${maskEmail(email)}: ${outcome}`);
  return { outcome, email };
}

/**
 * Checks an unsubscribe token without changing anything (for the GET page, which mail
 * scanners prefetch): returns the address, or throws InvalidTokenError.
 */
export function unsubscribeTokenEmail(
  context: Pick<SubscriptionLinkContext, 'tokenKeys'>,
  token: string,
  nowMs: number,
): string {
  return verifyToken(token, 'unsubscribe', context.tokenKeys, nowMs);
}
