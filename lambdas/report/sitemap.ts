import type { ReportMeta } from '../model/index.ts';
import { absoluteUrl } from './article-identity.ts';
import { escapeXml } from './feeds.ts';
import { planListPages } from './list-pages.ts';
import type { SiteSettings } from './site-view.ts';

/** Lower-case asset folders of the site, e.g. `assets/btc/`. */
export function assetPagePath(asset: string): string {
  return `assets/${asset.toLowerCase()}/`;
}

/** A list's front page and its numbered pages, each dated by the newest report on it. */
function listEntries(folder: string, newestFirst: ReportMeta[]) {
  return planListPages(folder, newestFirst.length).map((plan) => ({
    path: plan.folder,
    lastmod: newestFirst[plan.fromIndex]?.asOf ?? null,
  }));
}

/**
 * sitemap.xml of the index, the archive and asset lists with every numbered page,
 * and every report (absolute URLs; input sorted newest first).
 */
export function buildSitemap(reports: ReportMeta[], site: SiteSettings): string {
  const assets = [...new Set(reports.flatMap((meta) => meta.assets))].sort();
  const entries = [
    { path: '', lastmod: reports[0]?.asOf ?? null },
    ...listEntries('archive/', reports),
    ...assets.flatMap((asset) =>
      listEntries(
        assetPagePath(asset),
        reports.filter((meta) => meta.assets.includes(asset)),
      ),
    ),
    ...reports.map((meta) => ({ path: meta.path, lastmod: meta.asOf })),
  ];
  const urls = entries.map((entry) => {
    const lastmod = entry.lastmod ? `<lastmod>${escapeXml(entry.lastmod)}</lastmod>` : '';
    return `  <url><loc>${escapeXml(absoluteUrl(site.baseUrl, entry.path))}</loc>${lastmod}</url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join('\n')}
</urlset>
`;
}

/** robots.txt allowing everything and pointing at the sitemap. */
export function buildRobotsTxt(site: SiteSettings): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(site.baseUrl, 'sitemap.xml')}\n`;
}
