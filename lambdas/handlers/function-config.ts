import type * as z from 'zod';
import { awsConfigSchema, configSchema } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { applyEnvOverrides, ENV_OVERRIDES, parseConfigWith } from '../load-config.ts';

/*
 * Each function's environment, typed by the schema its handler validates (as
 * innovation-sandbox-on-aws types each Lambda by its environment schema): the config schema
 * with the AWS settings that function cannot run without made required. The stack builds the
 * function's environment from the same schema (lib/lambda-environment.ts), so a missing table
 * or queue is a type error in lib/ and a failed synth, not a cold-start crash.
 */

/** The collector: snapshots (and the markets cache) go to the data bucket. */
export const collectorFunctionConfigSchema = configSchema.extend({
  aws: awsConfigSchema.required({ dataBucket: true }),
});

/**
 * The scheduled reporters (detect, digest): snapshots from the data bucket, the flush state,
 * the site, and the send queue the reports' jobs go to.
 */
export const reporterFunctionConfigSchema = configSchema.extend({
  aws: awsConfigSchema.required({
    dataBucket: true,
    flushStateTable: true,
    siteBucket: true,
    sendQueueUrl: true,
  }),
});

/**
 * The report function (direct invoke, editors' ad-hoc events): snapshots and artefacts in the
 * data bucket, the site, and what a send-test or an inline send (no `sendQueueUrl`) mails with.
 */
export const reportFunctionConfigSchema = configSchema.extend({
  aws: awsConfigSchema.required({
    dataBucket: true,
    siteBucket: true,
    subscribersTable: true,
    ledgerTable: true,
  }),
});

/** The sender (SQS → SES): the stored emails, the subscribers and the ledger; not the site. */
export const sendFunctionConfigSchema = configSchema.extend({
  aws: awsConfigSchema.required({
    dataBucket: true,
    subscribersTable: true,
    ledgerTable: true,
  }),
});

/** The SES event handler (SNS): the subscribers it suppresses and the ledger it settles. */
export const sesEventsFunctionConfigSchema = configSchema.extend({
  aws: awsConfigSchema.required({ subscribersTable: true, ledgerTable: true }),
});

/** The subscribe endpoint: rate counters, the confirmation queue and the origin secret; no subscriber table. */
export const subscribeFunctionConfigSchema = configSchema.extend({
  aws: awsConfigSchema.required({
    rateLimitTable: true,
    confirmationQueueUrl: true,
    originSecretArn: true,
  }),
});

/** The confirm and unsubscribe endpoints: the subscriber table, the token secret, the origin secret. */
export const linkFunctionConfigSchema = configSchema.extend({
  aws: awsConfigSchema.required({
    subscribersTable: true,
    tokenSecretArn: true,
    originSecretArn: true,
  }),
});

/** The confirm endpoint: the link function's settings and the queue it hands welcomes to. */
export const confirmFunctionConfigSchema = configSchema.extend({
  aws: awsConfigSchema.required({
    subscribersTable: true,
    tokenSecretArn: true,
    originSecretArn: true,
    confirmationQueueUrl: true,
  }),
});

/** The confirmation mailer (SQS → SES): the subscriber table, the counters, the token secret, SES. */
export const confirmationMailFunctionConfigSchema = configSchema.extend({
  aws: awsConfigSchema.required({
    subscribersTable: true,
    rateLimitTable: true,
    tokenSecretArn: true,
    sesConfigurationSet: true,
  }),
});

/** The environment variable that sets `aws.<key>`, for error messages. */
function variableFor(key: string): string | undefined {
  return Object.entries(ENV_OVERRIDES).find(
    ([, path]) => path[0] === 'aws' && path[1] === key,
  )?.[0];
}

/**
 * The function's settings from its environment, validated by its schema. A missing required
 * setting is a ConfigError naming it and its variable, e.g.
 * `Invalid setting "aws.rateLimitTable": … (env AFTERSHOCK_RATE_LIMIT_TABLE)`.
 */
export function loadFunctionConfig<S extends z.ZodType>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): z.output<S> {
  try {
    // An empty aws section to start from, so an error names the first missing key.
    return parseConfigWith(schema, applyEnvOverrides({ aws: {} }, env));
  } catch (error) {
    if (!(error instanceof ConfigError) || !error.setting.startsWith('aws.')) throw error;
    const variable = variableFor(error.setting.slice(4));
    if (variable === undefined) throw error;
    const detail = error.message.replace(/^Invalid setting "[^"]+": /, '');
    throw new ConfigError(error.setting, `${detail} (env ${variable})`, { cause: error });
  }
}
