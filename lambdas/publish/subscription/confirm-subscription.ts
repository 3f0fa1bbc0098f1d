import { maskEmail } from '../normalize-email.ts';
import type { SubscriberStore } from '../ports.ts';
import { verifyToken } from '../subscription-token.ts';
import { isExpiredPending } from './subscription-policy.ts';

/** What confirming and unsubscribing need: the store and the link secret. */
export interface SubscriptionLinkContext {
  store: SubscriberStore;
  tokenSecret: string;
  log?: (line: string) => void;
}

/**
 * Outcome of a confirmation link. Only `confirmed` and `already-active` are success;
 * `not-found` (no sign-up), `expired` (sign-up lapsed) and `not-pending` (unsubscribed,
 * bounced or complained since) change nothing.
 */
export type ConfirmOutcome =
  | 'confirmed'
  | 'already-active'
  | 'not-found'
  | 'expired'
  | 'not-pending';

/**
 * Confirms a sign-up from its signed `confirm` link: a pending, unexpired subscriber
 * becomes `active` (with `confirmedAt`). A forged, altered, expired or wrong-purpose
 * token throws InvalidTokenError before anything is read or changed.
 */
export async function confirmSubscription(
  context: SubscriptionLinkContext,
  token: string,
  nowMs: number,
): Promise<{ outcome: ConfirmOutcome; email: string }> {
  const email = verifyToken(token, 'confirm', context.tokenSecret, nowMs);
  const existing = await context.store.get(email);
  let outcome: ConfirmOutcome;
  if (existing === null) outcome = 'not-found';
  else if (existing.status === 'active') outcome = 'already-active';
  else if (existing.status !== 'pending') outcome = 'not-pending';
  else if (isExpiredPending(existing, nowMs)) outcome = 'expired';
  else {
    const updated = await context.store.setStatus(email, 'active', new Date(nowMs).toISOString());
    outcome = updated === null ? 'not-found' : 'confirmed';
  }
  context.log?.(`confirmation of ${maskEmail(email)}: ${outcome}`);
  return { outcome, email };
}
