import type { Config } from '../config.ts';
import { RetryableSendError, SendInterruptedError } from '../errors.ts';
import type { Mailer, SendLedger, SiteStore, SubscriberStore } from '../publish/index.ts';
import { type SendReportSummary, sendReportToSubscribers } from '../publish/index.ts';
import {
  loadReportEmail,
  putPrivateJson,
  type SendJob,
  sendSummaryKey,
} from '../publish/send-job.ts';
import {
  type BackoffPolicy,
  DEFAULT_SEND_BACKOFF,
  type PacingClock,
  retryWithBackoff,
  SYSTEM_CLOCK,
  TokenBucket,
} from '../publish/token-bucket.ts';

/** One run of the sender, as kept in the summary. */
export interface SendRunRecord extends SendReportSummary {
  startedAt: string;
  finishedAt: string;
  outcome: 'completed' | 'interrupted';
}

/** The summary stored with a report (private store, {@link sendSummaryKey}). */
export interface SendSummaryRecord {
  reportId: string;
  /** True once a run reached the end of the subscriber list. */
  completed: boolean;
  /** Messages sent over all runs. */
  sentTotal: number;
  /** The latest runs, oldest first (at most {@link MAX_RUNS_KEPT}). */
  runs: SendRunRecord[];
}

/** Runs kept in a summary; a re-run after a crash adds one. */
export const MAX_RUNS_KEPT = 20;

/** Inputs of {@link fanOutSend}. */
export interface FanOutInput {
  job: SendJob;
  /** Private store holding the rendered email; the summary is written there too. */
  artifacts: SiteStore;
  subscribers: SubscriberStore;
  mailer: Mailer;
  ledger: SendLedger;
  config: Pick<Config, 'site' | 'mail'> & { aws: Pick<Config['aws'], 'sesMaxSendRatePerSecond'> };
  tokenSecret: string;
  clock?: PacingClock;
  backoff?: BackoffPolicy;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/**
 * Wraps a mailer so each send first waits for a token (the SES rate) and a
 * throttled send is retried with jittered exponential backoff.
 */
export function pacedMailer(
  mailer: Mailer,
  options: { ratePerSecond: number; clock: PacingClock; backoff: BackoffPolicy },
): Mailer {
  const bucket = new TokenBucket({ ratePerSecond: options.ratePerSecond, clock: options.clock });
  return {
    send: (message) =>
      retryWithBackoff(
        async () => {
          await bucket.take();
          return mailer.send(message);
        },
        {
          policy: options.backoff,
          clock: options.clock,
          isRetryable: (error) => error instanceof RetryableSendError,
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

async function previousRecord(store: SiteStore, reportId: string): Promise<SendSummaryRecord> {
  const text = await store.getText(sendSummaryKey(reportId));
  const empty = { reportId, completed: false, sentTotal: 0, runs: [] };
  if (text === null) return empty;
  try {
    return JSON.parse(text) as SendSummaryRecord;
  } catch {
    // A damaged summary only loses history; the ledger, not the summary, prevents duplicates.
    return empty;
  }
}

async function recordRun(input: FanOutInput, run: SendRunRecord): Promise<SendSummaryRecord> {
  const { reportId } = input.job;
  const previous = await previousRecord(input.artifacts, reportId);
  const record: SendSummaryRecord = {
    reportId,
    completed: previous.completed || run.outcome === 'completed',
    sentTotal: previous.sentTotal + run.sent,
    runs: [...previous.runs, run].slice(-MAX_RUNS_KEPT),
  };
  await putPrivateJson(input.artifacts, sendSummaryKey(reportId), record);
  return record;
}

/**
 * Mails one report to its subscribers for a send job: loads the email stored at
 * publish time, paces sends at `aws.sesMaxSendRatePerSecond`, lets the ledger
 * decide who still needs it (so duplicated jobs and re-runs mail nobody twice),
 * and stores a summary beside the email. An interrupted run records itself and
 * rethrows {@link SendInterruptedError} so the queue retries the job.
 */
export async function fanOutSend(input: FanOutInput): Promise<SendSummaryRecord> {
  const clock = input.clock ?? SYSTEM_CLOCK;
  const artifact = await loadReportEmail(input.artifacts, input.job);
  const startedAt = new Date(clock.nowMs()).toISOString();
  const summary: SendReportSummary = { sent: 0, skipped: 0, failed: 0, failures: [] };
  const finish = (outcome: SendRunRecord['outcome'], counts: SendReportSummary) =>
    recordRun(input, {
      ...counts,
      startedAt,
      finishedAt: new Date(clock.nowMs()).toISOString(),
      outcome,
    });
  try {
    const counts = await sendReportToSubscribers({
      rendered: artifact,
      subscribers: input.subscribers,
      mailer: pacedMailer(input.mailer, {
        ratePerSecond: input.config.aws.sesMaxSendRatePerSecond,
        clock,
        backoff: input.backoff ?? DEFAULT_SEND_BACKOFF,
      }),
      ledger: input.ledger,
      concurrency: sendConcurrencyFor(input.config.aws.sesMaxSendRatePerSecond),
      tokenSecret: input.tokenSecret,
      siteBaseUrl: input.config.site.baseUrl,
      unsubscribeMailto: input.config.mail.unsubscribeMailto,
      listId: input.config.mail.listId,
      from: input.config.mail.from,
      nowMs: clock.nowMs(),
      signal: input.signal,
      log: input.log,
      progress: summary,
    });
    return await finish('completed', counts);
  } catch (error) {
    if (error instanceof SendInterruptedError) await finish('interrupted', summary);
    throw error;
  }
}
