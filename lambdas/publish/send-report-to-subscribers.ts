import { RetryableSendError, SendInterruptedError } from '../errors.ts';
import type { RenderedReport } from '../model/index.ts';
import { buildReportEmail } from './build-report-email.ts';
import { maskEmail } from './normalize-email.ts';
import type { Mailer, SendLedger, SubscriberStore } from './ports.ts';
import { subscriberWantsAssets } from './subscriber.ts';
import { signToken } from './subscription-token.ts';

/** How long an unsubscribe link in a report email keeps working. */
export const UNSUBSCRIBE_TOKEN_TTL_MS = 365 * 24 * 60 * 60 * 1000;
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
  nowMs: number;
  pageSize?: number;
  /**
   * Recipients of a page sent at once (default 1). Each send waits on a ledger claim, the
   * mail service and a ledger update, so one at a time caps a run at a few dozen a second
   * whatever the allowed rate; the mailer's own pacing still bounds the rate.
   */
  concurrency?: number;
  /**
   * Stops the run cleanly when aborted (e.g. a Lambda near its timeout): no new
   * claim is made, an interrupted send is released in the ledger, and
   * {@link SendInterruptedError} is thrown so a re-run continues from the ledger.
   */
  signal?: AbortSignal | undefined;
  /** Counts go into this object when given, so a caller still has them if the run stops. */
  progress?: SendReportSummary | undefined;
  /** Receives progress lines; emails in them are masked. */
  log?: ((line: string) => void) | undefined;
}

/** Outcome of one fan-out. `skipped` = already claimed or sent by an earlier run. */
export interface SendReportSummary {
  sent: number;
  skipped: number;
  failed: number;
  /** One entry per failed recipient, email masked. */
  failures: Array<{ email: string; reason: string }>;
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

/** Error text for the summary and logs, with the recipient's address masked. */
function failureReason(error: unknown, email: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replaceAll(email, maskEmail(email)) || 'unknown error';
}

async function sendOne(input: SendReportInput, email: string): Promise<string> {
  const built = await buildReportEmail({
    reportId: input.rendered.meta.id,
    email: input.rendered.email,
    to: email,
    from: input.from,
    unsubscribeUrl: unsubscribeUrlFor(email, input),
    unsubscribeMailto: input.unsubscribeMailto,
    listId: input.listId,
    date: new Date(input.nowMs),
  });
  const { messageId } = await input.mailer.send({
    to: email,
    raw: built.raw,
    reportId: input.rendered.meta.id,
  });
  return messageId;
}

/**
 * True when a failed send says nothing about the recipient and the whole run
 * should stop: the run was aborted, or the mail service still throttles after retries.
 */
function stopsTheRun(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || error instanceof RetryableSendError;
}

function throwIfAborted(signal: AbortSignal | undefined, reportId: string): void {
  if (signal?.aborted) throw new SendInterruptedError(`Sending ${reportId} was stopped`);
}

/** Claims, sends and records one recipient's message, counting the outcome in `summary`. */
async function deliver(
  input: SendReportInput,
  email: string,
  summary: SendReportSummary,
): Promise<void> {
  const { ledger, log = () => undefined } = input;
  const reportId = input.rendered.meta.id;
  const atIso = new Date(input.nowMs).toISOString();
  throwIfAborted(input.signal, reportId);
  if (!(await ledger.claim(reportId, email))) {
    summary.skipped += 1;
    return;
  }
  let messageId: string;
  try {
    messageId = await sendOne(input, email);
  } catch (error) {
    const reason = failureReason(error, email);
    if (stopsTheRun(error, input.signal)) {
      // Released (marked failed) so the re-run sends it; not counted as a recipient failure.
      await ledger.markFailed(reportId, email, { reason, atIso });
      throw new SendInterruptedError(`Sending ${reportId} stopped: ${reason}`, { cause: error });
    }
    summary.failed += 1;
    summary.failures.push({ email: maskEmail(email), reason });
    log(`failed to send ${reportId} to ${maskEmail(email)}: ${reason}`);
    await ledger.markFailed(reportId, email, { reason, atIso });
    return;
  }
  // Outside the try: a sent message must never be recorded as failed (and so re-sent).
  await ledger.markSent(reportId, email, { messageId, atIso });
  summary.sent += 1;
  log(`sent ${reportId} to ${maskEmail(email)}`);
}

/**
 * Delivers to `emails` with up to `input.concurrency` sends in flight. The first error that
 * stops the run lets the sends already in flight finish (each records itself in the
 * ledger), starts no new one, and is then rethrown.
 */
async function deliverAll(
  input: SendReportInput,
  emails: string[],
  summary: SendReportSummary,
): Promise<void> {
  let next = 0;
  const stops: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (stops.length === 0 && next < emails.length) {
      const email = emails[next];
      next += 1;
      if (email === undefined) return;
      try {
        await deliver(input, email, summary);
      } catch (error) {
        stops.push(error);
      }
    }
  };
  const workers = Math.max(1, Math.min(input.concurrency ?? 1, emails.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (stops.length > 0) throw stops[0];
}

/**
 * Mails a report to every active subscriber who wants one of its assets
 * (empty asset list = all), paging through the store. Each message is claimed
 * in the ledger first, so a re-run or a duplicated invocation never mails
 * anyone twice; a failed send is recorded and the others continue. An abort
 * (see {@link SendReportInput.signal}) or throttling that outlasts the mailer's
 * retries stops the run with {@link SendInterruptedError}, leaving nobody claimed
 * but unsent. Only a process killed between claim and SES accepting the message
 * leaves that one address claimed: at most once, by design.
 */
export async function sendReportToSubscribers(input: SendReportInput): Promise<SendReportSummary> {
  const { assets } = input.rendered.meta;
  const summary = input.progress ?? { sent: 0, skipped: 0, failed: 0, failures: [] };
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
    const recipients = page.subscribers
      .filter((s) => s.status === 'active' && subscriberWantsAssets(s, assets))
      .map((s) => s.email);
    await deliverAll(input, recipients, summary);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return summary;
}
