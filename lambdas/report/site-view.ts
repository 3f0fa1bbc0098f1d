import type { ReportKind, ReportMeta } from '../model/index.ts';
import { type AssetChoice, assetChoice, subscribableAssets } from '../model/subscribable-assets.ts';
import { absoluteUrl } from './article-identity.ts';
import { NOT_FINANCIAL_ADVICE } from './build-article.ts';
import { formatUtcDateTime } from './format.ts';

/** Site settings the renderers need (a subset of the config's `site`). */
export interface SiteSettings {
  /** Absolute base URL, e.g. `https://aftershock.example.com`. */
  baseUrl: string;
  title: string;
  /** Where the subscribe form posts. */
  subscribeUrl: string;
  tagline?: string;
  /** Printed in email footers when set. */
  postalAddress?: string | undefined;
  /** The assets the site reports on: the subscribe form offers a choice among them. */
  assets?: readonly string[];
}

/** What every page template reads as `site`. */
export interface SiteView {
  title: string;
  baseUrl: string;
  subscribeUrl: string;
  tagline: string;
  rssUrl: string;
  atomUrl: string;
  jsonFeedUrl: string;
  disclaimer: string;
  postalAddress: string | null;
  /**
   * The subscribe form's choices (the whole market, then each asset); null with one asset or
   * none (nothing to choose).
   */
  subscribeAssets: AssetChoice[] | null;
}

/** Absolute feed URLs and the site-wide strings for the templates. */
export function siteView(site: SiteSettings): SiteView {
  const baseUrl = site.baseUrl.replace(/\/+$/, '');
  return {
    title: site.title,
    baseUrl,
    subscribeUrl: site.subscribeUrl,
    tagline: site.tagline ?? 'What the liquidation flush did, and what the market is doing now',
    rssUrl: absoluteUrl(baseUrl, 'feed.xml'),
    atomUrl: absoluteUrl(baseUrl, 'atom.xml'),
    jsonFeedUrl: absoluteUrl(baseUrl, 'feed.json'),
    disclaimer: NOT_FINANCIAL_ADVICE,
    postalAddress: site.postalAddress ?? null,
    subscribeAssets:
      (site.assets?.length ?? 0) > 1
        ? subscribableAssets(site.assets ?? []).map(assetChoice)
        : null,
  };
}

/**
 * The site settings of a config: its `site` section and the assets it reports on.
 * @example siteSettingsOf(parseConfig({})).assets // ['BTC', 'ETH', 'SOL']
 */
export function siteSettingsOf(config: {
  site: SiteSettings;
  assets: readonly string[];
}): SiteSettings {
  return { ...config.site, assets: config.assets };
}

const KIND_TEXT: Record<ReportKind, string> = {
  flash: 'Flash report',
  'follow-up': 'Follow-up',
  digest: 'Daily digest',
  'ad-hoc': 'Editor’s report',
};

/**
 * A report kind for people.
 * @example kindText('follow-up') // "Follow-up"
 */
export function kindText(kind: ReportKind): string {
  return KIND_TEXT[kind];
}

/** One report as the index, archive and asset pages list it. */
export interface ReportListItem {
  url: string;
  title: string;
  summary: string;
  dateText: string;
  kindText: string;
  assetsText: string;
  simulated: boolean;
  imageUrl: string;
  imageAlt: string;
}

/**
 * A report's list entry. Links are relative to the listing page (`root` leads back to
 * the site root), so the site works from any host, the preview server and `file://`.
 */
export function reportListItem(meta: ReportMeta, root: string): ReportListItem {
  // A story with several readings is dated by its event and says when it was last updated.
  const updated = meta.firstAsOf !== undefined && meta.firstAsOf !== meta.asOf;
  return {
    url: `${root}${meta.path}`,
    title: meta.title,
    summary: meta.summary,
    dateText: updated
      ? `${formatUtcDateTime(Date.parse(meta.firstAsOf ?? meta.asOf))}, updated ${formatUtcDateTime(Date.parse(meta.asOf))}`
      : formatUtcDateTime(Date.parse(meta.asOf)),
    kindText: kindText(meta.kind),
    assetsText: meta.assets.join(', '),
    simulated: meta.simulated,
    imageUrl: `${root}${meta.imagePath}`,
    // The listed image is the report's social card: its headline and key numbers.
    imageAlt: `Key numbers of the report “${meta.title}”`,
  };
}

/** Reports newest first (by `asOf`, then id), without duplicate ids. */
export function sortReportsNewestFirst(reports: ReportMeta[]): ReportMeta[] {
  const unique = new Map(reports.map((report) => [report.id, report]));
  // A story is placed by its event (its first version), not by its latest update, so the
  // index leads with the newest event rather than a 72h reading of an older one.
  const placedAt = (meta: ReportMeta) => Date.parse(meta.firstAsOf ?? meta.asOf);
  return [...unique.values()].sort((a, b) => placedAt(b) - placedAt(a) || b.id.localeCompare(a.id));
}

/** The relative path from a page folder back to the site root, e.g. `../../` for `archive/x/`. */
export function rootPathFrom(pageFolder: string): string {
  const depth = pageFolder.split('/').filter((part) => part.length > 0).length;
  return depth === 0 ? './' : '../'.repeat(depth);
}
