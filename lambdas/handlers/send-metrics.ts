import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SendReportSummary } from '../publish/index.ts';

/** The metrics of one send run, by CloudWatch metric name. */
export type SendMetrics = Record<
  | 'Sent'
  | 'Resent'
  | 'Rejected'
  | 'Unknown'
  | 'UnknownFinal'
  | 'Throttled'
  | 'SendFailures'
  | 'StuckClaims'
  | 'Suppressed'
  | 'SendingHalted',
  number
>;

/**
 * The metrics of a run's summary. `SendFailures` (watched by the stack's alarm) counts only
 * unexplained failures: rejects and unknowns have their own. `SendingHalted` is 1 when an
 * account-level refusal or the breaker stopped the mailing: the alarm metric for "nobody is
 * being mailed".
 *
 * @example
 * sendMetricsOf(summary, false).Sent; // messages SES accepted in this run
 */
export function sendMetricsOf(summary: SendReportSummary, halted: boolean): SendMetrics {
  return {
    Sent: summary.sent,
    Resent: summary.resent,
    Rejected: summary.rejected,
    Unknown: summary.unknown,
    UnknownFinal: summary.unknownFinal,
    Throttled: summary.throttled,
    SendFailures: summary.failed,
    StuckClaims: summary.stuckClaims,
    Suppressed: summary.suppressed,
    SendingHalted: halted ? 1 : 0,
  };
}

let metrics: Metrics | undefined;

/**
 * Emits one run's metrics with Powertools Metrics (namespace and `service` dimension from the
 * POWERTOOLS_* variables the stack sets). Every run reports every metric, 0 included, so the
 * alarms see data while all is well. One `Metrics` per container, flushed per run.
 */
export function publishSendMetrics(values: SendMetrics): void {
  metrics ??= new Metrics();
  for (const [name, value] of Object.entries(values)) {
    metrics.addMetric(name, MetricUnit.Count, value);
  }
  metrics.publishStoredMetrics();
}
