import type * as z from 'zod';
import type { Config } from '../config.ts';
import { AftershockError } from '../errors.ts';
import { s3MarketRollupStore, s3RollupStore } from '../market/rollups/s3-rollup-store.ts';
import { dynamoDocumentClient, s3Client, sqsClient } from '../publish/aws/aws-clients.ts';
import { S3SiteStore } from '../publish/aws/s3-site-store.ts';
import { SqsSendQueue } from '../publish/aws/sqs-send-queue.ts';
import { DynamoFlushStateStore } from '../publish/flush-state/dynamo-flush-state-store.ts';
import type { FlushStateStore } from '../publish/flush-state/flush-state-store.ts';
import type { DetectSettings, DigestRunInput, RunSummary } from '../use-cases/detect-settings.ts';
import { type MarketSeriesSource, rollupSeriesSource } from '../use-cases/market-series-source.ts';
import { mailReport, type PublishPorts, publishReport } from '../use-cases/publish-report.ts';
import type { reporterFunctionConfigSchema } from './function-config.ts';

/**
 * What the scheduled reporters (detect, digest) work through: the publish ports (site, private
 * artefacts, SQS send queue) plus snapshots and flush state; tests build it on emulators.
 */
export interface ReporterAdapters extends PublishPorts {
  config: Config;
  /** Market series for detection and reports: the day rollups in the data bucket. */
  market: MarketSeriesSource;
  state: FlushStateStore;
}

/**
 * The rollup-backed market series source (data bucket), the DynamoDB flush state, the S3
 * site and artefact stores and the SQS send queue of a function whose settings
 * {@link reporterFunctionConfigSchema} validated.
 */
export function reporterAdapters(
  config: z.output<typeof reporterFunctionConfigSchema>,
): ReporterAdapters {
  const s3 = s3Client(config);
  return {
    config,
    market: rollupSeriesSource(
      s3RollupStore(s3, config.aws.dataBucket),
      s3MarketRollupStore(s3, config.aws.dataBucket),
    ),
    state: new DynamoFlushStateStore(dynamoDocumentClient(config), config.aws.flushStateTable),
    site: new S3SiteStore(s3, { bucket: config.aws.siteBucket }),
    artifacts: new S3SiteStore(s3, { bucket: config.aws.dataBucket }),
    queue: new SqsSendQueue(sqsClient(config), config.aws.sendQueueUrl),
  };
}

/**
 * Throws when any entry of a run failed, after the run logged them, so the
 * function's error metric (and its alarm) sees it and the schedule retries;
 * the flush state makes the retry publish only what is still missing.
 */
export function failOnFailedEntries(summary: RunSummary): RunSummary {
  const failed = summary.entries.filter((e) => e.outcome === 'failed');
  if (failed.length > 0) {
    const list = failed.map((e) => `${e.asset} ${e.task}: ${e.note ?? 'failed'}`).join('; ');
    throw new AftershockError(`${failed.length} report(s) failed: ${list}`);
  }
  return summary;
}

/** What the detect and digest handlers are built from; tests point the adapters at emulators. */
export interface ReporterHandlerDeps extends ReporterAdapters {
  settings?: Partial<DetectSettings>;
  nowMs?: () => number;
  log?: (line: string) => void;
}

/** One scheduled run's input, at `nowMs`, publishing through the deps' site and queue. */
export function reporterRunInput(deps: ReporterHandlerDeps, nowMs: number): DigestRunInput {
  return {
    market: deps.market,
    state: deps.state,
    publish: async (rendered, options) =>
      (await publishReport(rendered, deps, { ...options, config: deps.config, nowMs })).meta,
    mail: async (mailing) => void (await mailReport(mailing, deps, nowMs)),
    config: deps.config,
    nowMs,
    ...(deps.settings ? { settings: deps.settings } : {}),
    log: deps.log ?? console.log,
  };
}
