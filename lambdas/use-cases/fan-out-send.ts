import type { Config } from '../config.ts';
import { RetryableSendError, SendInterruptedError, SendingHaltedError } from '../errors.ts';
import type { Mailer, SendLedger, SiteStore, SubscriberStore } from '../publish/index.ts';
import {
  emptySummary,
  isComplete,
  type SendReportSummary,
  sendReportToSubscribers,
} from '../publish/index.ts';
import type { RunLogger } from '../publish/run-logger.ts';
import { loadReportEmail, type SendJob } from '../publish/send-job.ts';
import { DEFAULT_SEND_BACKOFF, TokenBucket } from '../publish/token-bucket.ts';
import { type PacingClock, SYSTEM_CLOCK } from '../shared/clock.ts';
import { type BackoffPolicy, retryWithBackoff } from '../shared/retry.ts';
import { recordRun, type SendRunRecord, type SendSummaryRecord } from './send-summary-record.ts';

export type { SendRunRecord, SendSummaryRecord } from './send-summary-record.ts';
export { MAX_RUNS_KEPT } from './send-summary-record.ts';

/** Inputs of {@link fanOutSend}. */
export interface FanOutInput {
  job: SendJob;
  /** Private store holding the rendered email; the summary is written there too. */
  artifacts: SiteStore;
  subscribers: SubscriberStore;
  mailer: Mailer;
  ledger: SendLedger;
  config: Pick<Config, 'site' | 'mail' | 'delivery'> & {
    aws: Pick<Config['aws'], 'sesMaxSendRatePerSecond'>;
  };
  tokenSecret: string;
  clock?: PacingClock;
  backoff?: BackoffPolicy;
  /** No new claim once aborted (the Lambda nears its end). */
  signal?: AbortSignal;
  /** Passed to every send: a call still in flight when it fires is given up (recorded unknown). */
  abortSignal?: AbortSignal;
  /** The run's deadline, which every claim's lease ends at; absent: `delivery.localLeaseSeconds`. */
  deadlineMs?: number;
  logger?: RunLogger;
  /** Counts go into this object when given, so the caller has them even when the run stops. */
  progress?: SendReportSummary;
}

/**
 * Wraps a mailer so each send first waits for a token (the SES rate) and a throttled send is
 * retried with jittered exponential backoff; no other error is retried (SES may have accepted
 * it). `onThrottled` counts each throttled answer; no retry starts once `signal` is aborted.
 */
export function pacedMailer(
  mailer: Mailer,
  options: {
    ratePerSecond: number;
    clock: PacingClock;
    backoff: BackoffPolicy;
    onThrottled?: () => void;
    signal?: AbortSignal | undefined;
  },
): Mailer {
  const bucket = new TokenBucket({ ratePerSecond: options.ratePerSecond, clock: options.clock });
  const isThrottle = (error: unknown) => error instanceof RetryableSendError;
  return {
    send: (message, sendOptions) =>
      retryWithBackoff(
        async () => {
          await bucket.take();
          try {
            return await mailer.send(message, sendOptions);
          } catch (error) {
            if (isThrottle(error)) options.onThrottled?.();
            throw error;
          }
        },
        {
          policy: options.backoff,
          clock: options.clock,
          isRetryable: isThrottle,
          signal: options.signal,
        },
      ),
  };
}

/**
 * Sends in flight for a configured rate: one per ~10 messages a second, so round trips to
 * the ledger and SES (tens of milliseconds each) never hold the run below the rate; the
 * token bucket still enforces the rate itself. Capped to keep memory and sockets modest.
 *
 * @example
 * sendConcurrencyFor(14); // 2
 */
export function sendConcurrencyFor(ratePerSecond: number): number {
  return Math.min(32, Math.max(1, Math.ceil(ratePerSecond / 10)));
}

function runOutcome(error: unknown): SendRunRecord['outcome'] {
  return error instanceof SendingHaltedError ? 'halted' : 'interrupted';
}

/**
 * Mails one report to its subscribers for a send job: loads the email stored at publish
 * time, paces sends at `aws.sesMaxSendRatePerSecond`, lets the ledger decide who still needs
 * it (so duplicated jobs, re-runs and crashes mail nobody twice and skip nobody), and stores
 * a summary beside the email. A run is `completed` only when every subscriber it reached is
 * sent, rejected or unknown for good; otherwise `incomplete` (the job must run again: an
 * unknown awaits its event or resend, a claim is held elsewhere, a send failed). A stopped run
 * records itself as `interrupted` (or `halted`: account refused, breaker) and rethrows.
 */
export async function fanOutSend(input: FanOutInput): Promise<SendSummaryRecord> {
  const clock = input.clock ?? SYSTEM_CLOCK;
  const artifact = await loadReportEmail(input.artifacts, input.job);
  const startedAt = new Date(clock.nowMs()).toISOString();
  const summary = input.progress ?? emptySummary();
  const finish = (outcome: SendRunRecord['outcome']) =>
    recordRun(input.artifacts, input.job.reportId, {
      ...summary,
      startedAt,
      finishedAt: new Date(clock.nowMs()).toISOString(),
      outcome,
    });
  const rate = input.config.aws.sesMaxSendRatePerSecond;
  const deadlineMs = input.deadlineMs;
  try {
    await sendReportToSubscribers({
      rendered: artifact,
      subscribers: input.subscribers,
      mailer: pacedMailer(input.mailer, {
        ratePerSecond: rate,
        clock,
        backoff: input.backoff ?? DEFAULT_SEND_BACKOFF,
        onThrottled: () => {
          summary.throttled += 1;
        },
        signal: input.signal,
      }),
      ledger: input.ledger,
      concurrency: sendConcurrencyFor(rate),
      tokenSecret: input.tokenSecret,
      siteBaseUrl: input.config.site.baseUrl,
      unsubscribeMailto: input.config.mail.unsubscribeMailto,
      listId: input.config.mail.listId,
      from: input.config.mail.from,
      nowMs: clock.nowMs(),
      delivery: input.config.delivery,
      now: () => clock.nowMs(),
      ...(deadlineMs === undefined ? {} : { leaseUntil: () => deadlineMs }),
      signal: input.signal,
      abortSignal: input.abortSignal,
      logger: input.logger,
      progress: summary,
    });
    return await finish(isComplete(summary) ? 'completed' : 'incomplete');
  } catch (error) {
    if (error instanceof SendInterruptedError) await finish(runOutcome(error));
    throw error;
  }
}
