import { HOUR_MS, MINUTE_MS } from '../../shared/time.ts';
import type { Subscriber } from '../subscriber.ts';

/** How long a confirmation link (and the pending sign-up it confirms) stays valid. */
export const CONFIRM_TOKEN_TTL_MS = 48 * HOUR_MS;

/** At most one confirmation mail per address in this many minutes, however often the form is sent. */
export const CONFIRMATION_RESEND_MINUTES = 10;

/**
 * True for a `pending` sign-up whose confirmation window has passed: it is treated
 * as never made (not listed, and a new sign-up starts afresh).
 *
 * @example
 * isExpiredPending({ status: 'pending', expiresAt: '2026-01-01T00:00:00Z' }, Date.parse('2026-02-01')); // true
 */
export function isExpiredPending(
  subscriber: Pick<Subscriber, 'status' | 'expiresAt'>,
  nowMs: number,
): boolean {
  if (subscriber.status !== 'pending' || subscriber.expiresAt === undefined) return false;
  return Date.parse(subscriber.expiresAt) <= nowMs;
}

/**
 * True when a confirmation mail went to this subscriber less than
 * {@link CONFIRMATION_RESEND_MINUTES} before `nowMs`.
 *
 * @example
 * confirmationRecentlySent({ confirmationSentAt: '2026-01-01T00:00:00Z' }, Date.parse('2026-01-01T00:05:00Z')); // true
 */
export function confirmationRecentlySent(
  subscriber: Pick<Subscriber, 'confirmationSentAt'>,
  nowMs: number,
): boolean {
  if (subscriber.confirmationSentAt === undefined) return false;
  const sinceMs = nowMs - Date.parse(subscriber.confirmationSentAt);
  return sinceMs >= 0 && sinceMs < CONFIRMATION_RESEND_MINUTES * MINUTE_MS;
}

/** Statuses nobody may leave through the site form: the address bounced or its owner complained. */
export function isSuppressed(subscriber: Pick<Subscriber, 'status'>): boolean {
  return subscriber.status === 'bounced' || subscriber.status === 'complained';
}
