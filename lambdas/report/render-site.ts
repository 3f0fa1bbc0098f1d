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
  });
}

/**
 * Every site-wide file, rebuilt from the list of published reports: index, archive,
 * one page per asset, RSS, Atom, JSON Feed, sitemap, robots.txt, 404 and the
 * stylesheet. Reports are listed newest first; feeds hold at most 50.
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
    {
      key: 'archive/index.html',
      body: listPage(renderer, 'archive', {
        site,
        folder: 'archive/',
        heading: 'All reports',
        items: sorted,
        assetLinks,
      }),
    },
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
        items: assetItems,
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
