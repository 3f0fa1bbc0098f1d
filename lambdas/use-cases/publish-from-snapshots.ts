import type { Config } from '../config.ts';
import type { ReportKind, ReportMeta } from '../model/index.ts';
import { HOUR_MS } from '../shared/time.ts';
import { type BuiltReport, buildReport } from './build-report.ts';
import { type PublishPorts, publishReport } from './publish-report.ts';
import type { SnapshotSource } from './snapshot-source.ts';

/** What to report on; the report handler's event carries it. */
export interface ReportRequest {
  asset: string;
  asOfMs: number;
  kind: ReportKind;
  /** How far back snapshots are read (baseline + the flush + its follow-up). */
  lookbackHours: number;
}

/** Inputs of {@link publishFromSnapshots}. */
export interface PublishFromSnapshotsInput extends PublishPorts {
  request: ReportRequest;
  snapshots: SnapshotSource;
  config: Pick<Config, 'detector' | 'regime' | 'site' | 'venues' | 'assets'>;
  nowMs: number;
}

/**
 * Builds a report from stored snapshots and publishes and mails it with
 * {@link publishReport}. Returns the published report's meta.
 */
export async function publishFromSnapshots(input: PublishFromSnapshotsInput): Promise<ReportMeta> {
  const built = await buildFromSnapshots(input);
  const published = await publishReport(built.rendered, input, {
    mail: true,
    config: input.config,
    nowMs: input.nowMs,
  });
  return published.meta;
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
