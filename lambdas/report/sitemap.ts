import type { ReportMeta } from '../model/index.ts';
import { absoluteUrl } from './article-identity.ts';
import { escapeXml } from './feeds.ts';
import type { SiteSettings } from './site-view.ts';

/** Lower-case asset folders of the site, e.g. `assets/btc/`. */
export function assetPagePath(asset: string): string {
  return `assets/${asset.toLowerCase()}/`;
}

/** sitemap.xml of the index, archive, asset pages and every report (absolute URLs). */
export function buildSitemap(reports: ReportMeta[], site: SiteSettings): string {
  const assets = [...new Set(reports.flatMap((meta) => meta.assets))].sort();
  const entries = [
    { path: '', lastmod: reports[0]?.asOf ?? null },
    { path: 'archive/', lastmod: reports[0]?.asOf ?? null },
    ...assets.map((asset) => ({ path: assetPagePath(asset), lastmod: null })),
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
