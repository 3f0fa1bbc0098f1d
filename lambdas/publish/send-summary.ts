import type { ClaimRefusal } from './send-ledger-rules.ts';

/** Most failure entries a summary keeps (the counts stay exact; a 100k list stays small). */
export const MAX_FAILURES_KEPT = 100;

/**
 * What one fan-out run did, subscriber by subscriber. Every active subscriber it reached counts
 * in exactly one of `sent`, `skipped`, `rejected`, `unknown`, `awaiting`, `unknownFinal`, `failed`,
 * `leased`.
 */
export interface SendReportSummary {
  /** Accepted by the mail service in this run (resends included), or settled by its event. */
  sent: number;
  /** Of `sent` and `unknown`: second sends after an unknown's grace period passed without event. */
  resent: number;
  /** Already sent or rejected by an earlier run. */
  skipped: number;
  /** Refused for good in this run (not retried, counted towards suppression). */
  rejected: number;
  /** Became unknown in this run (answer lost, or a dead sender's claim taken over). */
  unknown: number;
  /** Unknown since an earlier run and still within its grace period: an event may settle it. */
  awaiting: number;
  /** Unknown after its one resend: never sent a third time. */
  unknownFinal: number;
  /** Not accepted in this run (unexplained failure); left claimable for the next run. */
  failed: number;
  /** Claimed by another run whose lease has not ended. */
  leased: number;
  /** Throttled answers, retried with backoff (not recipients). */
  throttled: number;
  /** Claims of dead senders taken over in this run (each is also in `unknown` or `sent`). */
  stuckClaims: number;
  /** Subscribers suppressed after too many rejects. */
  suppressed: number;
  /** Rejected, unknown and failed recipients (masked), at most {@link MAX_FAILURES_KEPT}. */
  failures: Array<{ email: string; outcome: 'rejected' | 'unknown' | 'failed'; reason: string }>;
}

/** A summary with every count at 0. */
export function emptySummary(): SendReportSummary {
  return {
    sent: 0,
    resent: 0,
    skipped: 0,
    rejected: 0,
    unknown: 0,
    awaiting: 0,
    unknownFinal: 0,
    failed: 0,
    leased: 0,
    throttled: 0,
    stuckClaims: 0,
    suppressed: 0,
    failures: [],
  };
}

/**
 * Adds one run's counts to a running total (several mailings reported as one line); the
 * failures list stays capped.
 * @example addSummary(total, run) // total.sent is now the sum of both
 */
export function addSummary(total: SendReportSummary, run: SendReportSummary): void {
  const counts = [
    'sent',
    'resent',
    'skipped',
    'rejected',
    'unknown',
    'awaiting',
    'unknownFinal',
    'failed',
    'leased',
    'throttled',
    'stuckClaims',
    'suppressed',
  ] as const satisfies ReadonlyArray<keyof SendReportSummary>;
  for (const key of counts) total[key] += run[key];
  for (const failure of run.failures) noteFailure(total, failure);
}

/** The count a refused claim goes to. */
export function countRefusal(summary: SendReportSummary, as: ClaimRefusal): void {
  if (as === 'sent' || as === 'rejected') summary.skipped += 1;
  else if (as === 'unknown-final') summary.unknownFinal += 1;
  else if (as === 'unknown-pending') summary.awaiting += 1;
  else summary.leased += 1;
}

/** Notes one recipient that was not mailed, email already masked; the list is capped. */
export function noteFailure(
  summary: SendReportSummary,
  failure: SendReportSummary['failures'][number],
): void {
  if (summary.failures.length < MAX_FAILURES_KEPT) summary.failures.push(failure);
}

/**
 * True when nothing is left to do for anyone the run reached: each is sent, rejected or unknown
 * for good. An unknown within its grace, a failure or another run's live claim is work left, so
 * the job must run again.
 */
export function isComplete(summary: SendReportSummary): boolean {
  const left = summary.unknown + summary.awaiting + summary.failed + summary.leased;
  return left === 0;
}
