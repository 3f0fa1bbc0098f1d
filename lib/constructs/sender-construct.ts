import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { HandlerEntries } from '../handler-entries.ts';
import type { LambdaSettings } from '../lambda-environment.ts';
import { AftershockFunction } from './aftershock-function.ts';
import { grantBucketAccess } from './least-privilege-grants.ts';
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
  settings: LambdaSettings;
  /** Account-wide SES rate; split across {@link SENDER_MAX_CONCURRENCY} instances. */
  sesMaxSendRatePerSecond: number;
}

/** The sender (SQS → SES, idempotent through the ledger) and the bounce/complaint handler. */
export class SenderConstruct extends Construct {
  public readonly send: AftershockFunction;
  public readonly sesEvents: AftershockFunction;

  public constructor(scope: Construct, id: string, props: SenderConstructProps) {
    super(scope, id);
    const perInstanceRate = props.sesMaxSendRatePerSecond / SENDER_MAX_CONCURRENCY;
    this.send = new AftershockFunction(this, 'Send', {
      entry: props.entries.send,
      service: 'send',
      description: 'Mails one report to the subscribers, paced to the SES rate',
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
      list: {},
    });
    props.subscribers.grantReadWriteData(this.send.role);
    props.ledger.grantReadWriteData(this.send.role);
    props.mailing.grantSend(this.send.role);
    props.mailing.tokenSecret.grantRead(this.send.role);

    this.sesEvents = new AftershockFunction(this, 'SesEvents', {
      entry: props.entries.sesEvents,
      service: 'ses-events',
      description: 'Marks bounced and complaining addresses; settles sends whose answer was lost',
      settings: props.settings,
      timeout: Duration.seconds(30),
      memorySizeMb: 256,
      payload: 'plain',
    });
    props.mailing.sesEvents.addSubscription(new LambdaSubscription(this.sesEvents.fn));
    props.subscribers.grantReadWriteData(this.sesEvents.role);
    // Settling an unknown message is a read and a conditional put of its ledger entry.
    props.ledger.grant(this.sesEvents.role, 'dynamodb:GetItem', 'dynamodb:PutItem');
  }
}
