import { maskEmail } from '../normalize-email.ts';
import type { Mailer, SubscriberStore } from '../ports.ts';
import type { Subscriber } from '../subscriber.ts';
import { signToken } from '../subscription-token.ts';
import { buildConfirmationEmail } from './build-confirmation-email.ts';
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
  store: SubscriberStore;
  mailer: Mailer;
  tokenSecret: string;
  site: { title: string; baseUrl: string };
  /** Sender of the confirmation mail, e.g. `Aftershock <reports@…>`. */
  from: string;
  /** Draws the confirmation email. */
  renderer: ViewRenderer;
  /** Progress lines; addresses in them are masked. */
  log?: (line: string) => void;
}

/**
 * Outcome of a sign-up. Callers show the same "check your inbox" answer for all of
 * them, so the form never reveals whether an address is already on the list.
 */
export type SubscribeOutcome =
  | 'confirmation-sent'
  | 'already-active'
  | 'confirmation-recently-sent'
  | 'suppressed';

/** Reported back by {@link subscribe}. */
export interface SubscribeResult {
  outcome: SubscribeOutcome;
  email: string;
}

/** Mail-client `reportId` of confirmation messages (outbox file names, SES tags). */
export const CONFIRMATION_MESSAGE_ID = 'subscription-confirmation';

/** `${baseUrl}/api/confirm?token=…` for one address, valid {@link CONFIRM_TOKEN_TTL_MS} from `nowMs`. */
export function confirmUrlFor(
  email: string,
  context: Pick<SubscribeContext, 'site' | 'tokenSecret'>,
  nowMs: number,
): string {
  const token = signToken(
    { email, purpose: 'confirm', expiresAtMs: nowMs + CONFIRM_TOKEN_TTL_MS },
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

async function sendConfirmation(context: SubscribeContext, email: string, nowMs: number) {
  const built = await buildConfirmationEmail({
    to: email,
    from: context.from,
    confirmUrl: confirmUrlFor(email, context, nowMs),
    site: siteView(context.site),
    date: new Date(nowMs),
    renderer: context.renderer,
  });
  await context.mailer.send({ to: email, raw: built.raw, reportId: CONFIRMATION_MESSAGE_ID });
}

/**
 * Double opt-in sign-up: validates the request, stores the address as `pending`
 * (expiring with its confirmation link) and mails it a signed confirmation link.
 * An active address is left alone and not mailed; a bounced or complained one is
 * never mailed; a pending one gets at most one confirmation per rate-limit window.
 * Throws InvalidEmailError / InvalidSubscriptionError for a bad request.
 */
export async function subscribe(
  context: SubscribeContext,
  request: SubscribeRequest,
  nowMs: number,
): Promise<SubscribeResult> {
  const valid = validateSubscribeRequest(request);
  const existing = await context.store.get(valid.email);
  const skipped = outcomeWithoutMail(existing, nowMs);
  if (skipped !== null) {
    context.log?.(`sign-up of ${maskEmail(valid.email)}: ${skipped}, no mail sent`);
    return { outcome: skipped, email: valid.email };
  }
  const nowIso = new Date(nowMs).toISOString();
  const pending: Subscriber = {
    email: valid.email,
    status: 'pending',
    assets: valid.assets,
    createdAt: existing?.createdAt ?? nowIso,
    updatedAt: nowIso,
    consent: valid.consent,
    expiresAt: new Date(nowMs + CONFIRM_TOKEN_TTL_MS).toISOString(),
    confirmationSentAt: nowIso,
  };
  // Recorded before sending so a burst of sign-ups cannot mail the address repeatedly.
  await context.store.upsert(pending);
  try {
    await sendConfirmation(context, valid.email, nowMs);
  } catch (error) {
    // Not sent after all: lift the rate limit so the person can simply try again.
    const { confirmationSentAt: _dropped, ...unsent } = pending;
    await context.store.upsert(unsent);
    throw error;
  }
  context.log?.(`sign-up of ${maskEmail(valid.email)}: confirmation sent`);
  return { outcome: 'confirmation-sent', email: valid.email };
}
