import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Config } from '../lambdas/config.ts';
import { UsageError } from '../lambdas/errors.ts';
import { loadConfig } from '../lambdas/load-config.ts';
import { errorText } from '../lambdas/shared/error-text.ts';

/** A CLI command: its help text and what it does with its arguments. */
export interface Command {
  name: string;
  help: string;
  run(args: string[], io: CommandIo): Promise<number>;
}

/** A command as the dispatcher lists it: its name and summary now, its code when run. */
export interface LazyCommand {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** Where a command writes; tests pass their own. */
export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A command's settings: `--config FILE` (which must then exist), else an optional
 * `aftershock.config.json` in the working folder, with environment overrides on top.
 */
export function loadCommandConfig(io: CommandIo, configFile: string | undefined): Config {
  return loadConfig({
    file: path.resolve(io.cwd, configFile ?? 'aftershock.config.json'),
    required: configFile !== undefined,
    env: io.env,
  });
}

/**
 * Parses a command's arguments strictly: unknown options and stray positionals are
 * a {@link UsageError} that names them and points at `--help`.
 */
export function parseCommandArgs<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    const reason = errorText(error);
    throw new UsageError(`${reason}\nRun "aftershock ${command} --help" for the options.`, {
      cause: error,
    });
  }
}

/**
 * Parses an ISO-8601 time given on the command line.
 *
 * @example
 * parseIsoTime('--as-of', '2026-03-13T21:00:00Z') // 1773435600000
 */
export function parseIsoTime(option: string, value: string): number {
  const isoPattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
  const ms = Date.parse(value);
  // Date.parse rolls 2026-02-30 over to 2 March; a date that does not round-trip is impossible.
  const datePart = value.slice(0, 10);
  const exists =
    !Number.isNaN(ms) && new Date(Date.parse(datePart)).toISOString().slice(0, 10) === datePart;
  if (!isoPattern.test(value) || !exists) {
    throw new UsageError(
      `${option} must be an ISO-8601 time such as 2026-03-13T21:00:00Z, got "${value}".`,
    );
  }
  return ms;
}

/**
 * Parses `--from` and `--to` (either may be absent); `--to` must come after `--from`.
 *
 * @example
 * parseTimeRange('2026-01-01', undefined) // { fromMs: 1767225600000, toMs: null }
 */
export function parseTimeRange(
  from: string | undefined,
  to: string | undefined,
): { fromMs: number | null; toMs: number | null } {
  const fromMs = from === undefined ? null : parseIsoTime('--from', from);
  const toMs = to === undefined ? null : parseIsoTime('--to', to);
  if (fromMs !== null && toMs !== null && toMs <= fromMs) {
    throw new UsageError(`--to (${to}) must be after --from (${from}).`);
  }
  return { fromMs, toMs };
}
