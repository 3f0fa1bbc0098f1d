import type { DeliveryConfig } from '../config.ts';
import { SendInterruptedError, SendingHaltedError } from '../errors.ts';
import { emptySummary, type RunLogger, type SendReportSummary } from '../publish/index.ts';
import { maskEmail } from '../publish/normalize-email.ts';
import { parseSendJob } from '../publish/send-job.ts';
import { errorText } from '../shared/error-text.ts';
import { fanOutSend } from '../use-cases/fan-out-send.ts';
import { defineHandler } from './define-handler.ts';
import { sendFunctionConfigSchema } from './function-config.ts';
import { loggerFor } from './lambda-logger.ts';
import { type SendAdapters, sendAdapters } from './publish-wiring.ts';
import { publishSendMetrics, type SendMetrics, sendMetricsOf } from './send-metrics.ts';

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

/** Kept before the deadline to record the outcomes of sends given up at the hard abort. */
export const RECORD_MARGIN_MS = 3_000;

/** When a run of `remainingMs` stops claiming, gives up calls in flight, and ends. */
export interface RunTimes {
  /** Every claim's lease ends here: the Lambda's deadline. */
  deadlineMs: number;
  /** No new claim after this; a send started just before still ends before `abortInMs`. */
  stopInMs: number;
  /** Every SES call still in flight is given up (and recorded unknown) after this. */
  abortInMs: number;
}

/**
 * The times of one run: abort {@link RECORD_MARGIN_MS} before the deadline, and stop claiming
 * one whole SES call (connection + request timeout) before that.
 *
 * @example
 * runTimes(900_000, { sesConnectionTimeoutMs: 3_000, sesRequestTimeoutMs: 10_000 }, 0);
 * // { deadlineMs: 900_000, stopInMs: 884_000, abortInMs: 897_000 }
 */
export function runTimes(
  remainingMs: number,
  delivery: Pick<DeliveryConfig, 'sesConnectionTimeoutMs' | 'sesRequestTimeoutMs'>,
  nowMs: number,
): RunTimes {
  const abortInMs = Math.max(1, remainingMs - RECORD_MARGIN_MS);
  const callMs = delivery.sesConnectionTimeoutMs + delivery.sesRequestTimeoutMs;
  return { deadlineMs: nowMs + remainingMs, stopInMs: Math.max(1, abortInMs - callMs), abortInMs };
}

/** How the handler reports: a logger per report, and the run's metrics. */
export interface SendHandlerOutputs {
  logFor?: (reportId: string | null) => RunLogger;
  recordMetrics?: (metrics: SendMetrics) => void;
}

async function runJob(
  adapters: SendAdapters,
  body: string,
  context: SendContext,
  outputs: Required<SendHandlerOutputs>,
): Promise<{ done: boolean }> {
  const job = parseSendJob(body);
  const logger = outputs.logFor(job.reportId);
  const times = runTimes(context.getRemainingTimeInMillis(), adapters.config.delivery, Date.now());
  const progress: SendReportSummary = emptySummary();
  try {
    const record = await fanOutSend({
      job,
      ...adapters,
      signal: AbortSignal.timeout(times.stopInMs),
      abortSignal: AbortSignal.timeout(times.abortInMs),
      deadlineMs: times.deadlineMs,
      logger,
      progress,
    });
    const outcome = record.runs.at(-1)?.outcome ?? 'incomplete';
    outputs.recordMetrics(sendMetricsOf(progress, false));
    logger.info(`send run ${outcome}`, { reportId: job.reportId, outcome, ...countsOf(progress) });
    return { done: outcome === 'completed' };
  } catch (error) {
    if (!(error instanceof SendInterruptedError)) throw error;
    const halted = error instanceof SendingHaltedError;
    outputs.recordMetrics(sendMetricsOf(progress, halted));
    const message = `send run ${halted ? 'halted' : 'interrupted'}: ${maskAll(error.message)}`;
    const attributes = { reportId: job.reportId, ...countsOf(progress) };
    if (halted) logger.error(message, attributes);
    else logger.warn(message, attributes);
    return { done: false };
  }
}

function countsOf(summary: SendReportSummary): Record<string, number> {
  const { failures: _failures, ...counts } = summary;
  return counts;
}

function maskAll(text: string): string {
  return text.replace(/\S+@\S+/g, (email) => maskEmail(email));
}

/**
 * Builds the send handler: each SQS message is one send job, run through {@link fanOutSend}
 * with the Lambda's deadline as every claim's lease. A job that is not `completed` (stopped near
 * the timeout, halted, or with work left such as an unknown awaiting its grace) is reported as a
 * batch item failure, so SQS delivers it again and the ledger lets the re-run carry on; a
 * malformed job also fails (and ends in the DLQ).
 */
export function createSendHandler(adapters: SendAdapters, outputs: SendHandlerOutputs = {}) {
  const resolved: Required<SendHandlerOutputs> = {
    logFor: outputs.logFor ?? (() => loggerFor()),
    recordMetrics: outputs.recordMetrics ?? (() => undefined),
  };
  return async (event: SqsEvent, context: SendContext): Promise<SqsBatchResponse> => {
    const batchItemFailures: SqsBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const { done } = await runJob(adapters, record.body, context, resolved);
        if (!done) batchItemFailures.push({ itemIdentifier: record.messageId });
      } catch (error) {
        const reason = errorText(error);
        resolved.logFor(null).error(`send job ${record.messageId} failed: ${maskAll(reason)}`);
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

/** Lambda entry point; config and adapters are built once per container. */
export const handler = defineHandler(sendFunctionConfigSchema, async (config) =>
  createSendHandler(await sendAdapters(config), {
    logFor: (reportId) => loggerFor(reportId ?? undefined),
    recordMetrics: publishSendMetrics,
  }),
);
