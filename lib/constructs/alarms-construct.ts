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

/** What the alarms watch. */
export interface AlarmsConstructProps {
  /** Every function, by a short name used in the alarm's name. */
  functions: Record<string, IFunction>;
  collector: IFunction;
  deadLetterQueue: IQueue;
  /** Powertools service name of the sender (the metric's `service` dimension). */
  senderServiceName: string;
  alarmEmail?: string;
}

/** Alarms on errors, the DLQ, missed collection ticks and send failures, all to one SNS topic. */
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
