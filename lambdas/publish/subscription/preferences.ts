import { maskEmail } from '../normalize-email.ts';
import {
  MAIL_KINDS,
  type MailKind,
  mailKindSchema,
  preferencesOf,
  type SubscriberPreferences,
} from '../subscriber.ts';
import { verifyToken } from '../subscription-token.ts';
import type { SubscriptionLinkContext } from './confirm-subscription.ts';
import { InvalidSubscriptionError } from './subscription-errors.ts';

/**
 * What a preferences link finds. Only `active` subscribers have choices to make: a pending
 * sign-up confirms first, and an unsubscribed, bounced or complained address is never
 * re-subscribed by a link from old mail.
 */
export type PreferencesState =
  | { outcome: 'active'; email: string; preferences: SubscriberPreferences }
  | { outcome: 'not-active' | 'not-found'; email: string };

/** The choices a preferences form sends: tickers and mail kinds, as the checkboxes name them. */
export interface PreferencesForm {
  assets: readonly string[];
  wants: readonly string[];
}

/**
 * Reads the choices of the subscriber a signed `preferences` token names, changing nothing
 * (for the GET page, which mail scanners prefetch). A forged, altered or wrong-purpose token
 * throws InvalidTokenError before anything is read.
 */
export async function readPreferences(
  context: SubscriptionLinkContext,
  token: string,
  nowMs: number,
): Promise<PreferencesState> {
  const email = verifyToken(token, 'preferences', context.tokenKeys, nowMs);
  const existing = await context.store.get(email);
  if (existing === null) return { outcome: 'not-found', email };
  if (existing.status !== 'active') return { outcome: 'not-active', email };
  return { outcome: 'active', email, preferences: preferencesOf(existing) };
}

/**
 * Checks a preferences form against the assets the site reports on. Every asset is stored by
 * name, even when all are chosen, so an asset added to the site later is not mailed to
 * someone who never chose it. Throws InvalidSubscriptionError naming the field.
 *
 * @example
 * validatePreferences({ assets: ['btc'], wants: ['flash', 'digest'] }, ['BTC', 'ETH']);
 * // { assets: ['BTC'], wants: ['flash', 'digest'] }
 */
export function validatePreferences(
  form: PreferencesForm,
  siteAssets: readonly string[],
): SubscriberPreferences {
  const known = siteAssets.map((asset) => asset.toUpperCase());
  const assets = [...new Set(form.assets.map((asset) => asset.trim().toUpperCase()))];
  const unknown = assets.filter((asset) => !known.includes(asset));
  if (unknown.length > 0) {
    throw new InvalidSubscriptionError(
      'assets',
      `${unknown.join(', ')} is not reported here; choose from ${siteAssets.join(', ')}`,
    );
  }
  if (assets.length === 0) {
    throw new InvalidSubscriptionError(
      'assets',
      'Choose at least one asset, or unsubscribe to stop all mail',
    );
  }
  const wants = [...new Set(form.wants.map((kind) => kind.trim()))];
  const badKind = wants.find((kind) => !mailKindSchema.safeParse(kind).success);
  if (badKind !== undefined) {
    throw new InvalidSubscriptionError(
      'wants',
      `"${badKind}" is not a kind of mail; choose from ${MAIL_KINDS.join(', ')}`,
    );
  }
  if (wants.length === 0) {
    throw new InvalidSubscriptionError(
      'wants',
      'Choose at least one kind of mail, or unsubscribe to stop all mail',
    );
  }
  return {
    assets: known.filter((asset) => assets.includes(asset)),
    wants: MAIL_KINDS.filter((kind) => (wants as string[]).includes(kind)) as MailKind[],
  };
}

/**
 * Saves the choices of the subscriber a signed `preferences` token names. The token is checked
 * first, then the form (InvalidSubscriptionError), then one conditional write that only an
 * active subscriber passes, so an unsubscribe or bounce that lands meanwhile is never undone.
 * Idempotent: the same form saved twice leaves the same record.
 */
export async function updatePreferences(
  context: SubscriptionLinkContext,
  token: string,
  form: PreferencesForm,
  siteAssets: readonly string[],
  nowMs: number,
): Promise<PreferencesState> {
  const email = verifyToken(token, 'preferences', context.tokenKeys, nowMs);
  const preferences = validatePreferences(form, siteAssets);
  const updated = await context.store.setPreferences(
    email,
    preferences,
    new Date(nowMs).toISOString(),
  );
  let state: PreferencesState;
  if (updated !== null) state = { outcome: 'active', email, preferences: preferencesOf(updated) };
  else
    state = {
      outcome: (await context.store.get(email)) === null ? 'not-found' : 'not-active',
      email,
    };
  context.log?.(
    `preferences of ${maskEmail(email)}: ${state.outcome}` +
      (state.outcome === 'active'
        ? ` (${preferences.assets.join(',')}; ${preferences.wants.join(',')})`
        : ''),
  );
  return state;
}
