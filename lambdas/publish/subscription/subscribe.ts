import { randomBytes } from 'node:crypto';
import { hashedKey, mailboxKey, maskEmail } from '../normalize-email.ts';
import type { ConditionalSubscriberStore, Mailer } from '../ports.ts';
import type { Subscriber } from '../subscriber.ts';
import { signToken } from '../subscription-token.ts';
import { buildConfirmationEmail } from './build-confirmation-email.ts';
import { DAY_WINDOW_MS, type RateCounter } from './rate-counter.ts';
import { siteView } from './site-view.ts';
import {
  CONFIRM_TOKEN_TTL_MS,
  confirmationRecentlySent,
  isExpiredPending,
  isSuppressed,
} from './subscription-policy.ts';
import { type SubscribeRequest, validateSubscribeRequest } from './subscription-request.ts';
import type { ViewRenderer } from './view-renderer.ts';

/** What {@link subscribe} needs: the store, a mailer for the confirmation, and the link secret. */
export interface SubscribeContext {
  store: ConditionalSubscriberStore;
  mailer: Mailer;
  /** The current secret: it signs the confirmation link. */
  tokenSecret: string;
  /** Counts confirmation mails per mailbox and day, atomically. */
  limits: RateCounter;
  /** Most confirmation mails one mailbox gets per UTC day (config `subscription.confirmationsPerMailboxPerDay`). */
  confirmationsPerMailboxPerDay: number;
  site: { title: string; baseUrl: string; postalAddress?: string | undefined };
  /** Sender of the confirmation mail, e.g. `Aftershock <reports@…>`. */
  from: string;
  /** Draws the confirmation email. */
  renderer: ViewRenderer;
  /** Progress lines; addresses in them are masked. */
  log?: (line: string) => void;
  /** A new sign-up nonce; tests pass a fixed one. */
  newNonce?: () => string;
}

/**
 * Outcome of a sign-up. The public endpoint never sees it: it answers every valid sign-up
 * alike before this runs, so nothing reveals whether an address is on the list.
 */
export type SubscribeOutcome =
  | 'confirmation-sent'
  | 'already-active'
  | 'confirmation-recently-sent'
  | 'confirmation-limit-reached'
  | 'suppressed';

/** Reported back by {@link subscribe}. */
export interface SubscribeResult {
  outcome: SubscribeOutcome;
  email: string;
}

/** Mail-client `reportId` of confirmation messages (outbox file names, SES tags). */
export const CONFIRMATION_MESSAGE_ID = 'subscription-confirmation';

/** Attempts at the conditional write before giving up (each loss means another sign-up of this address won). */
const MAX_WRITE_ATTEMPTS = 5;

/**
 * `${baseUrl}/api/confirm?token=…` for one sign-up: the token carries the sign-up's nonce and
 * is valid {@link CONFIRM_TOKEN_TTL_MS} from `nowMs`.
 */
export function confirmUrlFor(
  email: string,
  nonce: string,
  context: Pick<SubscribeContext, 'site' | 'tokenSecret'>,
  nowMs: number,
): string {
  const token = signToken(
    { email, purpose: 'confirm', expiresAtMs: nowMs + CONFIRM_TOKEN_TTL_MS, nonce },
    context.tokenSecret,
  );
  return `${siteView(context.site).baseUrl}/api/confirm?token=${token}`;
}

function outcomeWithoutMail(existing: Subscriber | null, nowMs: number): SubscribeOutcome | null {
  if (existing === null || isExpiredPending(existing, nowMs)) return null;
  if (existing.status === 'active') return 'already-active';
  if (isSuppressed(existing)) return 'suppressed';
  if (existing.status === 'pending' && confirmationRecentlySent(existing, nowMs)) {
    return 'confirmation-recently-sent';
  }
  return null;
}

/** 16 random bytes, base64url: the id of one pending sign-up. */
function randomNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The pending record for this sign-up. A sign-up still pending keeps its nonce, so every
 * confirmation mail of it works; any other state (none, lapsed, unsubscribed) starts a new
 * sign-up with a new nonce, which retires every older link (audit #12).
 */
function pendingRecord(
  context: SubscribeContext,
  valid: ReturnType<typeof validateSubscribeRequest>,
  existing: Subscriber | null,
  nowMs: number,
): Subscriber {
  const nowIso = new Date(nowMs).toISOString();
  const continues =
    existing?.status === 'pending' &&
    !isExpiredPending(existing, nowMs) &&
    existing.confirmationNonce !== undefined;
  return {
    email: valid.email,
    status: 'pending',
    assets: valid.assets,
    createdAt: existing?.createdAt ?? nowIso,
    updatedAt: nowIso,
    consent: valid.consent,
    expiresAt: new Date(nowMs + CONFIRM_TOKEN_TTL_MS).toISOString(),
    confirmationSentAt: nowIso,
    confirmationNonce:
      continues && existing.confirmationNonce !== undefined
        ? existing.confirmationNonce
        : (context.newNonce ?? randomNonce)(),
  };
}

/**
 * Stores the sign-up as pending with a conditional write (two sign-ups of one address at once:
 * one wins, the other reads again and decides again). Returns the stored record, or the
 * outcome that means no mail after all.
 */
async function storePending(
  context: SubscribeContext,
  valid: ReturnType<typeof validateSubscribeRequest>,
  first: Subscriber | null,
  nowMs: number,
): Promise<Subscriber | SubscribeOutcome> {
  let existing = first;
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt += 1) {
    const pending = pendingRecord(context, valid, existing, nowMs);
    if (await context.store.replaceIfUnchanged(pending, existing?.updatedAt ?? null)) {
      return pending;
    }
    existing = await context.store.get(valid.email);
    const skipped = outcomeWithoutMail(existing, nowMs);
    if (skipped !== null) return skipped;
  }
  return 'confirmation-recently-sent';
}

async function sendConfirmation(context: SubscribeContext, pending: Subscriber, nowMs: number) {
  const built = await buildConfirmationEmail({
    to: pending.email,
    from: context.from,
    confirmUrl: confirmUrlFor(pending.email, pending.confirmationNonce ?? '', context, nowMs),
    site: siteView(context.site),
    date: new Date(nowMs),
    renderer: context.renderer,
  });
  await context.mailer.send({
    to: pending.email,
    raw: built.raw,
    reportId: CONFIRMATION_MESSAGE_ID,
  });
}

/**
 * Double opt-in sign-up, run by the confirmation mailer (never by the public endpoint, which
 * only queues): validates the request, stores the address as `pending` (expiring with its
 * link) and mails it a confirmation link bound to this sign-up. An active address is left
 * alone; a bounced or complained one is never mailed; a pending one gets at most one mail per
 * ten minutes; and any mailbox (`+tags` and Gmail dots folded together) at most
 * `confirmationsPerMailboxPerDay` per UTC day, counted atomically. Throws InvalidEmailError /
 * InvalidSubscriptionError for a bad request, and the mailer's error when the send fails.
 */
export async function subscribe(
  context: SubscribeContext,
  request: SubscribeRequest,
  nowMs: number,
): Promise<SubscribeResult> {
  const valid = validateSubscribeRequest(request);
  const done = (outcome: SubscribeOutcome, detail: string): SubscribeResult => {
    context.log?.(`sign-up of ${maskEmail(valid.email)}: ${outcome}${detail}`);
    return { outcome, email: valid.email };
  };
  const existing = await context.store.get(valid.email);
  const skipped = outcomeWithoutMail(existing, nowMs);
  if (skipped !== null) return done(skipped, ', no mail sent');
  const allowed = await context.limits.hit(
    hashedKey('mailbox', mailboxKey(valid.email)),
    { limit: context.confirmationsPerMailboxPerDay, windowMs: DAY_WINDOW_MS },
    nowMs,
  );
  if (!allowed) return done('confirmation-limit-reached', ', no mail sent');
  const stored = await storePending(context, valid, existing, nowMs);
  if (typeof stored === 'string') return done(stored, ', no mail sent');
  await sendConfirmation(context, stored, nowMs);
  return done('confirmation-sent', '');
}
