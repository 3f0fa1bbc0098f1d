import { randomUUID } from 'node:crypto';
import {
  AccountSendingError,
  RecipientRejectedError,
  RetryableSendError,
  SendInterruptedError,
  SendingHaltedError,
  SendOutcomeUnknownError,
} from '../errors.ts';
import { errorText } from '../shared/error-text.ts';
import { maskEmail } from './normalize-email.ts';
import type { LogAttributes } from './run-logger.ts';
import type { LedgerStatus, SendOutcome } from './send-ledger-rules.ts';
import type { SendRun } from './send-run.ts';
import { countRefusal, noteFailure } from './send-summary.ts';

/** How one attempt ended: what to record, and whether the whole run must stop after it. */
interface Attempt {
  outcome: SendOutcome;
  stop?: SendInterruptedError;
}

/** Error text for the summary and logs, with the recipient's address masked. */
function failureReason(error: unknown, email: string): string {
  const message = errorText(error);
  return message.replaceAll(email, maskEmail(email)) || 'unknown error';
}

/** Whether the run must stop after this error: the account is refused, or the run is ending. */
function stopAfter(run: SendRun, error: unknown, reason: string): Pick<Attempt, 'stop'> {
  if (error instanceof AccountSendingError) {
    const message = `Sending ${run.reportId} halted: ${reason}`;
    return { stop: new SendingHaltedError('account', message, { cause: error }) };
  }
  if (
    run.stopped() ||
    error instanceof RetryableSendError ||
    error instanceof SendInterruptedError
  ) {
    const message = `Sending ${run.reportId} stopped: ${reason}`;
    return { stop: new SendInterruptedError(message, { cause: error }) };
  }
  return {};
}

/** Sends one message and turns what happened into an {@link Attempt}. */
async function attempt(run: SendRun, email: string): Promise<Attempt> {
  try {
    const { messageId } = await run.sendOne(email);
    return { outcome: { status: 'sent', messageId, atMs: run.now() } };
  } catch (error) {
    const reason = failureReason(error, email);
    const status =
      error instanceof RecipientRejectedError
        ? 'rejected'
        : error instanceof SendOutcomeUnknownError
          ? 'unknown'
          : 'failed';
    return { outcome: { status, reason, atMs: run.now() }, ...stopAfter(run, error, reason) };
  }
}

/** Counts a message that was not sent: rejected (and towards suppression), unknown or failed. */
async function countNotSent(
  run: SendRun,
  email: string,
  attempted: Attempt,
  status: LedgerStatus | null,
  resend: boolean,
): Promise<void> {
  const { summary } = run;
  const reason =
    attempted.outcome.status === 'sent' ? 'settled elsewhere' : attempted.outcome.reason;
  const masked = maskEmail(email);
  run.log.warn(`not sent: ${status}`, { reportId: run.reportId, subscriber: masked, reason });
  if (status === 'rejected') {
    summary.rejected += 1;
    noteFailure(summary, { email: masked, outcome: 'rejected', reason });
    run.breaker.success();
    await run.countRejection(email);
    return;
  }
  if (status === 'unknown') {
    // A resend whose answer is lost too is unknown for good: never sent a third time.
    if (resend) {
      summary.resent += 1;
      summary.unknownFinal += 1;
    } else summary.unknown += 1;
    noteFailure(summary, { email: masked, outcome: 'unknown', reason });
  } else if (attempted.stop === undefined) {
    summary.failed += 1;
    noteFailure(summary, { email: masked, outcome: 'failed', reason });
  }
  // A stop (account refused, run ending) says nothing about this recipient: it is released for
  // the next run, and neither counted as the recipient's failure nor fed to the breaker.
  if (attempted.stop === undefined) run.breaker.failure(reason);
}

/** Counts a recorded outcome (by the status the ledger ended with), logs it, feeds the breaker. */
async function account(
  run: SendRun,
  email: string,
  attempted: Attempt,
  status: LedgerStatus | null,
  resend: boolean,
): Promise<void> {
  if (status !== 'sent') return countNotSent(run, email, attempted, status, resend);
  run.summary.sent += 1;
  if (resend) run.summary.resent += 1;
  run.breaker.success();
  const attrs: LogAttributes = { reportId: run.reportId, subscriber: maskEmail(email) };
  run.log.info('sent', resend ? { ...attrs, resend: true } : attrs);
}

/**
 * Claims, sends and records one recipient's message, counting the outcome in the run's summary.
 * A refused claim is counted by why (already sent, held, unknown); a claim taken from a dead
 * sender is counted as a stuck claim. An outcome that stops the run is recorded first, then
 * thrown (a {@link SendInterruptedError}); so is the breaker's {@link SendingHaltedError}.
 */
export async function deliver(run: SendRun, email: string): Promise<void> {
  run.throwIfStopped();
  const claimId = randomUUID();
  const nowMs = run.now();
  const claim = await run.ledger.claim({
    reportId: run.reportId,
    email,
    claimId,
    nowMs,
    leaseUntilMs: run.leaseUntil(nowMs),
    unknownGraceMs: run.unknownGraceMs,
  });
  if (claim.tookOver) {
    run.summary.stuckClaims += 1;
    run.log.warn('took over the claim of a sender that died', {
      reportId: run.reportId,
      subscriber: maskEmail(email),
    });
  }
  if (!claim.claimed) {
    // A claim taken over just now became unknown in this run; other refusals count by state.
    if (claim.tookOver && claim.as === 'unknown-pending') run.summary.unknown += 1;
    else countRefusal(run.summary, claim.as);
    return;
  }
  const attempted = await attempt(run, email);
  const status = await run.ledger.record(run.reportId, email, claimId, attempted.outcome);
  await account(run, email, attempted, status, claim.resend);
  if (attempted.stop) throw attempted.stop;
  run.breaker.throwIfTripped(run.reportId);
}
