import type { ReportMeta, SiteFile } from '../model/index.ts';
import { absoluteUrl } from './article-identity.ts';
import { SOCIAL_CARD_HEIGHT_PX, SOCIAL_CARD_WIDTH_PX } from './build-article.ts';
import { defaultTemplateRenderer } from './default-template-renderer.ts';
import {
  buildAtomFeed,
  buildJsonFeed,
  buildRssFeed,
  FEED_ITEM_LIMIT,
  type FeedContents,
  type FeedScope,
} from './feeds.ts';
import { formatUtcDateTime } from './format.ts';
import { type ListPagePlan, listPageFolder, planListPages } from './list-pages.ts';
import {
  reportListItem,
  rootPathFrom,
  type SiteSettings,
  siteView,
  sortReportsNewestFirst,
} from './site-view.ts';
import { assetPagePath, buildRobotsTxt, buildSitemap } from './sitemap.ts';
import type { TemplateRenderer } from './template-renderer.ts';

/** Reports shown under "Recent reports" on the index, after the lead one. */
const INDEX_LIST_LIMIT = 10;

/** Site key of archive page `n` (1 = the oldest reports). */
export function archivePageKey(pageNumber: number): string {
  return `${listPageFolder('archive/', pageNumber)}index.html`;
}

/** A list of reports with its own folder, pages and (for an asset) feeds. */
interface ListSpec {
  folder: string;
  heading: string;
  template: 'archive' | 'asset';
  sorted: ReportMeta[];
  assetLinks: Array<{ name: string; url: string }>;
  feeds: FeedScope | null;
}

/**
 * What a numbered page holds, from its own reports (newest first).
 * @example "50 reports, from 1 Feb 2026, 00:00 UTC to 3 Feb 2026, 01:00 UTC"
 */
function pageRangeText(newestFirst: ReportMeta[]): string | null {
  const newest = newestFirst[0];
  const oldest = newestFirst.at(-1);
  if (!newest || !oldest) return null;
  const count = `${newestFirst.length} report${newestFirst.length === 1 ? '' : 's'}`;
  // Stories are placed by their event (first reading), so the range is of those times.
  const from = formatUtcDateTime(Date.parse(oldest.firstAsOf ?? oldest.asOf));
  const to = formatUtcDateTime(Date.parse(newest.firstAsOf ?? newest.asOf));
  return from === to ? `${count}, ${from}` : `${count}, from ${from} to ${to}`;
}

/** The front page and numbered pages of one list (see {@link planListPages}). */
function listFiles(renderer: TemplateRenderer, site: SiteSettings, spec: ListSpec): SiteFile[] {
  const plans = planListPages(spec.folder, spec.sorted.length);
  const pageCount = plans.length - 1;
  return plans.map((plan, index) => {
    const heading = index === 0 ? spec.heading : `${spec.heading}, page ${index} of ${pageCount}`;
    const items = spec.sorted.slice(plan.fromIndex, plan.toIndex);
    const body = listPage(renderer, spec.template, {
      site,
      folder: plan.folder,
      heading,
      countText: plan.countText ?? pageRangeText(items),
      items,
      assetLinks: index === 0 ? spec.assetLinks : [],
      plan,
      feeds: spec.feeds,
    });
    return { key: `${plan.folder}index.html`, body };
  });
}

function pageMeta(
  site: SiteSettings,
  folder: string,
  title: string,
  description: string,
  latest: ReportMeta | null,
) {
  return {
    site: siteView(site),
    root: rootPathFrom(folder),
    page: {
      title,
      description,
      canonical: absoluteUrl(site.baseUrl, folder),
      ogType: 'website',
      // Social cards need absolute URLs; on-page links stay relative.
      image: latest
        ? {
            url: absoluteUrl(site.baseUrl, latest.imagePath),
            width: SOCIAL_CARD_WIDTH_PX,
            height: SOCIAL_CARD_HEIGHT_PX,
            alt: reportListItem(latest, '').imageAlt,
          }
        : null,
      feeds: null as FeedLinks | null,
    },
  };
}

/** The feeds a page advertises beside the site's own (an asset page's feeds). */
interface FeedLinks {
  title: string;
  rssUrl: string;
  atomUrl: string;
  jsonFeedUrl: string;
}

function feedLinks(site: SiteSettings, scope: FeedScope): FeedLinks {
  return {
    title: scope.title,
    rssUrl: absoluteUrl(site.baseUrl, `${scope.folder}feed.xml`),
    atomUrl: absoluteUrl(site.baseUrl, `${scope.folder}atom.xml`),
    jsonFeedUrl: absoluteUrl(site.baseUrl, `${scope.folder}feed.json`),
  };
}

function listPage(
  renderer: TemplateRenderer,
  template: 'archive' | 'asset',
  args: {
    site: SiteSettings;
    folder: string;
    heading: string;
    items: ReportMeta[];
    assetLinks: Array<{ name: string; url: string }>;
    plan: ListPagePlan;
    countText: string | null;
    feeds: FeedScope | null;
  },
): string {
  const root = rootPathFrom(args.folder);
  const meta = pageMeta(
    args.site,
    args.folder,
    `${args.heading} · ${args.site.title}`,
    args.plan.countText === null
      ? `${args.heading}: none yet.`
      : `${args.heading}: ${args.plan.countText}.`,
    args.items[0] ?? null,
  );
  if (args.feeds) meta.page.feeds = feedLinks(args.site, args.feeds);
  return renderer.render(template, {
    ...meta,
    heading: args.heading,
    reports: args.items.map((item) => reportListItem(item, root)),
    emptyText: 'No reports have been published yet.',
    assetLinks: args.assetLinks,
    countText: args.countText,
    moreNav:
      args.plan.newer || args.plan.older
        ? {
            newer: args.plan.newer,
            older: args.plan.older,
            both: args.plan.newer !== null && args.plan.older !== null,
          }
        : null,
    pageLinks: args.plan.pages,
  });
}

/** RSS, Atom and JSON Feed of one scope (the whole site, or one asset's folder). */
function feedFiles(
  sorted: ReportMeta[],
  site: SiteSettings,
  scope: FeedScope,
  contents: FeedContents,
): SiteFile[] {
  return [
    { key: `${scope.folder}feed.xml`, body: buildRssFeed(sorted, site, scope, contents) },
    { key: `${scope.folder}atom.xml`, body: buildAtomFeed(sorted, site, scope, contents) },
    { key: `${scope.folder}feed.json`, body: buildJsonFeed(sorted, site, scope, contents) },
  ];
}

/**
 * The reports some feed lists: the newest {@link FEED_ITEM_LIMIT} of the site and of each
 * asset. Their content is what a publication loads before rendering the feeds.
 */
export function reportsInFeeds(reports: readonly ReportMeta[]): ReportMeta[] {
  const sorted = sortReportsNewestFirst([...reports]);
  const assets = new Set(sorted.flatMap((meta) => meta.assets));
  const picked = new Map(sorted.slice(0, FEED_ITEM_LIMIT).map((meta) => [meta.id, meta]));
  for (const asset of assets) {
    for (const meta of sorted.filter((m) => m.assets.includes(asset)).slice(0, FEED_ITEM_LIMIT))
      picked.set(meta.id, meta);
  }
  return [...picked.values()];
}

/**
 * Every site-wide file, rebuilt from the list of published reports: index, the
 * archive and one list per asset (each paginated, see {@link planListPages}), RSS,
 * Atom and JSON Feed for the site and for each asset, sitemap, robots.txt, 404 and
 * the stylesheet. Lists and feeds run newest first; feeds hold the newest 50.
 */
export function renderSiteIndexFiles(
  reports: ReportMeta[],
  site: SiteSettings,
  renderer: TemplateRenderer = defaultTemplateRenderer(),
  contents: FeedContents = new Map(),
): SiteFile[] {
  const sorted = sortReportsNewestFirst(reports);
  const items = sorted.map((meta) => reportListItem(meta, './'));
  const latestMeta = sorted[0] ?? null;
  const assets = [...new Set(sorted.flatMap((meta) => meta.assets))].sort();
  const assetLinks = assets.map((asset) => ({ name: asset, url: `../${assetPagePath(asset)}` }));
  const index = renderer.render('index', {
    ...pageMeta(site, '', site.title, siteView(site).tagline, latestMeta),
    latest: items[0] ?? null,
    // The lead story is shown above the list, not again as its first item.
    reports: items.slice(1, INDEX_LIST_LIMIT + 1),
    emptyText: items.length > 0 ? 'No earlier reports yet.' : 'No reports yet.',
  });
  const files: SiteFile[] = [
    { key: 'index.html', body: index },
    ...listFiles(renderer, site, {
      folder: 'archive/',
      heading: 'All reports',
      template: 'archive',
      sorted,
      assetLinks,
      feeds: null,
    }),
  ];
  for (const asset of assets) {
    const assetSorted = sorted.filter((meta) => meta.assets.includes(asset));
    const scope = { title: `${site.title}: ${asset}`, folder: assetPagePath(asset) };
    files.push(
      ...listFiles(renderer, site, {
        folder: scope.folder,
        heading: `${asset} reports`,
        template: 'asset',
        sorted: assetSorted,
        assetLinks: [],
        feeds: scope,
      }),
      ...feedFiles(assetSorted, site, scope, contents),
    );
  }
  const notFoundMeta = pageMeta(
    site,
    '',
    `Page not found · ${site.title}`,
    'This page does not exist.',
    null,
  );
  const notFound = {
    ...notFoundMeta,
    // A 404 is served at any URL: it names no canonical page, and its links start
    // at the site's root path so they work at any depth.
    page: { ...notFoundMeta.page, canonical: null },
    root: new URL(`${siteView(site).baseUrl}/`).pathname,
  };
  files.push(
    ...feedFiles(sorted, site, { title: site.title, folder: '' }, contents),
    { key: 'sitemap.xml', body: buildSitemap(sorted, site) },
    { key: 'robots.txt', body: buildRobotsTxt(site) },
    { key: '404.html', body: renderer.render('404', notFound) },
    { key: 'assets/style.css', body: renderer.asset('style.css') },
  );
  return files;
}
