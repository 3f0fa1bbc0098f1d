import { RecipientRejectedError } from '../errors.ts';
import {
  dynamoDocumentClient,
  secretsManagerClient,
  sesClient,
} from '../publish/aws/aws-clients.ts';
import { DynamoRateCounter } from '../publish/aws/dynamo-rate-counter.ts';
import { DynamoSubscriberStore } from '../publish/aws/dynamo-subscriber-store.ts';
import { SesMailer } from '../publish/aws/ses-mailer.ts';
import { HeaderInjectionError, InvalidEmailError } from '../publish/publish-errors.ts';
import {
  InvalidConfirmationJobError,
  isWelcomeJob,
  parseConfirmationJob,
} from '../publish/subscription/confirmation-job.ts';
import { type SubscribeContext, subscribe } from '../publish/subscription/subscribe.ts';
import { InvalidSubscriptionError } from '../publish/subscription/subscription-errors.ts';
import { sendWelcome } from '../publish/subscription/welcome.ts';
import { errorText } from '../shared/error-text.ts';
import { defineHandler } from './define-handler.ts';
import { confirmationMailFunctionConfigSchema } from './function-config.ts';
import { maskEmailsIn } from './http/error-response.ts';
import type { SecretRingSource } from './http/secret-ring.ts';
import { subscriptionTemplates } from './http/subscription-templates.ts';
import { tokenKeySourceFor } from './http/token-secret-source.ts';
import { lambdaLogger, logLine } from './lambda-logger.ts';

/** The parts of an SQS event this handler reads. */
export interface ConfirmationSqsEvent {
  Records: Array<{ messageId: string; body: string }>;
}

/** SQS partial-batch response: the messages to deliver again. */
export interface ConfirmationBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** What the handler needs: the sign-up context without its secret, which is read per batch. */
export interface ConfirmationMailHandlerDeps extends Omit<SubscribeContext, 'tokenSecret'> {
  /** The link secrets; the current one signs (read per batch, so a rotation is picked up). */
  tokenKeys: SecretRingSource;
  /** `reporting.followUpMail`, which the welcome mail describes. */
  followUpMail: 'when-changed' | 'always' | 'off';
  now?: () => number;
}

/** Errors that no retry can fix: the job is dropped (and logged), not delivered again. */
function isPermanent(error: unknown): boolean {
  return (
    error instanceof InvalidConfirmationJobError ||
    error instanceof InvalidEmailError ||
    error instanceof InvalidSubscriptionError ||
    error instanceof HeaderInjectionError ||
    error instanceof RecipientRejectedError
  );
}

/**
 * The confirmation mailer: each SQS message is one sign-up the subscribe endpoint queued,
 * run through {@link subscribe} (store it as pending, count the mailbox's mail for the day,
 * mail the link), or one address the confirm endpoint confirmed, welcomed once by
 * {@link sendWelcome}. A failure that a retry may fix (SES throttling or outage, DynamoDB) is a
 * batch item failure, so SQS delivers the job again and, after 5 tries, to the dead-letter
 * queue; a job that can never succeed (malformed, an address SES refuses) is logged and dropped.
 * Addresses in log lines are masked.
 */
export function createConfirmationMailHandler(deps: ConfirmationMailHandlerDeps) {
  return async (event: ConfirmationSqsEvent): Promise<ConfirmationBatchResponse> => {
    const batchItemFailures: ConfirmationBatchResponse['batchItemFailures'] = [];
    const tokenSecret = (await deps.tokenKeys.get()).current;
    for (const record of event.Records) {
      try {
        const job = parseConfirmationJob(record.body);
        const nowMs = deps.now?.() ?? Date.now();
        if (isWelcomeJob(job)) await sendWelcome({ ...deps, tokenSecret }, job, nowMs);
        else await subscribe({ ...deps, tokenSecret }, job, nowMs);
      } catch (error) {
        const reason = maskEmailsIn(errorText(error));
        const permanent = isPermanent(error);
        deps.log?.(
          `confirmation job ${record.messageId} ${permanent ? 'dropped' : 'will be retried'}: ${reason}`,
        );
        if (!permanent) batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

/** Lambda entry point; the store, mailer and counters are built once per container. */
export const handler = defineHandler(confirmationMailFunctionConfigSchema, (config) => {
  const doc = dynamoDocumentClient(config);
  return createConfirmationMailHandler({
    store: new DynamoSubscriberStore(doc, config.aws.subscribersTable, {
      onInvalid: (item) => lambdaLogger.warn('unreadable subscriber', { ...item }),
    }),
    mailer: new SesMailer(sesClient(config), {
      configurationSetName: config.aws.sesConfigurationSet,
    }),
    tokenKeys: tokenKeySourceFor(config, () => secretsManagerClient(config)),
    limits: new DynamoRateCounter(doc, config.aws.rateLimitTable),
    confirmationsPerMailboxPerDay: config.subscription.confirmationsPerMailboxPerDay,
    followUpMail: config.reporting.followUpMail,
    site: config.site,
    from: config.mail.from,
    renderer: subscriptionTemplates(),
    log: logLine,
  });
});
