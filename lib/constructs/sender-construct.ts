import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  sendFunctionConfigSchema,
  sesEventsFunctionConfigSchema,
} from '../../lambdas/handlers/function-config.ts';
import type { HandlerEntries } from '../handler-entries.ts';
import type { LambdaSettingsFor } from '../lambda-environment.ts';
import { acknowledge } from '../nag-acknowledge.ts';
import { AftershockFunction } from './aftershock-function.ts';
import { grantBucketAccess, grantTableActions } from './least-privilege-grants.ts';
import { type MailingConstruct, SEND_FUNCTION_TIMEOUT } from './mailing-construct.ts';

/**
 * Send jobs processed at once. 2 is the least an SQS event source allows; each
 * instance paces itself to its share of the SES rate, so together they stay within it.
 */
export const SENDER_MAX_CONCURRENCY = 2;

/** Settings of the sender and the SES events function. */
export interface SenderConstructProps {
  entries: Pick<HandlerEntries, 'send' | 'sesEvents'>;
  dataBucket: Bucket;
  subscribers: Table;
  ledger: Table;
  mailing: MailingConstruct;
  /** What the send and SES-events functions' schemas require, checked by the compiler. */
  settings: LambdaSettingsFor<typeof sendFunctionConfigSchema> &
    LambdaSettingsFor<typeof sesEventsFunctionConfigSchema>;
  /** Account-wide SES rate; split across {@link SENDER_MAX_CONCURRENCY} instances. */
  sesMaxSendRatePerSecond: number;
}

/** The sender (SQS → SES, idempotent through the ledger) and the bounce/complaint handler with its DLQ. */
export class SenderConstruct extends Construct {
  public readonly send: AftershockFunction;
  public readonly sesEvents: AftershockFunction;
  /** Bounce and complaint events that could not be recorded; an alarm watches it. */
  public readonly sesEventsDlq: Queue;

  public constructor(scope: Construct, id: string, props: SenderConstructProps) {
    super(scope, id);
    const perInstanceRate = props.sesMaxSendRatePerSecond / SENDER_MAX_CONCURRENCY;
    this.send = new AftershockFunction(this, 'Send', {
      entry: props.entries.send,
      service: 'send',
      description: 'Mails one report to the subscribers, paced to the SES rate',
      configSchema: sendFunctionConfigSchema,
      settings: {
        ...props.settings,
        aws: { ...props.settings.aws, sesMaxSendRatePerSecond: perInstanceRate },
      },
      timeout: SEND_FUNCTION_TIMEOUT,
      memorySizeMb: 512,
      payload: 'templates',
    });
    this.send.fn.addEventSource(
      new SqsEventSource(props.mailing.queue, {
        batchSize: 1,
        maxConcurrency: SENDER_MAX_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );
    grantBucketAccess(this.send.role, props.dataBucket, {
      objects: ['s3:GetObject', 's3:PutObject'],
      prefixes: ['report-mail/'],
      list: {},
      why: 'Reads each report’s rendered email and writes its send summary under report-mail/<report id>/, an id known only from the send job.',
    });
    // Pages through active subscribers (Scan) and may mark one (UpdateItem); never Put/Delete/BatchWrite.
    grantTableActions(this.send.role, props.subscribers, [
      'dynamodb:Scan',
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
    ]);
    props.ledger.grantReadWriteData(this.send.role);
    props.mailing.grantSend(this.send.role);
    props.mailing.tokenSecret.grantRead(this.send.role);

    this.sesEvents = new AftershockFunction(this, 'SesEvents', {
      entry: props.entries.sesEvents,
      service: 'ses-events',
      description: 'Marks bounced and complaining addresses; settles sends whose answer was lost',
      configSchema: sesEventsFunctionConfigSchema,
      settings: props.settings,
      timeout: Duration.seconds(30),
      memorySizeMb: 256,
      payload: 'plain',
    });
    // An event SNS cannot deliver (the function throttled or gone) goes to the DLQ instead of
    // being dropped after SNS's retries; one the function fails on twice (async retries) goes
    // there too, as its on-failure destination. A lost bounce would keep mailing a dead address.
    this.sesEventsDlq = new Queue(this, 'SesEventsDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.sesEventsDlq,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue: of the SNS subscription of the SES events function and of its on-failure destination.',
    );
    props.mailing.sesEvents.addSubscription(
      new LambdaSubscription(this.sesEvents.fn, { deadLetterQueue: this.sesEventsDlq }),
    );
    this.sesEvents.fn.configureAsyncInvoke({
      onFailure: new SqsDestination(this.sesEventsDlq),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    // recordSesEvent only sets a status (one conditional UpdateItem per recipient).
    grantTableActions(this.sesEvents.role, props.subscribers, ['dynamodb:UpdateItem']);
    // Settling an unknown message is a read and a conditional put of its ledger entry.
    props.ledger.grant(this.sesEvents.role, 'dynamodb:GetItem', 'dynamodb:PutItem');
  }
}
