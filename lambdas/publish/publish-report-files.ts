import type { RenderedReport, ReportMeta, SiteFile } from '../model/index.ts';
import type { ReportPageLinker, SiteStore } from './ports.ts';
import { MANIFEST_KEY, parseManifest, upsertManifestEntry } from './report-manifest.ts';
import { cacheControlFor, contentTypeFor } from './site-file-headers.ts';

/** Writes one site file with the headers its key calls for. */
async function putSiteFile(
  store: SiteStore,
  key: string,
  body: string | Uint8Array,
): Promise<void> {
  await store.putFile({
    key,
    body,
    contentType: contentTypeFor(key),
    cacheControl: cacheControlFor(key),
  });
}

/** `reports/2026/11/25/slug` or `…/slug/` + `price.png` → `reports/2026/11/25/slug/price.png`. */
function keyInFolder(folder: string, fileName: string): string {
  const trimmed = folder.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? fileName : `${trimmed}/${fileName}`;
}

/**
 * Publishes one report: its charts and `data.json` first, then its page (with a link
 * to the previous report), then the pages of its neighbours re-linked to it, and
 * only then the manifest, so nothing ever lists or links a page that is not there
 * yet. Re-publishing the same id overwrites its files and replaces its manifest
 * entry and navigation block. Returns the updated manifest (newest first).
 */
export async function publishReport(
  store: SiteStore,
  rendered: RenderedReport,
  linker?: ReportPageLinker,
): Promise<ReportMeta[]> {
  const folder = rendered.meta.path;
  const before = parseManifest(await store.getText(MANIFEST_KEY));
  const manifest = upsertManifestEntry(before, rendered.meta);
  for (const chart of rendered.charts) {
    await putSiteFile(store, keyInFolder(folder, chart.file), chart.png);
  }
  await putSiteFile(
    store,
    keyInFolder(folder, 'data.json'),
    JSON.stringify(rendered.data, null, 2),
  );
  const page = linker
    ? linker.linkPage(rendered.pageHtml, rendered.meta, manifest)
    : rendered.pageHtml;
  await putSiteFile(store, keyInFolder(folder, 'index.html'), page);
  if (linker) await relinkNeighbourPages(store, linker, rendered.meta, before, manifest);
  await putSiteFile(store, MANIFEST_KEY, JSON.stringify(manifest, null, 2));
  return manifest;
}

/**
 * Re-renders the previous/next block of the stored pages next to `meta`, before and
 * after this publication (a re-published report whose time moved leaves old
 * neighbours to re-link); see lambdas/report/report-nav.ts. A page that is missing
 * or already linked is not written.
 */
async function relinkNeighbourPages(
  store: SiteStore,
  linker: ReportPageLinker,
  meta: ReportMeta,
  before: ReportMeta[],
  manifest: ReportMeta[],
): Promise<void> {
  const ids = new Set(
    [...linker.neighbourIds(before, meta.id), ...linker.neighbourIds(manifest, meta.id)].filter(
      (id) => id !== meta.id,
    ),
  );
  for (const neighbour of manifest.filter((entry) => ids.has(entry.id))) {
    const key = keyInFolder(neighbour.path, 'index.html');
    const stored = await store.getText(key);
    if (stored === null) continue;
    const linked = linker.linkPage(stored, neighbour, manifest);
    if (linked !== stored) await putSiteFile(store, key, linked);
  }
}

const FEED_FILE_NAMES = new Set(['feed.xml', 'atom.xml', 'feed.json']);

/**
 * Publishing rank of a site-wide file: assets (css, images) before the pages
 * that use them, pages before the feeds that link them, then the sitemap,
 * robots.txt, and the home page last.
 */
export function siteFilePublishRank(key: string): number {
  const fileName = key.slice(key.lastIndexOf('/') + 1);
  if (key === 'index.html') return 5;
  if (key === 'robots.txt') return 4;
  if (key === 'sitemap.xml') return 3;
  if (FEED_FILE_NAMES.has(fileName)) return 2;
  if (fileName.endsWith('.html')) return 1;
  return 0;
}

function asText(body: string | Uint8Array): string {
  return typeof body === 'string' ? body : new TextDecoder().decode(body);
}

/**
 * Publishes the site-wide files (index, archive, asset pages, feeds, sitemap)
 * in the order of {@link siteFilePublishRank}: other pages, then feeds, then
 * `sitemap.xml`, then `index.html`; files of equal rank keep their given order.
 * A file whose stored body is already identical is not written again, so
 * publishing report #1,000 rewrites only the pages it changes, not every archive page.
 * Returns the keys written.
 */
export async function publishSiteFiles(
  store: SiteStore,
  files: readonly SiteFile[],
): Promise<string[]> {
  const ordered = files
    .map((file, position) => ({ file, position, rank: siteFilePublishRank(file.key) }))
    .sort((a, b) => a.rank - b.rank || a.position - b.position);
  // Read in parallel (reads have no order to keep); write in order.
  const stored = await Promise.all(ordered.map(({ file }) => store.getText(file.key)));
  const written: string[] = [];
  for (const [at, { file }] of ordered.entries()) {
    if (stored[at] === asText(file.body)) continue;
    await putSiteFile(store, file.key, file.body);
    written.push(file.key);
  }
  return written;
}
