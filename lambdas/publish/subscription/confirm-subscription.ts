import { maskEmail } from '../normalize-email.ts';
import type { SubscriberStore } from '../ports.ts';
import { readToken, type TokenKeyRing } from '../subscription-token.ts';
import { isExpiredPending } from './subscription-policy.ts';

/** What confirming and unsubscribing need: the store and the link secrets. */
export interface SubscriptionLinkContext {
  store: SubscriberStore;
  /** The current secret, or the current and previous ones (links carry the id of their key). */
  tokenKeys: string | TokenKeyRing;
  log?: (line: string) => void;
}

/**
 * Outcome of a confirmation link. Only `confirmed` and `already-active` are success;
 * `not-found` (no sign-up), `expired` (sign-up lapsed), `not-pending` (unsubscribed, bounced
 * or complained since) and `superseded` (the link belongs to an earlier sign-up of the
 * address than the one now pending) change nothing.
 */
export type ConfirmOutcome =
  | 'confirmed'
  | 'already-active'
  | 'not-found'
  | 'expired'
  | 'not-pending'
  | 'superseded';

/**
 * Confirms a sign-up from its signed `confirm` link: the pending, unexpired sign-up whose
 * nonce the token carries becomes `active` (with `confirmedAt`). A token of an earlier sign-up
 * confirms nothing, so a link from before an unsubscribe cannot activate a later sign-up made
 * by someone else (reliability audit #12). A forged, altered, expired or wrong-purpose token
 * throws InvalidTokenError before anything is read or changed.
 */
export async function confirmSubscription(
  context: SubscriptionLinkContext,
  token: string,
  nowMs: number,
): Promise<{ outcome: ConfirmOutcome; email: string }> {
  const { email, nonce } = readToken(token, 'confirm', context.tokenKeys, nowMs);
  const existing = await context.store.get(email);
  let outcome: ConfirmOutcome;
  if (existing === null) outcome = 'not-found';
  else if (existing.status === 'active') outcome = 'already-active';
  else if (existing.status !== 'pending') outcome = 'not-pending';
  else if (isExpiredPending(existing, nowMs)) outcome = 'expired';
  else if (nonce === undefined || existing.confirmationNonce !== nonce) outcome = 'superseded';
  else {
    const updated = await context.store.setStatus(email, 'active', new Date(nowMs).toISOString());
    outcome = updated === null ? 'not-found' : 'confirmed';
  }
  context.log?.(`confirmation of ${maskEmail(email)}: ${outcome}`);
  return { outcome, email };
}
