import * as z from 'zod';
import { s3SnapshotStore } from '../market/snapshot-store/s3-snapshot-store.ts';
import type { ReportMeta } from '../model/index.ts';
import { s3Client, sqsClient } from '../publish/aws/aws-clients.ts';
import { SqsSendQueue } from '../publish/aws/sqs-send-queue.ts';
import type { SendJobQueue } from '../publish/index.ts';
import {
  type AdHocEventInput,
  type AdHocResult,
  isAdHocEvent,
  runAdHocEvent,
} from '../use-cases/adhoc.ts';
import { inProcessSendQueue } from '../use-cases/in-process-send-queue.ts';
import { publishFromSnapshots } from '../use-cases/publish-from-snapshots.ts';
import type { SnapshotSource } from '../use-cases/snapshot-source.ts';
import { defineHandler } from './define-handler.ts';
import { reportFunctionConfigSchema } from './function-config.ts';
import { type PublishAdapters, publishAdapters } from './publish-wiring.ts';

/**
 * The report event (direct invoke or an EventBridge schedule's input). `asOf`
 * falls back to the schedule's `time`, then to now; other keys are ignored.
 */
export const reportEventSchema = z.object({
  asset: z.string().min(1).max(20),
  asOf: z.iso.datetime().optional(),
  time: z.iso.datetime().optional(),
  kind: z.enum(['flash', 'follow-up', 'digest', 'ad-hoc']).default('flash'),
  lookbackHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(72),
});

/** What the report handler needs besides the publishing adapters. */
export interface ReportHandlerDeps extends PublishAdapters {
  snapshots: SnapshotSource;
  /** SQS in AWS; when absent the report is mailed inline (no queue configured). */
  queue?: SendJobQueue;
  nowMs?: () => number;
}

/**
 * The report function: an editor's ad-hoc event (it has a `mode`) gets an
 * {@link AdHocResult}; a scheduled or direct report event the published meta.
 */
export interface ReportHandler {
  (event: AdHocEventInput): Promise<AdHocResult>;
  (event: unknown): Promise<{ published: ReportMeta }>;
}

/** Builds the report handler: validate the event, then {@link publishFromSnapshots}. */
export function createReportHandler(deps: ReportHandlerDeps): ReportHandler {
  function handle(event: AdHocEventInput): Promise<AdHocResult>;
  function handle(event: unknown): Promise<{ published: ReportMeta }>;
  async function handle(event: unknown): Promise<{ published: ReportMeta } | AdHocResult> {
    const nowMs = deps.nowMs?.() ?? Date.now();
    const queue = deps.queue ?? inProcessSendQueue(deps);
    // The editors' event (`aftershock adhoc`): dry-run, send-test or publish.
    if (isAdHocEvent(event)) return runAdHocEvent(event, { ...deps, queue, nowMs });
    const request = reportEventSchema.parse(event);
    const asOfIso = request.asOf ?? request.time;
    const published = await publishFromSnapshots({
      request: {
        asset: request.asset.toUpperCase(),
        asOfMs: asOfIso === undefined ? nowMs : Date.parse(asOfIso),
        kind: request.kind,
        lookbackHours: request.lookbackHours,
      },
      snapshots: deps.snapshots,
      site: deps.site,
      artifacts: deps.artifacts,
      queue,
      config: deps.config,
      nowMs,
    });
    return { published };
  }
  return handle;
}

/**
 * Lambda entry point: snapshots come from the S3 snapshot store in the data bucket (no ccxt on
 * this path); the job goes to SQS, or is mailed in-process when no queue is configured. Settings
 * are parsed once per container ({@link reportFunctionConfigSchema}).
 */
export const handler = defineHandler(reportFunctionConfigSchema, async (config) => {
  const queueUrl = config.aws.sendQueueUrl;
  const report = createReportHandler({
    ...(await publishAdapters(config)),
    snapshots: s3SnapshotStore(s3Client(config), config.aws.dataBucket),
    ...(queueUrl ? { queue: new SqsSendQueue(sqsClient(config), queueUrl) } : {}),
  });
  return (event: unknown) => report(event);
});
