import { Duration } from 'aws-cdk-lib';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { collectorFunctionConfigSchema } from '../../lambdas/handlers/function-config.ts';
import type { LambdaSettingsFor } from '../lambda-environment.ts';
import { type AftershockFunction, typedFunction } from './aftershock-function.ts';
import { LambdaSchedule } from './lambda-schedule.ts';
import { grantBucketAccess } from './least-privilege-grants.ts';

/** Settings of the collector. */
export interface CollectorConstructProps {
  entry: string;
  dataBucket: Bucket;
  /** Checked against the collector's schema: a missing data bucket fails the compiler. */
  settings: LambdaSettingsFor<typeof collectorFunctionConfigSchema>;
  /** Collection tick, e.g. `rate(5 minutes)`. */
  schedule: string;
  timeZone: string;
}

/** The collector function and its tick: one market snapshot per run into the data bucket. */
/** The collector's timeout: longer than one tick plus its listening lead (5.5 minutes). */
export const COLLECTOR_TIMEOUT_MINUTES = 7;

export class CollectorConstruct extends Construct {
  public readonly collector: AftershockFunction;

  public constructor(scope: Construct, id: string, props: CollectorConstructProps) {
    super(scope, id);
    this.collector = typedFunction(this, 'Collector', {
      configSchema: collectorFunctionConfigSchema,
      entry: props.entry,
      service: 'collector',
      description: 'Collects one market snapshot from the venues (ccxt)',
      settings: props.settings,
      // A tick listens from its start until 30 s past the next 5-minute grid point (tick +
      // lead = 5.5 min, see lambdas/handlers/collector-handler.ts) so windows stay contiguous;
      // two runs overlap by design. 7 minutes leaves room for loading markets and the write.
      timeout: Duration.minutes(COLLECTOR_TIMEOUT_MINUTES),
      memorySizeMb: 512,
      payload: 'plain',
    });
    grantBucketAccess(this.collector.role, props.dataBucket, {
      objects: ['s3:GetObject', 's3:PutObject'],
      prefixes: ['snapshots/', 'markets/', 'rollups/'],
      // Unconditioned ListBucket so a day without a rollup yet reads as NoSuchKey (a new day),
      // not AccessDenied; it lists key names only.
      list: {},
      why: 'A snapshot key is the time of its tick (snapshots/YYYY/MM/DD/HH/<takenAt>.json.gz), a markets cache key the venue (markets/<venue>.json.gz) and a rollup key its UTC day (rollups/YYYY/MM/DD.json.gz and the market beyond the assets in rollups/market/YYYY/MM/DD.json.gz, the hourly market history in rollups/market-history/YYYY/MM.json.gz, read and rewritten each tick); only these three prefixes.',
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
