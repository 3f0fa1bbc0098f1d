import type { Config } from '../config.ts';
import type { RenderedReport, ReportMeta } from '../model/index.ts';
import {
  lineLogger,
  type Mailer,
  publishReport,
  publishSiteFilesFor,
  type SendLedger,
  type SendReportSummary,
  type SiteStore,
  type SubscriberStore,
  sendReportToSubscribers,
} from '../publish/index.ts';
import { storeReportEmail } from '../publish/send-job.ts';
import { renderSiteIndexFiles, reportPageLinker } from '../report/index.ts';

/** The adapters a publication goes through; local and AWS wiring supply their own. */
export interface PublishPorts {
  site: SiteStore;
  subscribers: SubscriberStore;
  mailer: Mailer;
  ledger: SendLedger;
  /** Private store (not the public site) keeping the rendered email for later test sends. */
  privateStore?: SiteStore;
}

/** Result of {@link publishAndSend}: the reports now published and what the mailing did. */
export interface PublishOutcome extends SendReportSummary {
  reports: ReportMeta[];
}

/**
 * Publishes a rendered report (its page and assets first, then index, feeds and
 * sitemap) and mails it to the active subscribers of its assets. Claims last
 * `delivery.localLeaseSeconds` each: there is no deadline on a laptop.
 */
export async function publishAndSend(input: {
  rendered: RenderedReport;
  ports: PublishPorts;
  config: Pick<Config, 'site' | 'mail' | 'delivery'>;
  tokenSecret: string;
  nowMs: number;
  log?: (line: string) => void;
}): Promise<PublishOutcome> {
  const { rendered, ports, config } = input;
  const reports = await publishReport(ports.site, rendered, reportPageLinker);
  if (ports.privateStore) await storeReportEmail(ports.privateStore, rendered, input.nowMs);
  await publishSiteFilesFor(ports.site, reports, (list) => renderSiteIndexFiles(list, config.site));
  const summary = await sendReportToSubscribers({
    rendered,
    subscribers: ports.subscribers,
    mailer: ports.mailer,
    ledger: ports.ledger,
    tokenSecret: input.tokenSecret,
    siteBaseUrl: config.site.baseUrl,
    unsubscribeMailto: config.mail.unsubscribeMailto,
    listId: config.mail.listId,
    from: config.mail.from,
    nowMs: input.nowMs,
    delivery: config.delivery,
    ...(input.log === undefined ? {} : { logger: lineLogger(input.log) }),
  });
  return { reports, ...summary };
}
