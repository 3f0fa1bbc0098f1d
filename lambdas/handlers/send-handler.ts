import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendInterruptedError } from '../errors.ts';
import { maskEmail } from '../publish/normalize-email.ts';
import { parseSendJob } from '../publish/send-job.ts';
import { fanOutSend } from '../use-cases/fan-out-send.ts';
import { cacheUntilSuccess } from './cache-until-success.ts';
import { logLine, logLineFor } from './lambda-logger.ts';
import { type PublishAdapters, publishAdaptersFromEnv } from './publish-wiring.ts';

/** The parts of an SQS event this handler reads. */
export interface SqsEvent {
  Records: Array<{ messageId: string; body: string }>;
}

/** The part of the Lambda context this handler reads. */
export interface SendContext {
  getRemainingTimeInMillis(): number;
}

/** SQS partial-batch response: the messages to deliver again. */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** Time kept back before the Lambda timeout to stop cleanly and release the claim in flight. */
export const STOP_MARGIN_MS = 20_000;

function stopSignal(context: SendContext): AbortSignal {
  return AbortSignal.timeout(Math.max(1, context.getRemainingTimeInMillis() - STOP_MARGIN_MS));
}

/**
 * Builds the send handler: each SQS message is one send job, run through
 * {@link fanOutSend}. A job that stops early (near the timeout, or throttled)
 * is reported as a batch item failure so SQS delivers it again and the ledger
 * lets the re-run carry on; a malformed job also fails (and ends in the DLQ).
 */
export function createSendHandler(
  adapters: PublishAdapters,
  logFor: (reportId: string | null) => (line: string) => void = () => console.log,
  recordFailures: (count: number) => void = () => undefined,
) {
  return async (event: SqsEvent, context: SendContext): Promise<SqsBatchResponse> => {
    const batchItemFailures: SqsBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let log = logFor(null);
      try {
        const job = parseSendJob(record.body);
        log = logFor(job.reportId);
        const summary = await fanOutSend({
          job,
          ...adapters,
          signal: stopSignal(context),
          log,
        });
        const last = summary.runs.at(-1);
        // Every run reports its count (0 included), so the alarm sees data while all is well.
        recordFailures(last?.failed ?? 0);
        log(
          `send ${summary.reportId}: sent ${last?.sent} skipped ${last?.skipped} failed ${last?.failed}`,
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log(
          `send job ${record.messageId} ${error instanceof SendInterruptedError ? 'will resume' : 'failed'}: ${reason.replace(/\S+@\S+/g, (email) => maskEmail(email))}`,
        );
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

/**
 * Emits `SendFailures` with Powertools Metrics (namespace and `service` dimension from the
 * POWERTOOLS_* variables the stack sets), which the stack's send-failure alarm watches.
 */
function publishSendFailures(count: number): void {
  const metrics = new Metrics();
  metrics.addMetric('SendFailures', MetricUnit.Count, count);
  metrics.publishStoredMetrics();
}

const coldStart = cacheUntilSuccess(async () =>
  createSendHandler(
    await publishAdaptersFromEnv(process.env),
    (reportId) => (reportId === null ? logLine : logLineFor(reportId)),
    publishSendFailures,
  ),
);

/** Lambda entry point; config and adapters are built once per container. */
export const handler = async (event: SqsEvent, context: SendContext): Promise<SqsBatchResponse> =>
  (await coldStart())(event, context);
