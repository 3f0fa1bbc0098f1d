import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type * as z from 'zod';
import {
  reporterFunctionConfigSchema,
  reportFunctionConfigSchema,
} from '../../lambdas/handlers/function-config.ts';
import type { HandlerEntries } from '../handler-entries.ts';
import type { LambdaSettingsFor } from '../lambda-environment.ts';
import { AftershockFunction } from './aftershock-function.ts';
import { LambdaSchedule } from './lambda-schedule.ts';
import { grantBucketAccess } from './least-privilege-grants.ts';
import type { MailingConstruct } from './mailing-construct.ts';

/** Settings of the reporting functions and their schedules. */
export interface ReporterConstructProps {
  entries: Pick<HandlerEntries, 'detect' | 'digest' | 'report'>;
  siteBucket: Bucket;
  dataBucket: Bucket;
  flushState: Table;
  mailing: MailingConstruct;
  /** What the detect, digest and report functions' schemas require, checked by the compiler. */
  settings: LambdaSettingsFor<typeof reporterFunctionConfigSchema> &
    LambdaSettingsFor<typeof reportFunctionConfigSchema>;
  schedules: { detect: string; followUps: string; digest: string; timeZone: string };
}

/**
 * The functions that render reports (charts, pages, emails) — all carry the canvas,
 * the font and the templates:
 * - `detect` runs one minute after each collection tick, finds a qualifying flush
 *   (per-asset cooldown in the flush-state table) and publishes the flash report in
 *   the same invocation; a second schedule sends it `{ task: 'follow-ups' }` to publish
 *   the +4h/+24h/+72h follow-ups that are due.
 * - `digest` publishes the daily digest.
 * - `report` is the editors' ad-hoc function (IAM-invoked only, see EditorsConstruct).
 */
export class ReporterConstruct extends Construct {
  public readonly detect: AftershockFunction;
  public readonly digest: AftershockFunction;
  public readonly report: AftershockFunction;

  public constructor(scope: Construct, id: string, props: ReporterConstructProps) {
    super(scope, id);
    this.detect = this.renderer(
      'Detect',
      props.entries.detect,
      'detect',
      'Detects flushes; publishes flash reports and due follow-ups',
      reporterFunctionConfigSchema,
      props,
    );
    this.digest = this.renderer(
      'Digest',
      props.entries.digest,
      'digest',
      'Publishes the daily digest',
      reporterFunctionConfigSchema,
      props,
    );
    this.report = this.renderer(
      'Report',
      props.entries.report,
      'report',
      'Renders and publishes one report on request (editors)',
      reportFunctionConfigSchema,
      props,
    );
    props.flushState.grantReadWriteData(this.detect.role);
    props.flushState.grantReadWriteData(this.digest.role);
    const { schedules } = props;
    const common = { timeZone: schedules.timeZone, retryAttempts: 1 };
    new LambdaSchedule(this, 'DetectSchedule', {
      ...common,
      target: this.detect.fn,
      expression: schedules.detect,
      input: { task: 'detect' },
      description: 'Aftershock flush detection after each collection tick',
    });
    new LambdaSchedule(this, 'FollowUpSchedule', {
      ...common,
      target: this.detect.fn,
      expression: schedules.followUps,
      input: { task: 'follow-ups' },
      description: 'Aftershock follow-up reports that are due',
    });
    new LambdaSchedule(this, 'DigestSchedule', {
      ...common,
      target: this.digest.fn,
      expression: schedules.digest,
      input: { task: 'digest', kind: 'digest' },
      description: 'Aftershock daily digest',
    });
  }

  private renderer(
    id: string,
    entry: string,
    service: string,
    description: string,
    configSchema: z.ZodType,
    props: ReporterConstructProps,
  ): AftershockFunction {
    const fn = new AftershockFunction(this, id, {
      entry,
      service,
      description,
      configSchema,
      settings: props.settings,
      timeout: Duration.minutes(3),
      // Chart rendering with the canvas is CPU-bound; more memory is more CPU.
      memorySizeMb: 1536,
      payload: 'report',
    });
    // ListBucket lets a missing page read as NoSuchKey instead of AccessDenied.
    grantBucketAccess(fn.role, props.siteBucket, {
      objects: ['s3:GetObject', 's3:PutObject'],
      list: {},
      why: 'The site is the whole bucket: each report adds reports/YYYY/MM/DD/<slug>/ and rewrites the index, archive pages, asset pages, feeds, sitemap, manifest and drafts/<id>/.',
    });
    grantBucketAccess(fn.role, props.dataBucket, {
      objects: ['s3:GetObject'],
      prefixes: ['snapshots/', 'rollups/'],
      list: {},
      why: 'Reads the day rollups a detection or report covers (rollups/YYYY/MM/DD.json.gz; a market report also the market beyond the assets, rollups/market/YYYY/MM/DD.json.gz, and the months of market history it ranks against, rollups/market-history/YYYY/MM.json.gz) and the snapshots of the hours an ad-hoc report covers, keyed by tick time (snapshots/YYYY/MM/DD/HH/…); read only, these prefixes only.',
    });
    grantBucketAccess(fn.role, props.dataBucket, {
      objects: ['s3:GetObject', 's3:PutObject'],
      prefixes: ['report-mail/'],
      why: 'Stores and reads each report’s rendered email and send summary under report-mail/<report id>/, an id made at run time.',
    });
    props.mailing.queue.grantSendMessages(fn.role);
    // Ad-hoc `--send-test` mails test addresses directly, with signed unsubscribe links.
    props.mailing.grantSend(fn.role);
    props.mailing.tokenSecret.grantRead(fn.role);
    return fn;
  }
}
