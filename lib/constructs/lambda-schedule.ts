import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';

/** One recurring EventBridge Scheduler invocation of a function. */
export interface LambdaScheduleProps {
  target: IFunction;
  /** `rate(…)` or `cron(…)`, already validated by the stack settings. */
  expression: string;
  timeZone: string;
  /** JSON the function receives as its event. */
  input: Record<string, unknown>;
  description: string;
  /** A missed run is not retried when the next one makes it moot (collection ticks). */
  retryAttempts: number;
}

/**
 * A schedule with its flexible window off (runs at the minute given) and a role
 * that may invoke exactly the target function, only for this account's schedules.
 */
export class LambdaSchedule extends Construct {
  public readonly schedule: CfnSchedule;

  public constructor(scope: Construct, id: string, props: LambdaScheduleProps) {
    super(scope, id);
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: props.description,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [props.target.functionArn],
      }),
    );
    this.schedule = new CfnSchedule(this, 'Schedule', {
      description: props.description,
      scheduleExpression: props.expression,
      scheduleExpressionTimezone: props.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: props.target.functionArn,
        roleArn: role.roleArn,
        input: JSON.stringify(props.input),
        retryPolicy: { maximumRetryAttempts: props.retryAttempts, maximumEventAgeInSeconds: 300 },
      },
    });
  }
}
