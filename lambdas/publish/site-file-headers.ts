/** Cache-Control of files whose key never changes content: a report's charts and data. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Cache-Control of pages that change with later reports: report pages, index, archive, feeds. */
export const SHORT_CACHE_CONTROL = 'public, max-age=300';

const CONTENT_TYPE_BY_FILE_NAME: Record<string, string> = {
  'feed.xml': 'application/rss+xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
};

const CONTENT_TYPE_BY_EXTENSION: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
  css: 'text/css; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  webp: 'image/webp',
  ico: 'image/x-icon',
};

/** A report's own files: `reports/YYYY/MM/DD/<slug>/<file>`. */
const REPORT_FILE_KEY = /^reports\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/[^/]+$/;

function fileNameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1).toLowerCase();
}

/**
 * Content-Type for a site key, by file name (feeds) then extension; text types
 * carry `charset=utf-8`. Unknown extensions are served as bytes.
 *
 * @example
 * contentTypeFor('feed.xml'); // 'application/rss+xml; charset=utf-8'
 * contentTypeFor('reports/2026/11/25/btc/price.png'); // 'image/png'
 * contentTypeFor('data.bin'); // 'application/octet-stream'
 */
export function contentTypeFor(key: string): string {
  const fileName = fileNameOf(key);
  const byName = CONTENT_TYPE_BY_FILE_NAME[fileName];
  if (byName !== undefined) return byName;
  const dot = fileName.lastIndexOf('.');
  const extension = dot === -1 ? '' : fileName.slice(dot + 1);
  return CONTENT_TYPE_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

/** A report's page: `reports/YYYY/MM/DD/<slug>/index.html`. */
const REPORT_PAGE_KEY = /^reports\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/;

/**
 * Cache-Control for a site key: a report's charts and data never change under
 * their key, so they are cached for a year. Its page gains a "next report" link
 * when the next report is published (lambdas/report/report-nav.ts), so it is
 * cached for five minutes like everything else that changes (index, archive,
 * asset pages, feeds, sitemap, robots).
 *
 * @example
 * cacheControlFor('reports/2026/11/25/btc-long-flush/price.png'); // 'public, max-age=31536000, immutable'
 * cacheControlFor('reports/2026/11/25/btc-long-flush/index.html'); // 'public, max-age=300'
 * cacheControlFor('feed.xml'); // 'public, max-age=300'
 */
export function cacheControlFor(key: string): string {
  return REPORT_FILE_KEY.test(key) && !REPORT_PAGE_KEY.test(key)
    ? IMMUTABLE_CACHE_CONTROL
    : SHORT_CACHE_CONTROL;
}
