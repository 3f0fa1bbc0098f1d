import type { Config } from '../config.ts';
import { AftershockError, ConfigError } from '../errors.ts';
import { applyEnvOverrides, parseConfig } from '../load-config.ts';
import { s3SnapshotStore } from '../market/snapshot-store/s3-snapshot-store.ts';
import { dynamoDocumentClient, s3Client, sqsClient } from '../publish/aws/aws-clients.ts';
import { S3SiteStore } from '../publish/aws/s3-site-store.ts';
import { SqsSendQueue } from '../publish/aws/sqs-send-queue.ts';
import { DynamoFlushStateStore } from '../publish/flush-state/dynamo-flush-state-store.ts';
import type { FlushStateStore } from '../publish/flush-state/flush-state-store.ts';
import type { ArtifactStore, SendJobQueue, SiteStore } from '../publish/index.ts';
import type { DetectSettings, ReporterRunInput, RunSummary } from '../use-cases/detect-settings.ts';
import { publishReport } from '../use-cases/publish-report.ts';
import type { SnapshotSource } from '../use-cases/snapshot-source.ts';

/** What the scheduled reporters (detect, digest) work through; tests build it on emulators. */
export interface ReporterAdapters {
  config: Config;
  snapshots: SnapshotSource;
  state: FlushStateStore;
  /** The public site. */
  site: SiteStore;
  /** Private data bucket: rendered emails for the sender. */
  artifacts: ArtifactStore;
  queue: SendJobQueue;
}

function required(value: string | undefined, setting: string): string {
  if (value === undefined || value === '') throw new ConfigError(setting, 'is required in AWS');
  return value;
}

/**
 * Validates config from the environment and builds the S3 snapshot store (data
 * bucket), the DynamoDB flush state, the S3 site and artefact stores and the SQS
 * send queue; names the first missing setting.
 */
export function reporterAdaptersFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): ReporterAdapters {
  const config = parseConfig(applyEnvOverrides({}, env));
  const s3 = s3Client(config);
  const dataBucket = required(config.aws.dataBucket, 'aws.dataBucket');
  return {
    config,
    snapshots: s3SnapshotStore(s3, dataBucket),
    state: new DynamoFlushStateStore(
      dynamoDocumentClient(config),
      required(config.aws.flushStateTable, 'aws.flushStateTable'),
    ),
    site: new S3SiteStore(s3, { bucket: required(config.aws.siteBucket, 'aws.siteBucket') }),
    artifacts: new S3SiteStore(s3, { bucket: dataBucket }),
    queue: new SqsSendQueue(
      sqsClient(config),
      required(config.aws.sendQueueUrl, 'aws.sendQueueUrl'),
    ),
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
export function reporterRunInput(deps: ReporterHandlerDeps, nowMs: number): ReporterRunInput {
  return {
    snapshots: deps.snapshots,
    state: deps.state,
    publish: async (rendered, options) =>
      (await publishReport(rendered, deps, { ...options, config: deps.config, nowMs })).meta,
    config: deps.config,
    nowMs,
    ...(deps.settings ? { settings: deps.settings } : {}),
    log: deps.log ?? console.log,
  };
}
