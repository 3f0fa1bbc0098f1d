import type { Config } from '../config.ts';
import type { RenderedReport, ReportKind, ReportMeta } from '../model/index.ts';
import type { SendJobQueue } from '../publish/aws/sqs-send-queue.ts';
import { publishReport, publishSiteFilesFor, type SiteStore } from '../publish/index.ts';
import { storeReportEmail } from '../publish/send-job.ts';
import { renderSiteIndexFiles, reportPageLinker } from '../report/index.ts';
import { type BuiltReport, buildReport } from './build-report.ts';
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

/** Where a rendered report goes: the public site, the private artefacts, the send queue. */
export interface ReportOutlets {
  site: SiteStore;
  artifacts: SiteStore;
  queue: SendJobQueue;
  config: Pick<Config, 'site'>;
  nowMs: number;
}

/**
 * Publishes a rendered report: its page and assets, then the index, feeds and
 * sitemap; then, when `mail` is true, stores the rendered email privately and
 * hands the send job to the queue (after the site, so every link in the email
 * resolves when it arrives). Returns the report's meta.
 */
export async function publishRendered(
  rendered: RenderedReport,
  outlets: ReportOutlets,
  options: { mail: boolean },
): Promise<ReportMeta> {
  const reports = await publishReport(outlets.site, rendered, reportPageLinker);
  await publishSiteFilesFor(outlets.site, reports, (list) =>
    renderSiteIndexFiles(list, outlets.config.site),
  );
  if (options.mail) {
    const job = await storeReportEmail(outlets.artifacts, rendered, outlets.nowMs);
    await outlets.queue.enqueue(job);
  }
  return rendered.meta;
}

/**
 * Builds a report from stored snapshots and publishes and mails it with
 * {@link publishRendered}. Returns the published report's meta.
 */
export async function publishFromSnapshots(input: PublishFromSnapshotsInput): Promise<ReportMeta> {
  const built = await buildFromSnapshots(input);
  return publishRendered(built.rendered, input, { mail: true });
}

/** Reads the request's snapshots and builds its report without publishing it. */
export async function buildFromSnapshots(
  input: Pick<PublishFromSnapshotsInput, 'request' | 'snapshots' | 'config'>,
): Promise<BuiltReport> {
  const { request, config } = input;
  const snapshots = await input.snapshots.list({
    fromMs: request.asOfMs - request.lookbackHours * HOUR_MS,
    toMs: request.asOfMs,
  });
  return buildReport({
    snapshots,
    asset: request.asset,
    configuredVenues: config.venues.map((venue) => venue.id),
    asOfMs: request.asOfMs,
    kind: request.kind,
    config,
  });
}
