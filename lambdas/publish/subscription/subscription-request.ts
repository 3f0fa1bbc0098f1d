import { normalizeEmail } from '../normalize-email.ts';
import { InvalidEmailError } from '../publish-errors.ts';
import type { Subscriber } from '../subscriber.ts';
import { isDisposableEmail } from './disposable-domains.ts';
import { InvalidSubscriptionError } from './subscription-errors.ts';

/** A sign-up as a form or the CLI hands it over, before validation. */
export interface SubscribeRequest {
  email: string;
  /** Asset topics; empty or absent = every asset. */
  assets?: readonly string[];
  consent: { at: string; form: string; ip?: string | undefined };
}

/** A validated sign-up: normalised address, upper-case assets, clean consent record. */
export interface ValidSubscribeRequest {
  email: string;
  assets: string[];
  consent: Subscriber['consent'];
}

const MAX_ASSETS = 20;
const ASSET_PATTERN = /^[A-Z0-9]{1,20}$/;
const MAX_FORM_LENGTH = 200;
const MAX_IP_LENGTH = 64;

function cleanAssets(assets: readonly string[]): string[] {
  if (assets.length > MAX_ASSETS) {
    throw new InvalidSubscriptionError('assets', `At most ${MAX_ASSETS} assets can be chosen`);
  }
  const upper = assets.map((asset) => asset.trim().toUpperCase()).filter((a) => a !== '');
  const bad = upper.find((asset) => !ASSET_PATTERN.test(asset));
  if (bad !== undefined) {
    throw new InvalidSubscriptionError('assets', 'Assets are tickers such as BTC or ETH');
  }
  return [...new Set(upper)];
}

function cleanText(field: string, value: string, maxLength: number): string {
  // Line breaks are refused in every field: none may ever reach a header or a log line.
  if (/[\r\n]/.test(value)) {
    throw new InvalidSubscriptionError(field, `The ${field} must not contain line breaks`);
  }
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > maxLength) {
    throw new InvalidSubscriptionError(field, `The ${field} must be 1 to ${maxLength} characters`);
  }
  return trimmed;
}

/**
 * Validates a sign-up: the address is normalised ({@link normalizeEmail}: no CR/LF, at
 * most 254 characters, valid syntax) and refused when at an obviously disposable domain;
 * assets become upper-case tickers; the consent form and IP must be single-line text.
 * Throws {@link InvalidEmailError} or {@link InvalidSubscriptionError} with a message fit
 * to show the person signing up.
 *
 * @example
 * validateSubscribeRequest({ email: ' A@Example.com', assets: ['btc'], consent: { at, form: 'home' } });
 * // { email: 'a@example.com', assets: ['BTC'], consent: { at, form: 'home' } }
 */
export function validateSubscribeRequest(request: SubscribeRequest): ValidSubscribeRequest {
  const email = normalizeEmail(request.email);
  if (isDisposableEmail(email)) {
    throw new InvalidEmailError('Disposable email addresses cannot subscribe; use your own');
  }
  const { ip } = request.consent;
  return {
    email,
    assets: cleanAssets(request.assets ?? []),
    consent: {
      at: request.consent.at,
      form: cleanText('form', request.consent.form, MAX_FORM_LENGTH),
      ...(ip === undefined || ip === '' ? {} : { ip: cleanText('ip', ip, MAX_IP_LENGTH) }),
    },
  };
}
