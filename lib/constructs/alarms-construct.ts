import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../lambda-environment.ts';

/** Custom metric the sender emits (Powertools Metrics) for each address it failed to mail. */
export const SEND_FAILURES_METRIC = 'SendFailures';

/**
 * Reputation alarms fire at half of SES's review thresholds (bounces 5 %, complaints 0.1 %;
 * AWS reviews an account there and may pause sending at twice that), so there is time to act.
 * Gmail's bulk-sender ceiling for spam complaints is 0.3 %, above both.
 */
export const SES_BOUNCE_RATE_ALARM = 0.025;
/** See {@link SES_BOUNCE_RATE_ALARM}. */
export const SES_COMPLAINT_RATE_ALARM = 0.0005;

/** What the alarms watch. */
export interface AlarmsConstructProps {
  /** Every function, by a short name used in the alarm's name. */
  functions: Record<string, IFunction>;
  collector: IFunction;
  /** The send jobs' DLQ (alarm `DlqNotEmpty`). */
  deadLetterQueue: IQueue;
  /** Further dead-letter queues by a short name (alarm `<name>NotEmpty`). */
  otherDeadLetterQueues?: Record<string, IQueue>;
  /** Powertools service name of the sender (the metric's `service` dimension). */
  senderServiceName: string;
  alarmEmail?: string;
}

/**
 * Alarms on errors, the dead-letter queues, missed collection ticks, send failures and the SES
 * account's bounce and complaint rates, all to one SNS topic.
 */
export class AlarmsConstruct extends Construct {
  /** Operators subscribe here (email, chat webhook). */
  public readonly topic: Topic;
  public readonly alarms: Alarm[] = [];

  public constructor(scope: Construct, id: string, props: AlarmsConstructProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { enforceSSL: true, displayName: 'Aftershock alarms' });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(
        `${name}Errors`,
        `${name} function failed`,
        fn.metricErrors({ period: Duration.minutes(5) }),
        {
          threshold: 1,
        },
      );
    }
    this.add(
      'DlqNotEmpty',
      'A send job gave up and sits in the dead-letter queue',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
      }),
      { threshold: 1 },
    );
    for (const [name, queue] of Object.entries(props.otherDeadLetterQueues ?? {})) {
      this.add(
        `${name}NotEmpty`,
        `Messages gave up and sit in ${name}`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        { threshold: 1 },
      );
    }
    // Account-wide SES reputation (no dimensions), as the SES console shows it.
    for (const [id, metricName, threshold, what] of [
      ['SesBounceRate', 'Reputation.BounceRate', SES_BOUNCE_RATE_ALARM, 'bounce'],
      ['SesComplaintRate', 'Reputation.ComplaintRate', SES_COMPLAINT_RATE_ALARM, 'complaint'],
    ] as const) {
      this.add(
        id,
        `The SES ${what} rate reached ${threshold * 100} %, half the rate at which SES reviews the account`,
        new Metric({
          namespace: 'AWS/SES',
          metricName,
          statistic: 'Maximum',
          period: Duration.hours(1),
        }),
        { threshold },
      );
    }
    this.add(
      'MissedCollectionTicks',
      'No collection ran in the last 10 minutes',
      props.collector.metricInvocations({ period: Duration.minutes(10) }),
      { threshold: 1, below: true, missing: TreatMissingData.BREACHING },
    );
    this.add(
      'SendFailures',
      'The sender failed to mail some subscribers',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: SEND_FAILURES_METRIC,
        dimensionsMap: { service: props.senderServiceName },
        statistic: 'Sum',
        period: Duration.minutes(15),
      }),
      { threshold: 1 },
    );
  }

  private add(
    id: string,
    description: string,
    metric: Metric,
    options: { threshold: number; below?: boolean; missing?: TreatMissingData },
  ): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: options.threshold,
      evaluationPeriods: 1,
      comparisonOperator: options.below
        ? ComparisonOperator.LESS_THAN_THRESHOLD
        : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
