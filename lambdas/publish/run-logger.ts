/** Structured attributes of one log line: plain values; emails in them must be masked. */
export type LogAttributes = Record<string, string | number | boolean | null | undefined>;

/**
 * What the use cases log through: a message plus attributes. Powertools' `Logger` is one as it
 * is (the Lambdas pass theirs); the CLI uses {@link lineLogger}. Addresses are masked by the
 * caller (`maskEmail`), never here.
 */
export interface RunLogger {
  info(message: string, attributes?: LogAttributes): void;
  warn(message: string, attributes?: LogAttributes): void;
  error(message: string, attributes?: LogAttributes): void;
}

/** A logger that drops everything (the default of use cases called without one). */
export const SILENT_LOGGER: RunLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function formatLine(message: string, attributes: LogAttributes | undefined): string {
  const pairs = Object.entries(attributes ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`);
  return pairs.length === 0 ? message : `${message} (${pairs.join(', ')})`;
}

/**
 * A {@link RunLogger} writing one text line per entry, for the CLI's stderr.
 *
 * @example
 * lineLogger(console.error).warn('send failed', { subscriber: 'a***@e***.com' });
 * // "send failed (subscriber=a***@e***.com)"
 */
export function lineLogger(write: (line: string) => void): RunLogger {
  return {
    info: (message, attributes) => write(formatLine(message, attributes)),
    warn: (message, attributes) => write(`warning: ${formatLine(message, attributes)}`),
    error: (message, attributes) => write(`error: ${formatLine(message, attributes)}`),
  };
}
