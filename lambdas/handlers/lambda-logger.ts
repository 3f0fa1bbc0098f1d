import { Logger } from '@aws-lambda-powertools/logger';
import type { RunLogger } from '../publish/run-logger.ts';

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

/**
 * The structured logger use cases take (`RunLogger`), over {@link lambdaLogger}: every entry
 * carries its attributes as JSON keys, plus `reportId` when given.
 *
 * @example
 * loggerFor('2026-03-12-btc-long-flush-2030').warn('not sent: unknown', { subscriber: 'a***@e***.com' });
 */
export function loggerFor(reportId?: string): RunLogger {
  const base = reportId === undefined ? {} : { reportId };
  return {
    info: (message, attributes) => lambdaLogger.info(message, { ...base, ...attributes }),
    warn: (message, attributes) => lambdaLogger.warn(message, { ...base, ...attributes }),
    error: (message, attributes) => lambdaLogger.error(message, { ...base, ...attributes }),
  };
}
