import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs for every Lambda (Powertools; the service name and level come from
 * the POWERTOOLS_* variables the stack sets). Use cases take a plain `(line) => void`; the
 * handlers pass {@link logLine}, or {@link logLineFor} to carry a report id as the
 * correlation key so every line of one report's run can be found together.
 */
export const lambdaLogger = new Logger();

/** Logs one line at info level. Email addresses must already be masked by the caller. */
export function logLine(line: string): void {
  lambdaLogger.info(line);
}

/**
 * A log function whose lines carry `reportId`.
 *
 * @example
 * const log = logLineFor('2026-03-12-btc-long-flush-2030'); log('sent 12');
 */
export function logLineFor(reportId: string): (line: string) => void {
  return (line) => lambdaLogger.info(line, { reportId });
}
