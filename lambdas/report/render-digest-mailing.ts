import juice from 'juice';
import {
  MARKET_ASSET,
  PREFERENCES_URL_PLACEHOLDER,
  type RenderedReport,
  type ReportEmail,
  type ReportMeta,
  UNSUBSCRIBE_URL_PLACEHOLDER,
} from '../model/index.ts';
import { PART_ASSETS_PLACEHOLDER, partMarkers } from '../shared/email-part-markers.ts';
import { absoluteUrl } from './article-identity.ts';
import { SIMULATED_NOTICE } from './build-article.ts';
import { defaultTemplateRenderer } from './default-template-renderer.ts';
import { formatUtcDate } from './format.ts';
import { JUICE_OPTIONS } from './render-report.ts';
import { type SiteSettings, siteView } from './site-view.ts';
import type { TemplateRenderer } from './template-renderer.ts';

/**
 * The market's part of the day's digest, first for every recipient: a flush day's market report
 * (its lead, linking to its page), or one line on a calm day (no page, no numbers).
 */
export type DigestMarketPart =
  | { kind: 'report'; report: Pick<RenderedReport<object>, 'meta' | 'lead'> }
  | { kind: 'calm'; line: string };

/** One mailing for the day: what the sender stores and mails, with no page of its own. */
export interface DigestMailing {
  meta: ReportMeta;
  email: ReportEmail;
}

/**
 * The id of the day's digest mailing: one per day, whoever runs it.
 * @example digestMailingId(Date.UTC(2026, 11, 6, 7)) // '2026-12-06-daily-digest'
 */
export function digestMailingId(nowMs: number): string {
  return `${new Date(nowMs).toISOString().slice(0, 10)}-daily-digest`;
}

/**
 * The day's one digest email, covering every asset's digest published that day: per asset
 * its headline, summary, key numbers, lead chart and a link to its page, each in a
 * marked part, so the sender gives each subscriber only the assets they follow
 * (`emailForRecipient`) and a subscriber of three assets gets one email, not three. The
 * subject and preheader name the recipient's own assets. `digests` are the published digest
 * reports, in the site's asset order; at least one.
 */
export function renderDigestMailing(
  digests: ReadonlyArray<Pick<RenderedReport, 'meta' | 'lead'>>,
  site: SiteSettings,
  nowMs: number,
  options: { market?: DigestMarketPart | null; renderer?: TemplateRenderer } = {},
): DigestMailing {
  const renderer = options.renderer ?? defaultTemplateRenderer();
  const first = digests[0];
  if (first === undefined) throw new RangeError('A digest mailing needs at least one digest');
  const dateText = formatUtcDate(nowMs);
  const simulated = digests.some((d) => d.meta.simulated);
  const assets = digests.map((d) => d.meta.assets[0] ?? d.meta.id);
  const title = `Daily digest, ${dateText}`;
  const preheader = `What ${PART_ASSETS_PLACEHOLDER} did in the last 24 hours`;
  const assetParts = digests.map((digest, i) => {
    const asset = assets[i] ?? digest.meta.id;
    return {
      ...partOf(asset, digest, site),
      everyone: false,
      linkText: `The ${asset} digest: charts, levels and what to watch`,
    };
  });
  const market = options.market ?? null;
  const marketPart =
    market === null
      ? []
      : market.kind === 'report'
        ? [
            {
              ...partOf(MARKET_ASSET, market.report, site),
              everyone: true,
              linkText: 'The market report: every coin, the venues and what to watch',
            },
          ]
        : [
            {
              ...partMarkers(MARKET_ASSET),
              asset: MARKET_ASSET,
              title: 'A calm day across the market',
              summary: market.line,
              url: null,
              keyNumbers: [],
              chart: null,
              everyone: true,
              linkText: '',
            },
          ];
  // The market comes first, then each asset a recipient follows.
  const parts = [...marketPart, ...assetParts];
  const view = (emailCss: string) => ({
    site: siteView(site),
    title,
    preheader,
    simulatedNotice: simulated ? SIMULATED_NOTICE : null,
    parts,
    emailCss,
    unsubscribeUrl: UNSUBSCRIBE_URL_PLACEHOLDER,
    preferencesUrl: PREFERENCES_URL_PLACEHOLDER,
  });
  const html = juice(
    renderer.render('digest-email.html', view(renderer.asset('email.css'))),
    JUICE_OPTIONS,
  );
  const subject = `${simulated ? '[Simulated] ' : ''}${title}: ${PART_ASSETS_PLACEHOLDER}`;
  return {
    meta: {
      id: digestMailingId(nowMs),
      slug: 'daily-digest',
      kind: 'digest',
      title,
      summary: `The last 24 hours of ${assets.join(', ')}`,
      asOf: new Date(nowMs).toISOString(),
      // Whoever follows the market alone gets the mailing too: its market part is theirs.
      assets: marketPart.length > 0 ? [MARKET_ASSET, ...assets] : assets,
      // The mailing has no page: the first digest's page stands for it in logs and jobs.
      path: first.meta.storyPath ?? first.meta.path,
      simulated,
      imagePath: first.meta.imagePath,
    },
    email: {
      subject,
      preheader,
      html,
      text: renderer.render('digest-email.text', view('')).trim(),
      parts: parts.map((part) => ({
        asset: part.asset,
        title: part.title,
        ...(part.everyone ? { everyone: true } : {}),
      })),
    },
  };
}

/** One part of the mailing from a published report: its headline, numbers, chart and link. */
function partOf(
  asset: string,
  report: Pick<RenderedReport<object>, 'meta' | 'lead'>,
  site: SiteSettings,
) {
  return {
    asset,
    ...partMarkers(asset),
    title: report.meta.title,
    summary: report.meta.summary,
    url: absoluteUrl(site.baseUrl, report.meta.storyPath ?? report.meta.path) as string | null,
    keyNumbers: report.lead.keyNumbers,
    chart: report.lead.chart,
  };
}
