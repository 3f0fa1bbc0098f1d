import type { Config } from '../config.ts';
import { AftershockError } from '../errors.ts';
import type { RenderedReport, ReportMeta } from '../model/index.ts';
import {
  type ArtifactStore,
  publishReportFiles,
  publishSiteFilesFor,
  publishUnlistedReportFiles,
  type SendJobQueue,
  type SiteStore,
} from '../publish/index.ts';
import { type SendJob, storeReportEmail } from '../publish/send-job.ts';
import {
  renderSiteIndexFiles,
  reportPageLinker,
  reportsInFeeds,
  siteSettingsOf,
  storiesOf,
} from '../report/index.ts';
import { loadFeedContents } from './load-feed-contents.ts';

/**
 * The ports every publication goes through, whatever starts it (CLI, replay, drafts, the
 * Lambdas): a folder, an in-process queue and the outbox locally; S3 and SQS in AWS.
 */
export interface PublishPorts {
  /** The public site (or a prefixed part of it, e.g. drafts). */
  site: SiteStore;
  /** Private store: the rendered email the sender mails, and its send summaries. */
  artifacts: ArtifactStore;
  /** Takes the send job: SQS, or an in-process queue that runs the fan-out at once. */
  queue: SendJobQueue;
}

/** Options of {@link publishReport}. */
export interface PublishOptions {
  /** Store the email and enqueue its send job (false: site only, e.g. replays and drafts). */
  mail: boolean;
  /**
   * False: only the report's own files (charts, data, page) are written; no manifest entry, so
   * no index, feed or sitemap lists it (editors' drafts). Never mailed. Default true.
   */
  listed?: boolean;
  config: Pick<Config, 'site' | 'assets'>;
  /** The job's `enqueuedAt`. */
  nowMs: number;
}

/** What {@link publishReport} did. */
export interface PublishedReport {
  meta: ReportMeta;
  /** The report list the index and feeds were last built from (newest first); [] unlisted. */
  reports: ReportMeta[];
  /** The send job handed to the queue; null when not mailed. */
  job: SendJob | null;
}

/**
 * Publishes one rendered report, in the order DESIGN §7 asks for: its assets and page, then
 * the index, archive, feeds and sitemap (so no link points at a missing page), then, with
 * `mail`, the rendered email in the private store, then the send job on `ports.queue` (after
 * the site, so every link in the email resolves when it arrives). Re-publishing the same report
 * overwrites it in place; the send ledger makes a repeated job mail nobody twice.
 */
export async function publishReport(
  // Any report's data: an asset's or the market's; it is published as data.json as it is.
  rendered: RenderedReport<object>,
  ports: PublishPorts,
  options: PublishOptions,
): Promise<PublishedReport> {
  const listed = options.listed ?? true;
  if (!listed) {
    if (options.mail) throw new AftershockError('An unlisted report (a draft) is never mailed.');
    await publishUnlistedReportFiles(ports.site, rendered);
    return { meta: rendered.meta, reports: [], job: null };
  }
  const manifest = await publishReportFiles(ports.site, rendered, reportPageLinker);
  const fragments = new Map<string, string | null>();
  // Lists, feeds and the sitemap show stories: one entry per flush, at its newest version.
  const reports = await publishSiteFilesFor(ports.site, manifest, async (list) => {
    const stories = storiesOf(list);
    return renderSiteIndexFiles(
      stories,
      siteSettingsOf(options.config),
      undefined,
      await loadFeedContents(ports.site, reportsInFeeds(stories), fragments),
    );
  });
  if (!options.mail) return { meta: rendered.meta, reports, job: null };
  const job = await mailReport(rendered, ports, options.nowMs);
  return { meta: rendered.meta, reports, job };
}

/**
 * Queues one email for subscribers: stores it in the private store, then hands its send job to
 * the queue. Every mailing goes this way: a report's (after its page, from
 * {@link publishReport}) and the daily digest's, which has no page of its own but links to
 * pages already published.
 */
export async function mailReport(
  mailing: Pick<RenderedReport, 'meta' | 'email'>,
  ports: Pick<PublishPorts, 'artifacts' | 'queue'>,
  nowMs: number,
): Promise<SendJob> {
  const job = await storeReportEmail(ports.artifacts, mailing, nowMs);
  await ports.queue.enqueue(job);
  return job;
}
