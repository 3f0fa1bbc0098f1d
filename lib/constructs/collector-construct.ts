import { Duration } from 'aws-cdk-lib';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { LambdaSettings } from '../lambda-environment.ts';
import { AftershockFunction } from './aftershock-function.ts';
import { LambdaSchedule } from './lambda-schedule.ts';
import { grantBucketAccess } from './least-privilege-grants.ts';

/** Settings of the collector. */
export interface CollectorConstructProps {
  entry: string;
  dataBucket: Bucket;
  settings: LambdaSettings;
  /** Collection tick, e.g. `rate(5 minutes)`. */
  schedule: string;
  timeZone: string;
}

/** The collector function and its tick: one market snapshot per run into the data bucket. */
export class CollectorConstruct extends Construct {
  public readonly collector: AftershockFunction;

  public constructor(scope: Construct, id: string, props: CollectorConstructProps) {
    super(scope, id);
    this.collector = new AftershockFunction(this, 'Collector', {
      entry: props.entry,
      service: 'collector',
      description: 'Collects one market snapshot from the venues (ccxt)',
      settings: props.settings,
      // A tick listens ~4 minutes to liquidation feeds; the next tick starts regardless.
      timeout: Duration.minutes(5),
      memorySizeMb: 512,
      payload: 'plain',
    });
    grantBucketAccess(this.collector.role, props.dataBucket, {
      objects: ['s3:GetObject', 's3:PutObject'],
      list: { prefix: 'snapshots/' },
    });
    new LambdaSchedule(this, 'Tick', {
      target: this.collector.fn,
      expression: props.schedule,
      timeZone: props.timeZone,
      input: { task: 'collect' },
      description: 'Aftershock collection tick',
      retryAttempts: 0,
    });
  }
}
