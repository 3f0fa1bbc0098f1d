import type { ReportMeta, SiteFile } from '../model/index.ts';
import { absoluteUrl } from './article-identity.ts';
import { defaultTemplateRenderer } from './default-template-renderer.ts';
import { buildAtomFeed, buildJsonFeed, buildRssFeed } from './feeds.ts';
import {
  reportListItem,
  rootPathFrom,
  type SiteSettings,
  siteView,
  sortReportsNewestFirst,
} from './site-view.ts';
import { assetPagePath, buildRobotsTxt, buildSitemap } from './sitemap.ts';
import type { TemplateRenderer } from './template-renderer.ts';

/** Reports shown under "Recent reports" on the index. */
const INDEX_LIST_LIMIT = 10;
/** Reports per archive page, and on each asset page. */
export const ARCHIVE_PAGE_SIZE = 50;

/** Site key of archive page `n` (1 = the oldest reports). */
export function archivePageKey(pageNumber: number): string {
  return `archive/page/${pageNumber}/index.html`;
}

/**
 * The archive: `archive/index.html` lists the newest {@link ARCHIVE_PAGE_SIZE}
 * and links every numbered page. Numbered pages are filled from the oldest
 * report on, so a new report changes only the newest numbered page (and the
 * page count every 50 reports): older pages keep their bytes and are not rewritten.
 */
function archiveFiles(
  renderer: TemplateRenderer,
  site: SiteSettings,
  sorted: ReportMeta[],
  assetLinks: Array<{ name: string; url: string }>,
): SiteFile[] {
  const oldestFirst = [...sorted].reverse();
  const pageCount = Math.ceil(oldestFirst.length / ARCHIVE_PAGE_SIZE);
  const pageLinks = (from: string) =>
    Array.from({ length: pageCount }, (_, i) => ({
      name: String(i + 1),
      url: `${from}page/${i + 1}/`,
    }));
  const files: SiteFile[] = [];
  for (let page = 1; page <= pageCount; page += 1) {
    const folder = `archive/page/${page}/`;
    const items = oldestFirst.slice((page - 1) * ARCHIVE_PAGE_SIZE, page * ARCHIVE_PAGE_SIZE);
    const body = listPage(renderer, 'archive', {
      site,
      folder,
      heading: `All reports, page ${page}`,
      items: items.reverse(),
      assetLinks: [],
      pageLinks: [{ name: 'Newest', url: '../../' }],
    });
    files.push({ key: archivePageKey(page), body });
  }
  const index = listPage(renderer, 'archive', {
    site,
    folder: 'archive/',
    heading: 'All reports',
    items: sorted.slice(0, ARCHIVE_PAGE_SIZE),
    assetLinks,
    pageLinks: pageCount > 1 ? pageLinks('') : [],
  });
  return [{ key: 'archive/index.html', body: index }, ...files];
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
            width: 1200,
            height: 600,
            alt: reportListItem(latest, '').imageAlt,
          }
        : null,
    },
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
    pageLinks?: Array<{ name: string; url: string }>;
  },
): string {
  const root = rootPathFrom(args.folder);
  const description = `${args.heading}: ${args.items.length} report${args.items.length === 1 ? '' : 's'}.`;
  return renderer.render(template, {
    ...pageMeta(
      args.site,
      args.folder,
      `${args.heading} · ${args.site.title}`,
      description,
      args.items[0] ?? null,
    ),
    heading: args.heading,
    reports: args.items.map((meta) => reportListItem(meta, root)),
    emptyText: 'No reports have been published yet.',
    assetLinks: args.assetLinks,
    pageLinks: args.pageLinks ?? [],
  });
}

/**
 * Every site-wide file, rebuilt from the list of published reports: index, archive,
 * one page per asset, RSS, Atom, JSON Feed, sitemap, robots.txt, 404 and the
 * stylesheet. Reports are listed newest first; feeds, the archive index and asset
 * pages hold at most 50; older reports are on numbered archive pages.
 */
export function renderSiteIndexFiles(
  reports: ReportMeta[],
  site: SiteSettings,
  renderer: TemplateRenderer = defaultTemplateRenderer(),
): SiteFile[] {
  const sorted = sortReportsNewestFirst(reports);
  const items = sorted.map((meta) => reportListItem(meta, './'));
  const latestMeta = sorted[0] ?? null;
  const assets = [...new Set(sorted.flatMap((meta) => meta.assets))].sort();
  const assetLinks = assets.map((asset) => ({ name: asset, url: `../${assetPagePath(asset)}` }));
  const index = renderer.render('index', {
    ...pageMeta(site, '', site.title, siteView(site).tagline, latestMeta),
    latest: items[0] ?? null,
    reports: items.slice(0, INDEX_LIST_LIMIT),
    emptyText: 'No reports yet.',
  });
  const files: SiteFile[] = [
    { key: 'index.html', body: index },
    ...archiveFiles(renderer, site, sorted, assetLinks),
  ];
  for (const asset of assets) {
    const assetItems = sorted.filter((meta) => meta.assets.includes(asset));
    const folder = assetPagePath(asset);
    files.push({
      key: `${folder}index.html`,
      body: listPage(renderer, 'asset', {
        site,
        folder,
        heading: `${asset} reports`,
        // Capped like the archive index; the archive pages hold every report.
        items: assetItems.slice(0, ARCHIVE_PAGE_SIZE),
        assetLinks: [],
      }),
    });
  }
  const notFound = {
    ...pageMeta(site, '', `Page not found · ${site.title}`, 'This page does not exist.', null),
    // A 404 is served at any depth, so its links start at the site's root path.
    root: new URL(`${siteView(site).baseUrl}/`).pathname,
  };
  files.push(
    { key: 'feed.xml', body: buildRssFeed(sorted, site) },
    { key: 'atom.xml', body: buildAtomFeed(sorted, site) },
    { key: 'feed.json', body: buildJsonFeed(sorted, site) },
    { key: 'sitemap.xml', body: buildSitemap(sorted, site) },
    { key: 'robots.txt', body: buildRobotsTxt(site) },
    { key: '404.html', body: renderer.render('404', notFound) },
    { key: 'assets/style.css', body: renderer.asset('style.css') },
  );
  return files;
}
