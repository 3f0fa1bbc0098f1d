import { Token } from 'aws-cdk-lib';
import type * as z from 'zod';
import { type Config, configSchema } from '../lambdas/config.ts';
import { ENV_OVERRIDES } from '../lambdas/load-config.ts';
import { firstIssue } from '../lambdas/shared/zod-issues.ts';

type AwsSettings = Omit<Config['aws'], 'endpoints'>;

/**
 * The settings a function can receive through its environment: exactly the config
 * paths of {@link ENV_OVERRIDES}, typed by the handlers' own `configSchema`, so a
 * misspelt key or a wrong value type is a compile error in `lib/`.
 */
export interface LambdaSettings {
  assets?: Config['assets'];
  site?: Partial<Pick<Config['site'], 'baseUrl' | 'title' | 'subscribeUrl' | 'postalAddress'>>;
  mail?: Partial<Config['mail']>;
  subscription?: Partial<Config['subscription']>;
  aws?: Partial<AwsSettings>;
}

/** The `aws` keys a function's schema requires (non-optional in its input type). */
type RequiredAwsOf<S extends z.ZodType> =
  z.input<S> extends { aws: infer A }
    ? { [K in keyof A as undefined extends A[K] ? never : K]: A[K] }
    : Record<never, never>;

/**
 * The settings of a function whose handler validates its environment with `S` (see
 * lambdas/handlers/function-config.ts): every `aws` key `S` requires is required here
 * too, so leaving out a table or queue is a compile error in lib/.
 */
export type LambdaSettingsFor<S extends z.ZodType> = Omit<LambdaSettings, 'aws'> & {
  aws: Partial<AwsSettings> & RequiredAwsOf<S>;
};

/** Fixed, non-config variables every function gets (Powertools, source maps). */
export interface RuntimeEnvironment {
  POWERTOOLS_SERVICE_NAME: string;
  POWERTOOLS_METRICS_NAMESPACE: string;
  POWERTOOLS_LOG_LEVEL: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  NODE_OPTIONS: string;
}

/** Namespace of every custom metric (the alarms read `SendFailures` from it). */
export const METRICS_NAMESPACE = 'Aftershock';

// Unresolved CDK tokens (bucket names, queue URLs) only get their value at deploy time;
// validation sees a stand-in of the right shape instead.
const TOKEN_MARKER = /\$\{Token\[[^\]]+\]\}/g;

function standIn(key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !Token.isUnresolved(value)) return value;
  const replaced = value.replace(TOKEN_MARKER, 'deploy-time-value');
  if (/url$/i.test(key) && !/^https?:\/\//.test(replaced)) return 'https://deploy-time.example/';
  return replaced;
}

function withStandIns(settings: LambdaSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [section, value] of Object.entries(settings)) {
    if (Array.isArray(value) || typeof value !== 'object' || value === null) {
      out[section] = standIn(section, value);
      continue;
    }
    out[section] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, standIn(k, v)]));
  }
  return out;
}

function valueAt(settings: LambdaSettings, path: readonly string[]): unknown {
  let node: unknown = settings;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const FORBIDDEN = new Set(['aws.region', 'tokenSecret', 'tokenSecretPrevious']);

// A setting without an environment variable would be dropped silently; fail instead.
function assertEveryKeyHasAVariable(settings: LambdaSettings): void {
  const known = new Set(Object.values(ENV_OVERRIDES).map((path) => path.join('.')));
  for (const [section, value] of Object.entries(settings)) {
    const isGroup = typeof value === 'object' && value !== null && !Array.isArray(value);
    const paths = isGroup ? Object.keys(value).map((key) => `${section}.${key}`) : [section];
    // The region is Lambda's own variable; the token secret only ever travels as an ARN.
    const missing = paths.find((path) => !known.has(path) || FORBIDDEN.has(path));
    if (missing) throw new Error(`Lambda setting "${missing}" has no environment variable`);
  }
}

function envValue(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/**
 * Turns typed settings into the Lambda environment the handlers read with
 * `applyEnvOverrides`, after checking them with the schema the function's handler
 * validates (`configSchema` unless given; at synth, so a bad or missing value fails
 * `cdk synth` with the setting named, not the function's cold start).
 *
 * @example
 * lambdaEnvironment({ aws: { dataBucket: bucket.bucketName } })
 * // { AFTERSHOCK_DATA_BUCKET: '${Token[…]}' }
 */
export function lambdaEnvironment(
  settings: LambdaSettings,
  schema: z.ZodType = configSchema,
): Record<string, string> {
  const checked = schema.safeParse(withStandIns(settings));
  if (!checked.success) {
    const { where, message } = firstIssue(checked.error);
    throw new Error(`Invalid Lambda setting "${where}": ${message}`);
  }
  assertEveryKeyHasAVariable(settings);
  const env: Record<string, string> = {};
  for (const [name, path] of Object.entries(ENV_OVERRIDES)) {
    // AWS_REGION is reserved: Lambda sets it itself.
    if (name === 'AWS_REGION') continue;
    const value = valueAt(settings, path);
    if (value !== undefined) env[name] = envValue(value);
  }
  return env;
}

/**
 * The Powertools and runtime variables for one function.
 *
 * @example
 * runtimeEnvironment('aftershock-send').POWERTOOLS_METRICS_NAMESPACE // 'Aftershock'
 */
export function runtimeEnvironment(serviceName: string): RuntimeEnvironment {
  return {
    POWERTOOLS_SERVICE_NAME: serviceName,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
  };
}
