import type { Config } from '../../config.ts';
import { ConfigError } from '../../errors.ts';
import { applyEnvOverrides, parseConfig } from '../../load-config.ts';
import {
  dynamoDocumentClient,
  secretsManagerClient,
  sesClient,
} from '../../publish/aws/aws-clients.ts';
import { DynamoSubscriberStore } from '../../publish/aws/dynamo-subscriber-store.ts';
import { SesMailer } from '../../publish/aws/ses-mailer.ts';
import type { Mailer, SubscriberStore } from '../../publish/ports.ts';
import type { ViewRenderer } from '../../publish/subscription/view-renderer.ts';
import { lambdaLogger, logLine } from '../lambda-logger.ts';
import { subscriptionTemplates } from './subscription-templates.ts';
import { type TokenSecretSource, tokenSecretSourceFor } from './token-secret-source.ts';

/** What the subscribe, confirm and unsubscribe handlers are built from. */
export interface SubscriptionHandlerDeps {
  store: SubscriberStore;
  /** Sends confirmation mail (subscribe only). */
  mailer: Mailer;
  tokenSecret: TokenSecretSource;
  site: { title: string; baseUrl: string };
  /** Sender of confirmation mail. */
  from: string;
  /** Draws the pages and the confirmation email (templates/subscription/). */
  renderer: ViewRenderer;
  /** Clock (epoch ms); tests pass a fixed one. */
  now?: () => number;
  /** Log lines (addresses masked by the use cases). */
  log?: (line: string) => void;
}

/**
 * Builds the handlers' dependencies from a validated config: the DynamoDB store of
 * `aws.subscribersTable`, an SES mailer through `aws.sesConfigurationSet`, and the
 * token secret from config (the Secrets Manager seam is {@link TokenSecretSource}).
 */
export function subscriptionDepsFromConfig(config: Config): SubscriptionHandlerDeps {
  const table = config.aws.subscribersTable;
  if (table === undefined) {
    throw new ConfigError('aws.subscribersTable', 'is required (env AFTERSHOCK_SUBSCRIBERS_TABLE)');
  }
  return {
    store: new DynamoSubscriberStore(dynamoDocumentClient(config), table, {
      onInvalid: (item) => lambdaLogger.warn(`unreadable subscriber ${item.key}: ${item.reason}`),
    }),
    mailer: new SesMailer(sesClient(config), {
      configurationSetName: config.aws.sesConfigurationSet,
    }),
    tokenSecret: tokenSecretSourceFor(config, () => secretsManagerClient(config)),
    site: config.site,
    from: config.mail.from,
    renderer: subscriptionTemplates(),
    log: logLine,
  };
}

/**
 * A Lambda entry point that builds its real handler once, at cold start, from the
 * environment (`parseConfig(applyEnvOverrides({}, process.env))`).
 */
export function lazyHandler<E, R>(
  create: (deps: SubscriptionHandlerDeps) => (event: E) => Promise<R>,
): (event: E) => Promise<R> {
  let built: ((event: E) => Promise<R>) | null = null;
  return (event) => {
    built ??= create(subscriptionDepsFromConfig(parseConfig(applyEnvOverrides({}, process.env))));
    return built(event);
  };
}
