import type { Config } from '../config.ts';
import type { ReportKind, ReportMeta } from '../model/index.ts';
import type { SendJobQueue } from '../publish/aws/sqs-send-queue.ts';
import { publishReport, publishSiteFiles, type SiteStore } from '../publish/index.ts';
import { storeReportEmail } from '../publish/send-job.ts';
import { renderSiteIndexFiles } from '../report/index.ts';
import { buildReport } from './build-report.ts';
import type { SnapshotSource } from './snapshot-source.ts';

const HOUR_MS = 60 * 60 * 1000;

/** What to report on; the report handler's event carries it. */
export interface ReportRequest {
  asset: string;
  asOfMs: number;
  kind: ReportKind;
  /** How far back snapshots are read (baseline + the flush + its follow-up). */
  lookbackHours: number;
}

/** Inputs of {@link publishFromSnapshots}. */
export interface PublishFromSnapshotsInput {
  request: ReportRequest;
  snapshots: SnapshotSource;
  /** The public site. */
  site: SiteStore;
  /** Private store for the rendered email and send summary. */
  artifacts: SiteStore;
  /** Where the send job goes: SQS, or a queue that sends inline. */
  queue: SendJobQueue;
  config: Pick<Config, 'detector' | 'regime' | 'site' | 'venues'>;
  nowMs: number;
}

/**
 * Builds a report from stored snapshots, publishes its page and assets, then
 * the index, feeds and sitemap, stores the rendered email privately and hands
 * the send job to the queue. Returns the published report's meta.
 */
export async function publishFromSnapshots(input: PublishFromSnapshotsInput): Promise<ReportMeta> {
  const { request, config } = input;
  const snapshots = await input.snapshots.list({
    fromMs: request.asOfMs - request.lookbackHours * HOUR_MS,
    toMs: request.asOfMs,
  });
  const built = await buildReport({
    snapshots,
    asset: request.asset,
    configuredVenues: config.venues.map((venue) => venue.id),
    asOfMs: request.asOfMs,
    kind: request.kind,
    config,
  });
  const reports = await publishReport(input.site, built.rendered);
  await publishSiteFiles(input.site, renderSiteIndexFiles(reports, config.site));
  // After the site, so every link in the email resolves when it arrives.
  const job = await storeReportEmail(input.artifacts, built.rendered, input.nowMs);
  await input.queue.enqueue(job);
  return built.rendered.meta;
}
