import { type DeliveryConfig, deliveryConfigSchema } from '../config.ts';
import { SendInterruptedError, SendingHaltedError } from '../errors.ts';
import type { RenderedReport } from '../model/index.ts';
import type { buildReportEmail } from './build-report-email.ts';
import { maskEmail } from './normalize-email.ts';
import type { Mailer, SendLedger, SubscriberStore } from './ports.ts';
import { type RunLogger, SILENT_LOGGER } from './run-logger.ts';
import type { SendReportSummary } from './send-summary.ts';

/** The delivery rules a run applies (`delivery.*` in the config). */
export type DeliveryRules = Pick<
  DeliveryConfig,
  | 'unknownGraceSeconds'
  | 'rejectsBeforeSuppression'
  | 'maxConsecutiveFailures'
  | 'localLeaseSeconds'
>;

/**
 * listmonk's error breaker: too many unexplained failures in a row stop the run, because
 * then the fault is the service's or ours, not the recipients'. A success resets it.
 */
export class FailureBreaker {
  private consecutive = 0;
  private lastReason = '';

  public constructor(private readonly limit: number) {}

  public success(): void {
    this.consecutive = 0;
  }

  public failure(reason: string): void {
    this.consecutive += 1;
    this.lastReason = reason;
  }

  /** Throws {@link SendingHaltedError} once `limit` failures came in a row. */
  public throwIfTripped(reportId: string): void {
    if (this.consecutive < this.limit) return;
    throw new SendingHaltedError(
      'breaker',
      `Sending ${reportId} halted after ${this.consecutive} failures in a row; last: ${this.lastReason}`,
    );
  }
}

/** What the run needs to build and send one recipient's copy. */
export interface SendRunInput {
  rendered: Pick<RenderedReport, 'meta' | 'email'>;
  subscribers: SubscriberStore;
  mailer: Mailer;
  ledger: SendLedger;
  /** Builds one recipient's raw message (the report's email with their own unsubscribe link). */
  compose: (email: string) => ReturnType<typeof buildReportEmail>;
  delivery?: DeliveryRules | undefined;
  now?: (() => number) | undefined;
  leaseUntil?: ((nowMs: number) => number) | undefined;
  signal?: AbortSignal | undefined;
  abortSignal?: AbortSignal | undefined;
  logger?: RunLogger | undefined;
}

/** One fan-out run's shared state and capabilities, as each delivery sees them. */
export interface SendRun {
  reportId: string;
  ledger: SendLedger;
  summary: SendReportSummary;
  log: RunLogger;
  breaker: FailureBreaker;
  unknownGraceMs: number;
  now(): number;
  leaseUntil(nowMs: number): number;
  sendOne(email: string): Promise<{ messageId: string }>;
  stopped(): boolean;
  throwIfStopped(): void;
  /** Counts a permanent reject of `email` across reports; suppresses it at the limit. */
  countRejection(email: string): Promise<void>;
}

async function suppressIfRepeated(
  input: SendRunInput,
  run: SendRun,
  rules: DeliveryRules,
  email: string,
): Promise<void> {
  const nowMs = run.now();
  const rejections = await input.ledger.recordRejection(run.reportId, email, nowMs);
  if (rejections < rules.rejectsBeforeSuppression) return;
  // `bounced` is the status that is never listed for sending again; the log says why.
  await input.subscribers.setStatus(email, 'bounced', new Date(nowMs).toISOString());
  run.summary.suppressed += 1;
  run.log.warn('suppressed after repeated rejects', {
    reportId: run.reportId,
    subscriber: maskEmail(email),
    rejections,
  });
}

/** Builds the {@link SendRun} of one fan-out from its inputs (defaults from `delivery`). */
export function createSendRun(input: SendRunInput, summary: SendReportSummary): SendRun {
  const rules = input.delivery ?? deliveryConfigSchema.parse({});
  const reportId = input.rendered.meta.id;
  const now = input.now ?? Date.now;
  const stopped = () => input.signal?.aborted === true || input.abortSignal?.aborted === true;
  const run: SendRun = {
    reportId,
    ledger: input.ledger,
    summary,
    log: input.logger ?? SILENT_LOGGER,
    breaker: new FailureBreaker(rules.maxConsecutiveFailures),
    unknownGraceMs: rules.unknownGraceSeconds * 1000,
    now,
    leaseUntil: input.leaseUntil ?? ((nowMs) => nowMs + rules.localLeaseSeconds * 1000),
    sendOne: async (email) => {
      const built = await input.compose(email);
      const message = { to: email, raw: built.raw, reportId };
      return input.mailer.send(message, { signal: input.abortSignal });
    },
    stopped,
    throwIfStopped: () => {
      if (stopped()) throw new SendInterruptedError(`Sending ${reportId} was stopped`);
    },
    countRejection: (email) => suppressIfRepeated(input, run, rules, email),
  };
  return run;
}
