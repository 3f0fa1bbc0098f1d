import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type FunctionUrl, FunctionUrlAuthType, HttpMethod } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  confirmationMailFunctionConfigSchema,
  confirmFunctionConfigSchema,
  linkFunctionConfigSchema,
  subscribeFunctionConfigSchema,
} from '../../lambdas/handlers/function-config.ts';
import {
  RATE_LIMIT_KEY_ATTRIBUTE,
  RATE_LIMIT_TTL_ATTRIBUTE,
} from '../../lambdas/publish/aws/dynamo-rate-counter.ts';
import type { HandlerEntries } from '../handler-entries.ts';
import type { LambdaSettings } from '../lambda-environment.ts';
import { acknowledge } from '../nag-acknowledge.ts';
import { type AftershockFunction, typedFunction } from './aftershock-function.ts';
import { grantTableActions } from './least-privilege-grants.ts';
import type { MailingConstruct } from './mailing-construct.ts';
import type { ApiRoute } from './site-construct.ts';

/** Settings of the public subscription endpoints. */
export interface SubscriptionApiConstructProps {
  entries: Pick<
    HandlerEntries,
    'subscribe' | 'confirm' | 'unsubscribe' | 'preferences' | 'confirmationMail'
  >;
  subscribers: Table;
  mailing: MailingConstruct;
  /** Site, mail and subscription settings; each function gets only the AWS keys it uses. */
  settings: Pick<LambdaSettings, 'assets' | 'site' | 'mail' | 'subscription'>;
  /** `https://<site domain>`: the only origin a browser may call the URLs from. */
  siteOrigin: string;
  /** Concurrency reserved for (and capping) each public function. */
  reservedConcurrency: number;
}

type Endpoint = 'subscribe' | 'confirm' | 'unsubscribe' | 'preferences';

/** Sign-up jobs waiting for their confirmation mail are tried this often before the DLQ. */
export const CONFIRMATION_MAX_RECEIVE_COUNT = 5;

/**
 * The public subscription capability: subscribe / confirm / unsubscribe / preferences, each
 * behind a Lambda
 * function URL that CloudFront serves as `/api/<name>` on the site's own domain, and the
 * confirmation mailer behind its queue.
 *
 * - Reachable only through CloudFront. `confirm` (GET only) is `AWS_IAM` behind CloudFront
 *   origin access control, so Lambda itself refuses unsigned calls. `subscribe` and
 *   `unsubscribe` must take POSTs from browsers and mail providers, and OAC for function URLs
 *   requires the viewer to send `x-amz-content-sha256` of a POST body, which a form or an RFC
 *   8058 one-click POST never does; so they stay `NONE` and their handlers refuse any request
 *   without the origin secret header CloudFront adds (from Secrets Manager). All three check it.
 * - `subscribe` only validates, counts the client network (rate-limit table) and queues;
 *   the confirmation-mail function (SQS) stores the sign-up, counts the mailbox's mail for the
 *   day and mails the link, so the answer never depends on the address or on SES.
 * - Each public function has reserved concurrency, and the least it needs on each table.
 */
export class SubscriptionApiConstruct extends Construct {
  public readonly functions: Record<Endpoint | 'confirmationMail', AftershockFunction>;
  public readonly urls: Record<Endpoint, FunctionUrl>;
  /** Counters of sign-ups per client network and of confirmation mails per mailbox. */
  public readonly rateLimits: Table;
  public readonly confirmationQueue: Queue;
  public readonly confirmationDlq: Queue;
  /** The value CloudFront sends as the origin header; the public handlers require it. */
  public readonly originSecret: Secret;

  public constructor(scope: Construct, id: string, props: SubscriptionApiConstructProps) {
    super(scope, id);
    this.rateLimits = new Table(this, 'RateLimits', {
      partitionKey: { name: RATE_LIMIT_KEY_ATTRIBUTE, type: AttributeType.STRING },
      timeToLiveAttribute: RATE_LIMIT_TTL_ATTRIBUTE,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.rateLimits,
      'AwsSolutions-DDB3',
      'Counters of the current hour and day only (TTL deletes them a day later); a point-in-time restore of them would serve no one.',
    );
    this.confirmationDlq = new Queue(this, 'ConfirmationDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.confirmationQueue = new Queue(this, 'ConfirmationQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Above the mailer's timeout, so a job being mailed is not delivered twice.
      visibilityTimeout: Duration.seconds(90),
      // A confirmation link older than a day is worth less than a fresh sign-up.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: {
        queue: this.confirmationDlq,
        maxReceiveCount: CONFIRMATION_MAX_RECEIVE_COUNT,
      },
    });
    this.originSecret = new Secret(this, 'OriginSecret', {
      description: 'Header value CloudFront adds to requests for the Aftershock API functions',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    acknowledge(
      this.originSecret,
      'AwsSolutions-SMG4',
      'Rotated by hand with put-secret-value, then cdk deploy (CloudFront resolves the header value at deploy time, which no rotation Lambda can redo); the functions accept AWSCURRENT and AWSPREVIOUS, so the rotation has no gap (README "Rotating the secrets").',
    );

    const subscribe = typedFunction(this, 'Subscribe', {
      ...this.publicProps('subscribe', 'Queues a double opt-in sign-up', props),
      configSchema: subscribeFunctionConfigSchema,
      settings: {
        ...props.settings,
        aws: {
          rateLimitTable: this.rateLimits.tableName,
          confirmationQueueUrl: this.confirmationQueue.queueUrl,
          originSecretArn: this.originSecret.secretArn,
        },
      },
    });
    grantTableActions(subscribe.role, this.rateLimits, ['dynamodb:UpdateItem']);
    this.confirmationQueue.grantSendMessages(subscribe.role);

    const linkSettings = {
      ...props.settings,
      aws: {
        subscribersTable: props.subscribers.tableName,
        tokenSecretArn: props.mailing.tokenSecret.secretArn,
        originSecretArn: this.originSecret.secretArn,
      },
    };
    const confirm = typedFunction(this, 'Confirm', {
      ...this.publicProps('confirm', 'Confirms a subscription from the emailed link', props),
      configSchema: confirmFunctionConfigSchema,
      // It hands each new subscriber to the confirmation mailer for the welcome mail.
      settings: {
        ...linkSettings,
        aws: { ...linkSettings.aws, confirmationQueueUrl: this.confirmationQueue.queueUrl },
      },
    });
    this.confirmationQueue.grantSendMessages(confirm.role);
    const unsubscribe = typedFunction(this, 'Unsubscribe', {
      ...this.publicProps(
        'unsubscribe',
        'Unsubscribes from a link or a one-click List-Unsubscribe POST',
        props,
      ),
      configSchema: linkFunctionConfigSchema,
      settings: linkSettings,
    });
    const preferences = typedFunction(this, 'Preferences', {
      ...this.publicProps(
        'preferences',
        "Shows and saves a subscriber's assets and kinds of mail from the emailed link",
        props,
      ),
      configSchema: linkFunctionConfigSchema,
      settings: linkSettings,
    });
    for (const fn of [subscribe, confirm, unsubscribe, preferences]) {
      this.originSecret.grantRead(fn.role);
    }
    for (const fn of [confirm, unsubscribe, preferences]) {
      // Reads one subscriber and updates it in place: no Scan, BatchWrite or Delete (audit D18).
      grantTableActions(fn.role, props.subscribers, ['dynamodb:GetItem', 'dynamodb:UpdateItem']);
      props.mailing.tokenSecret.grantRead(fn.role);
    }

    const confirmationMail = typedFunction(this, 'ConfirmationMail', {
      entry: props.entries.confirmationMail,
      service: 'confirmation-mail',
      description:
        'Stores queued sign-ups and mails their confirmation link, within the limits; welcomes confirmed subscribers once',
      configSchema: confirmationMailFunctionConfigSchema,
      settings: {
        ...props.settings,
        aws: {
          subscribersTable: props.subscribers.tableName,
          rateLimitTable: this.rateLimits.tableName,
          tokenSecretArn: props.mailing.tokenSecret.secretArn,
          sesConfigurationSet: props.mailing.configurationSet.configurationSetName,
        },
      },
      timeout: Duration.seconds(60),
      memorySizeMb: 256,
      payload: 'templates',
    });
    confirmationMail.fn.addEventSource(
      new SqsEventSource(this.confirmationQueue, {
        batchSize: 10,
        maxConcurrency: 2,
        reportBatchItemFailures: true,
      }),
    );
    // Reads a subscriber and writes the pending sign-up (or the welcome mark) conditionally; no Scan or Delete.
    grantTableActions(confirmationMail.role, props.subscribers, [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
    grantTableActions(confirmationMail.role, this.rateLimits, ['dynamodb:UpdateItem']);
    props.mailing.tokenSecret.grantRead(confirmationMail.role);
    props.mailing.grantSend(confirmationMail.role);

    this.functions = { subscribe, confirm, unsubscribe, preferences, confirmationMail };
    this.urls = {
      subscribe: this.publicUrl(subscribe, props.siteOrigin, FunctionUrlAuthType.NONE),
      confirm: this.publicUrl(confirm, props.siteOrigin, FunctionUrlAuthType.AWS_IAM),
      unsubscribe: this.publicUrl(unsubscribe, props.siteOrigin, FunctionUrlAuthType.NONE),
      // Its form POSTs from a browser, which cannot sign a body for OAC (as for unsubscribe).
      preferences: this.publicUrl(preferences, props.siteOrigin, FunctionUrlAuthType.NONE),
    };
  }

  /** CloudFront behaviours for the site: `/api/<name>` → function URL (confirm signed with OAC). */
  public routes(): ApiRoute[] {
    return (Object.entries(this.urls) as Array<[Endpoint, FunctionUrl]>).map(([name, url]) => ({
      pathPattern: `/api/${name}`,
      url,
      signed: name === 'confirm',
    }));
  }

  /** What every public function shares: 10 s, 256 MB, the templates, reserved concurrency. */
  private publicProps(name: Endpoint, description: string, props: SubscriptionApiConstructProps) {
    return {
      entry: props.entries[name],
      service: name,
      description,
      timeout: Duration.seconds(10),
      memorySizeMb: 256,
      payload: 'templates' as const,
      reservedConcurrency: props.reservedConcurrency,
    };
  }

  private publicUrl(
    fn: AftershockFunction,
    siteOrigin: string,
    authType: FunctionUrlAuthType,
  ): FunctionUrl {
    return fn.fn.addFunctionUrl({
      authType,
      cors: {
        allowedOrigins: [siteOrigin],
        allowedMethods: [HttpMethod.GET, HttpMethod.POST],
        allowedHeaders: ['content-type'],
        maxAge: Duration.hours(1),
      },
    });
  }
}
