import { readFileSync } from 'node:fs';
import type * as z from 'zod';
import { type Config, configSchema } from './config.ts';
import { ConfigError } from './errors.ts';
import { firstIssue } from './shared/zod-issues.ts';

/**
 * Environment variables that override the config file, and the setting each one sets.
 * Lists are comma-separated; numbers are parsed by the schema's coercion below.
 */
export const ENV_OVERRIDES: Readonly<Record<string, readonly string[]>> = {
  AFTERSHOCK_ASSETS: ['assets'],
  AFTERSHOCK_SITE_BASE_URL: ['site', 'baseUrl'],
  AFTERSHOCK_SITE_TITLE: ['site', 'title'],
  AFTERSHOCK_SUBSCRIBE_URL: ['site', 'subscribeUrl'],
  AFTERSHOCK_POSTAL_ADDRESS: ['site', 'postalAddress'],
  AFTERSHOCK_MAIL_FROM: ['mail', 'from'],
  AFTERSHOCK_LIST_ID: ['mail', 'listId'],
  AFTERSHOCK_UNSUBSCRIBE_MAILTO: ['mail', 'unsubscribeMailto'],
  AFTERSHOCK_OUT_DIR: ['local', 'outDir'],
  AFTERSHOCK_SUBSCRIBERS_FILE: ['local', 'subscribersFile'],
  AFTERSHOCK_TOKEN_SECRET: ['tokenSecret'],
  AFTERSHOCK_TOKEN_SECRET_PREVIOUS: ['tokenSecretPrevious'],
  AWS_REGION: ['aws', 'region'],
  AFTERSHOCK_SITE_BUCKET: ['aws', 'siteBucket'],
  AFTERSHOCK_DATA_BUCKET: ['aws', 'dataBucket'],
  AFTERSHOCK_SUBSCRIBERS_TABLE: ['aws', 'subscribersTable'],
  AFTERSHOCK_LEDGER_TABLE: ['aws', 'ledgerTable'],
  AFTERSHOCK_FLUSH_STATE_TABLE: ['aws', 'flushStateTable'],
  AFTERSHOCK_SEND_QUEUE_URL: ['aws', 'sendQueueUrl'],
  AFTERSHOCK_SES_CONFIGURATION_SET: ['aws', 'sesConfigurationSet'],
  AFTERSHOCK_TOKEN_SECRET_ARN: ['aws', 'tokenSecretArn'],
  AFTERSHOCK_SES_MAX_SEND_RATE: ['aws', 'sesMaxSendRatePerSecond'],
  AFTERSHOCK_RATE_LIMIT_TABLE: ['aws', 'rateLimitTable'],
  AFTERSHOCK_CONFIRMATION_QUEUE_URL: ['aws', 'confirmationQueueUrl'],
  AFTERSHOCK_ORIGIN_SECRET_ARN: ['aws', 'originSecretArn'],
  AFTERSHOCK_CONFIRMATIONS_PER_MAILBOX_PER_DAY: ['subscription', 'confirmationsPerMailboxPerDay'],
  AFTERSHOCK_SIGNUPS_PER_IP_PER_HOUR: ['subscription', 'signupsPerIpPerHour'],
};

/**
 * Validates raw settings (from a file, already merged with environment overrides).
 * Throws {@link ConfigError} naming the first bad setting and what it allows.
 *
 * @example
 * parseConfig({ assets: ['BTC'] }).assets // ['BTC']
 */
export function parseConfig(raw: unknown): Config {
  return parseConfigWith(configSchema, raw);
}

/**
 * Validates raw settings with a function's own schema (the config schema with the settings
 * that function requires made required, see lambdas/handlers/function-config.ts).
 * Throws {@link ConfigError} naming the first bad or missing setting.
 */
export function parseConfigWith<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const { where: setting, issue } = firstIssue(result.error);
  throw new ConfigError(setting, issue ? describeIssue(issue) : 'invalid value', {
    cause: result.error,
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // zod's own messages name the expectation ("expected number, received string");
  // enum issues list the allowed values, which is what a person fixing a typo needs.
  if (issue.code === 'invalid_value') {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `unknown key(s) ${issue.keys.join(', ')}`;
  }
  return issue.message;
}

/** Applies {@link ENV_OVERRIDES} from `env` on top of `raw` (a new object; inputs untouched). */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = structuredClone(raw);
  for (const [name, path] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const parsed = parseEnvValue(name, path, value);
    setPath(merged, path, parsed);
  }
  return merged;
}

/** Variables holding a number; any other is text (or, for assets, a comma-separated list). */
const NUMERIC_VARIABLES = new Set([
  'AFTERSHOCK_SES_MAX_SEND_RATE',
  'AFTERSHOCK_CONFIRMATIONS_PER_MAILBOX_PER_DAY',
  'AFTERSHOCK_SIGNUPS_PER_IP_PER_HOUR',
]);

/** Plain decimal notation only: `Number()` would also read `0x10` as 16 and `1e3` as 1000. */
const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

function parseEnvValue(name: string, path: readonly string[], value: string): unknown {
  if (path[0] === 'assets') return value.split(',').map((s) => s.trim());
  // Left as the raw string when not a decimal number, so the schema names the setting in its error.
  if (NUMERIC_VARIABLES.has(name)) return DECIMAL.test(value.trim()) ? Number(value) : value;
  return value;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

/** Settings that are secrets, and the only place they may come from. */
const SECRET_VARIABLES = {
  tokenSecret: 'AFTERSHOCK_TOKEN_SECRET',
  tokenSecretPrevious: 'AFTERSHOCK_TOKEN_SECRET_PREVIOUS',
} as const;
const SECRET_SETTINGS = Object.keys(SECRET_VARIABLES) as Array<keyof typeof SECRET_VARIABLES>;

/**
 * Reads settings from an optional JSON config file plus environment overrides.
 * A missing default file is fine (defaults apply); a named file that is missing or
 * not JSON is a {@link ConfigError}.
 */
export function loadConfig(options: {
  file?: string;
  required?: boolean;
  env: Readonly<Record<string, string | undefined>>;
}): Config {
  const raw = options.file ? readConfigFile(options.file, options.required ?? false) : {};
  return parseConfig(applyEnvOverrides(raw, options.env));
}

function readConfigFile(file: string, required: boolean): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError('--config', `cannot read ${file}`, { cause: error });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError('--config', `${file} must hold a JSON object`);
    }
    for (const secret of SECRET_SETTINGS) {
      if (secret in parsed) {
        throw new ConfigError(
          secret,
          `must not be written in ${file}: a config file gets copied and committed; set ${SECRET_VARIABLES[secret]} instead`,
        );
      }
    }
    return parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError('--config', `${file} is not valid JSON`, { cause: error });
  }
}
