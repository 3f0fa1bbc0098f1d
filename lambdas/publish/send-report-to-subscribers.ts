import { AftershockError } from '../errors.ts';
import type { RenderedReport } from '../model/index.ts';
import { mapWithConcurrency } from '../shared/concurrency.ts';
import { DAY_MS } from '../shared/time.ts';
import { buildReportEmail } from './build-report-email.ts';
import { deliver } from './deliver-message.ts';
import { emailForRecipient } from './email-parts.ts';
import type { Mailer, SendLedger, SubscriberStore } from './ports.ts';
import type { RunLogger } from './run-logger.ts';
import { createSendRun, type DeliveryRules } from './send-run.ts';
import { emptySummary, type SendReportSummary } from './send-summary.ts';
import { mailedAssets, subscriberWantsReport } from './subscriber.ts';
import { signToken } from './subscription-token.ts';

export type { DeliveryRules } from './send-run.ts';
export type { SendReportSummary } from './send-summary.ts';
export { addSummary, emptySummary, isComplete } from './send-summary.ts';

/** How long an unsubscribe link in a report email keeps working. */
export const UNSUBSCRIBE_TOKEN_TTL_MS = 365 * DAY_MS;
const DEFAULT_PAGE_SIZE = 100;

/** Inputs of {@link sendReportToSubscribers}. */
export interface SendReportInput {
  /** Only the meta (id, assets) and the rendered email are needed. */
  rendered: Pick<RenderedReport, 'meta' | 'email'>;
  subscribers: SubscriberStore;
  mailer: Mailer;
  ledger: SendLedger;
  tokenSecret: string;
  /** e.g. `https://aftershock.example.com` (a trailing slash is ignored). */
  siteBaseUrl: string;
  unsubscribeMailto: string;
  listId: string;
  from: string;
  /** The mailing's date: the `Date` header and the start of the unsubscribe links' year. */
  nowMs: number;
  /** Grace period, reject limit, breaker and local lease (`delivery.*`; defaults when absent). */
  delivery?: DeliveryRules | undefined;
  /** The clock claims and outcomes are judged and recorded by (default `Date.now`). */
  now?: (() => number) | undefined;
  /** Until when a claim made at `nowMs` may be held: the run's deadline (default: local lease). */
  leaseUntil?: ((nowMs: number) => number) | undefined;
  pageSize?: number;
  /**
   * Recipients of a page sent at once (default 1). Each send waits on a ledger claim, the
   * mail service and a ledger update, so one at a time caps a run at a few dozen a second
   * whatever the allowed rate; the mailer's own pacing still bounds the rate.
   */
  concurrency?: number;
  /**
   * Stops the run cleanly when aborted (e.g. a Lambda near its timeout): no new claim is made,
   * sends in flight finish and record themselves, and {@link SendInterruptedError} is thrown so
   * a re-run continues from the ledger.
   */
  signal?: AbortSignal | undefined;
  /** The hard deadline, passed to every send: a call still in flight when it fires is given up. */
  abortSignal?: AbortSignal | undefined;
  /** Counts go into this object when given, so a caller still has them if the run stops. */
  progress?: SendReportSummary | undefined;
  /** Receives one entry per outcome; emails in it are masked. */
  logger?: RunLogger | undefined;
}

/** `${siteBaseUrl}/api/unsubscribe?token=…` for one recipient, valid for a year from `nowMs`. */
export function unsubscribeUrlFor(
  email: string,
  input: Pick<SendReportInput, 'siteBaseUrl' | 'tokenSecret' | 'nowMs'>,
): string {
  const token = signToken(
    { email, purpose: 'unsubscribe', expiresAtMs: input.nowMs + UNSUBSCRIBE_TOKEN_TTL_MS },
    input.tokenSecret,
  );
  return `${input.siteBaseUrl.replace(/\/+$/, '')}/api/unsubscribe?token=${token}`;
}

/**
 * `${siteBaseUrl}/api/preferences?token=…` for one recipient: the page where they choose their
 * assets and mail. The token never expires (it only lets its holder narrow or widen what an
 * active subscriber gets, never re-subscribe).
 */
export function preferencesUrlFor(
  email: string,
  input: Pick<SendReportInput, 'siteBaseUrl' | 'tokenSecret'>,
): string {
  const token = signToken({ email, purpose: 'preferences' }, input.tokenSecret);
  return `${input.siteBaseUrl.replace(/\/+$/, '')}/api/preferences?token=${token}`;
}

/**
 * Builds each recipient's message; `followed` holds the assets each recipient of the page
 * being sent follows, for a mailing with parts (the daily digest).
 */
function composeFor(input: SendReportInput, followed: ReadonlyMap<string, readonly string[]>) {
  return (email: string) =>
    buildReportEmail({
      reportId: input.rendered.meta.id,
      email: recipientEmail(input, followed.get(email) ?? []),
      to: email,
      from: input.from,
      unsubscribeUrl: unsubscribeUrlFor(email, input),
      preferencesUrl: preferencesUrlFor(email, input),
      unsubscribeMailto: input.unsubscribeMailto,
      listId: input.listId,
      date: new Date(input.nowMs),
    });
}

/** A recipient's copy: for a mailing with parts, only the assets they follow. */
function recipientEmail(
  input: SendReportInput,
  followedAssets: readonly string[],
): SendReportInput['rendered']['email'] {
  const own = emailForRecipient(input.rendered.email, followedAssets);
  // The recipient filter only lets through those who follow one of the mailing's assets.
  if (own === null) throw new AftershockError(`No part of ${input.rendered.meta.id} is for them`);
  return own;
}

/**
 * Mails a report to every active subscriber who wants one of its assets ({@link mailedAssets};
 * an empty subscriber list = all) and its kind (flash, follow-up or digest, as chosen on the
 * preferences page), paging through the store. Each message is claimed in the ledger first and
 * its outcome recorded against the claim (`send-ledger-rules.ts`), so a re-run, a duplicated job or a
 * crash never mails anyone twice and never skips anyone silently: a message whose answer was
 * lost is `unknown` (settled by its SES event, or sent once more after the grace period), a
 * permanent reject is `rejected` for good. A stop (see {@link SendReportInput.signal}),
 * throttling past the mailer's retries, an account-level refusal or the failure breaker ends
 * the run with {@link SendInterruptedError} (or its `SendingHaltedError`). The summary says
 * whether anything is left to do (`isComplete`).
 */
export async function sendReportToSubscribers(input: SendReportInput): Promise<SendReportSummary> {
  const { meta } = input.rendered;
  const { id } = meta;
  const assets = mailedAssets(meta);
  const summary = input.progress ?? emptySummary();
  const followed = new Map<string, readonly string[]>();
  const run = createSendRun({ ...input, compose: composeFor(input, followed) }, summary);
  run.log.info('mailing started', { reportId: id });
  // A single-asset report lets the store filter; a digest is filtered here.
  const onlyAsset = assets.length === 1 ? assets[0] : undefined;
  let cursor: string | undefined;
  do {
    const page = await input.subscribers.listActive({
      ...(onlyAsset === undefined ? {} : { asset: onlyAsset }),
      pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    // Checked again because an AWS scan may be eventually consistent.
    const wanting = page.subscribers.filter(
      (s) => s.status === 'active' && subscriberWantsReport(s, meta),
    );
    followed.clear();
    for (const s of wanting) followed.set(s.email, s.assets);
    const recipients = wanting.map((s) => s.email);
    // The first error that stops the run lets the sends in flight finish (each records itself
    // in the ledger), starts no new one, and is then rethrown.
    await mapWithConcurrency(recipients, input.concurrency ?? 1, (email) => deliver(run, email));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return summary;
}
