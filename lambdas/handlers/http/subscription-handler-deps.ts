import type * as z from 'zod';
import {
  dynamoDocumentClient,
  secretsManagerClient,
  sqsClient,
} from '../../publish/aws/aws-clients.ts';
import { DynamoRateCounter } from '../../publish/aws/dynamo-rate-counter.ts';
import { DynamoSubscriberStore } from '../../publish/aws/dynamo-subscriber-store.ts';
import { SqsConfirmationQueue } from '../../publish/aws/sqs-confirmation-queue.ts';
import type { SubscriberStore } from '../../publish/ports.ts';
import type { ConfirmationQueue } from '../../publish/subscription/confirmation-job.ts';
import type { RateCounter } from '../../publish/subscription/rate-counter.ts';
import type { ViewRenderer } from '../../publish/subscription/view-renderer.ts';
import type {
  confirmFunctionConfigSchema,
  linkFunctionConfigSchema,
  subscribeFunctionConfigSchema,
} from '../function-config.ts';
import { lambdaLogger, logLine } from '../lambda-logger.ts';
import { type OriginGuard, originSecretGuard } from './origin-guard.ts';
import { type SecretRingSource, secretsManagerRing } from './secret-ring.ts';
import { subscriptionTemplates } from './subscription-templates.ts';
import { tokenKeySourceFor } from './token-secret-source.ts';

/** What every public subscription handler is built from. */
export interface PublicHandlerDeps {
  /** Refuses requests that did not come through CloudFront (the local preview lets all in). */
  origin: OriginGuard;
  site: { title: string; baseUrl: string };
  /** Draws the pages (templates/subscription/). */
  renderer: ViewRenderer;
  /** Clock (epoch ms); tests pass a fixed one. */
  now?: () => number;
  /** Log lines (addresses masked by the use cases). */
  log?: (line: string) => void;
}

/** The subscribe endpoint: it queues sign-ups and counts them per client; it reads no subscriber. */
export interface SubscribeHandlerDeps extends PublicHandlerDeps {
  queue: ConfirmationQueue;
  limits: RateCounter;
  signupsPerIpPerHour: number;
}

/** The confirm and unsubscribe endpoints: the store and the link secrets. */
export interface LinkHandlerDeps extends PublicHandlerDeps {
  store: SubscriberStore;
  tokenKeys: SecretRingSource;
}

/** The confirm endpoint also hands each new subscriber to the mailer for its welcome. */
export interface ConfirmHandlerDeps extends LinkHandlerDeps {
  welcomeQueue: ConfirmationQueue;
}

/** CloudFront's origin header checked against the secret in Secrets Manager (current or previous). */
function originGuardFor(
  config: { aws: { originSecretArn: string } },
  client: ReturnType<typeof secretsManagerClient>,
): OriginGuard {
  return originSecretGuard(
    secretsManagerRing(client, config.aws.originSecretArn, { setting: 'aws.originSecretArn' }),
  );
}

/** The subscribe function's dependencies from its environment ({@link subscribeFunctionConfigSchema}). */
export function subscribeDeps(
  config: z.output<typeof subscribeFunctionConfigSchema>,
): SubscribeHandlerDeps {
  const secrets = secretsManagerClient(config);
  return {
    origin: originGuardFor(config, secrets),
    queue: new SqsConfirmationQueue(sqsClient(config), config.aws.confirmationQueueUrl),
    limits: new DynamoRateCounter(dynamoDocumentClient(config), config.aws.rateLimitTable),
    signupsPerIpPerHour: config.subscription.signupsPerIpPerHour,
    site: config.site,
    renderer: subscriptionTemplates(),
    log: logLine,
  };
}

/** The confirm and unsubscribe functions' dependencies ({@link linkFunctionConfigSchema}). */
export function linkDeps(config: z.output<typeof linkFunctionConfigSchema>): LinkHandlerDeps {
  const secrets = secretsManagerClient(config);
  return {
    origin: originGuardFor(config, secrets),
    store: new DynamoSubscriberStore(dynamoDocumentClient(config), config.aws.subscribersTable, {
      onInvalid: (item) => lambdaLogger.warn('unreadable subscriber', { ...item }),
    }),
    tokenKeys: tokenKeySourceFor(config, () => secrets),
    site: config.site,
    renderer: subscriptionTemplates(),
    log: logLine,
  };
}

/** The confirm function's dependencies ({@link confirmFunctionConfigSchema}). */
export function confirmDeps(
  config: z.output<typeof confirmFunctionConfigSchema>,
): ConfirmHandlerDeps {
  return {
    ...linkDeps(config),
    welcomeQueue: new SqsConfirmationQueue(sqsClient(config), config.aws.confirmationQueueUrl),
  };
}
