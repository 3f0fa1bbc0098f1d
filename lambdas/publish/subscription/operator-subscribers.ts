import { AftershockError } from '../../errors.ts';
import type { SubscriberStore } from '../ports.ts';
import type { Subscriber } from '../subscriber.ts';
import { isExpiredPending, isSuppressed } from './subscription-policy.ts';
import { validateSubscribeRequest } from './subscription-request.ts';

/** Consent `form` recorded for addresses an operator adds from the command line. */
export const OPERATOR_CONSENT_FORM = 'cli';

/** Outcome of {@link addSubscriberByOperator}. */
export type OperatorAddOutcome = 'added' | 'updated' | 'unchanged';

/**
 * Adds an address as `active` at once, skipping double opt-in: the operator vouches
 * for consent obtained elsewhere, recorded as consent form {@link OPERATOR_CONSENT_FORM}.
 * An address that unsubscribed, bounced or complained is refused (an AftershockError):
 * only its owner can subscribe it again, through the site. Given `assets` replace
 * an active subscriber's topics.
 */
export async function addSubscriberByOperator(
  store: SubscriberStore,
  input: { email: string; assets?: readonly string[] },
  nowMs: number,
): Promise<OperatorAddOutcome> {
  const nowIso = new Date(nowMs).toISOString();
  const valid = validateSubscribeRequest({
    email: input.email,
    ...(input.assets === undefined ? {} : { assets: input.assets }),
    consent: { at: nowIso, form: OPERATOR_CONSENT_FORM },
  });
  const existing = await store.get(valid.email);
  if (existing !== null && (isSuppressed(existing) || existing.status === 'unsubscribed')) {
    throw new AftershockError(
      `${valid.email} is ${existing.status}; only its owner can subscribe again, through the site`,
    );
  }
  if (existing?.status === 'active') {
    if (input.assets === undefined || sameAssets(existing.assets, valid.assets)) return 'unchanged';
    await store.upsert({ ...existing, assets: valid.assets, updatedAt: nowIso });
    return 'updated';
  }
  // A pending sign-up's expiry, last mail and nonce end with it.
  const {
    expiresAt: _expiry,
    confirmationSentAt: _sent,
    confirmationNonce: _nonce,
    ...base
  } = existing ?? {};
  const added: Subscriber = {
    ...base,
    email: valid.email,
    status: 'active',
    assets: valid.assets,
    createdAt: existing?.createdAt ?? nowIso,
    updatedAt: nowIso,
    confirmedAt: nowIso,
    consent: valid.consent,
  };
  await store.upsert(added);
  return 'added';
}

function sameAssets(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((asset) => right.includes(asset));
}

/**
 * Every subscriber worth showing an operator: all statuses, except pending
 * sign-ups whose confirmation window has passed (they count as never made).
 */
export async function listSubscribers(
  store: SubscriberStore,
  nowMs: number,
): Promise<Subscriber[]> {
  const all = await store.list();
  return all.filter((subscriber) => !isExpiredPending(subscriber, nowMs));
}
