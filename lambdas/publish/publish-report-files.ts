import {
  FEED_CONTENT_FILE,
  type RenderedReport,
  type ReportMeta,
  type SiteFile,
} from '../model/index.ts';
import type { PacingClock } from '../shared/clock.ts';
import { type BackoffPolicy, retryWithBackoff } from '../shared/retry.ts';
import type { ReportPageLinker, SiteStore } from './ports.ts';
import { WriteConflictError } from './publish-errors.ts';
import { MANIFEST_KEY, parseManifest, upsertManifestEntry } from './report-manifest.ts';
import { cacheControlFor, contentTypeFor } from './site-file-headers.ts';

/**
 * Retries of a manifest update that lost to a concurrent publisher: each conflict means another
 * report got in first, so with K publishers at once the last one needs K tries; 25 tries with
 * jittered backoff (10 ms doubling to 500 ms) cover far more publishers than the schedules start.
 */
export const MANIFEST_CONFLICT_BACKOFF: BackoffPolicy = {
  maxAttempts: 25,
  baseDelayMs: 10,
  maxDelayMs: 500,
};

/** Options of {@link publishReportFiles}. */
export interface PublishReportFilesOptions {
  /** Sleeps between manifest retries; tests pass a fake one. */
  clock?: PacingClock;
}

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
 * Writes a report's charts, `data.json` and feed fragment into its folder: all before the
 * manifest lists it, so the feeds built from the manifest always find its content.
 */
async function putReportAssets(
  store: SiteStore,
  rendered: RenderedReport<object>,
  folder = rendered.meta.path,
): Promise<void> {
  for (const chart of rendered.charts) {
    await putSiteFile(store, keyInFolder(folder, chart.file), chart.png);
  }
  await putSiteFile(
    store,
    keyInFolder(folder, 'data.json'),
    JSON.stringify(rendered.data, null, 2),
  );
  await putSiteFile(store, keyInFolder(folder, FEED_CONTENT_FILE), rendered.feedHtml);
}

/**
 * Writes one report's charts, `data.json` and page (as rendered, without navigation) and
 * nothing else: no manifest entry, so no index, feed or sitemap ever lists it (editors' drafts).
 */
export async function publishUnlistedReportFiles(
  store: SiteStore,
  rendered: RenderedReport<object>,
): Promise<void> {
  await putReportAssets(store, rendered);
  await putSiteFile(store, keyInFolder(rendered.meta.path, 'index.html'), rendered.pageHtml);
}

/**
 * Publishes one report: its charts and `data.json` first, then its page (with a link
 * to the previous report), then the manifest, then the pages of its neighbours re-linked
 * to it, so nothing ever lists or links a page that is not there yet. Re-publishing the
 * same id overwrites its files and replaces its manifest entry and navigation block.
 * Returns the updated manifest (newest first).
 *
 * The manifest is a read-modify-write shared by every publisher (the schedules overlap,
 * editors publish by hand), so it is written conditionally on the version it was read at;
 * a publisher that loses reads the newer manifest, re-links its page against it and tries
 * again ({@link MANIFEST_CONFLICT_BACKOFF}). No entry is ever lost (reliability audit #36:
 * 2 publishers lost half the entries, 8 lost 87 %). Neighbours are re-linked only after the
 * manifest is in, and again while it keeps changing under the re-linking, so a slow
 * publisher never leaves a page linked against a list that has moved on.
 */
export async function publishReportFiles(
  store: SiteStore,
  rendered: RenderedReport<object>,
  linker?: ReportPageLinker,
  options: PublishReportFilesOptions = {},
): Promise<ReportMeta[]> {
  await putReportAssets(store, rendered);
  const listed = await retryWithBackoff(() => listReport(store, rendered, linker), {
    policy: MANIFEST_CONFLICT_BACKOFF,
    isRetryable: (error) => error instanceof WriteConflictError,
    clock: options.clock,
  });
  if (!linker) return listed.manifest;
  return relinkUntilStable(store, linker, rendered.meta, listed.before, listed.manifest);
}

/**
 * One try: the page linked against the manifest as read and, when this is its story's newest
 * version, the story's page and files (a copy of this version's, at the story's path), then the
 * manifest if still unchanged.
 */
async function listReport(
  store: SiteStore,
  rendered: RenderedReport<object>,
  linker: ReportPageLinker | undefined,
): Promise<{ before: ReportMeta[]; manifest: ReportMeta[] }> {
  const stored = await store.getTextVersion(MANIFEST_KEY);
  const before = parseManifest(stored?.text ?? null);
  const manifest = upsertManifestEntry(before, rendered.meta);
  const { meta } = rendered;
  const story = linker?.pageOf(manifest, meta) ?? null;
  const page =
    linker && story
      ? linker.linkPage(rendered.pageHtml, { path: meta.path, pageId: story.id }, manifest)
      : rendered.pageHtml;
  await putSiteFile(store, keyInFolder(meta.path, 'index.html'), page);
  if (linker && story && story.path !== meta.path && linker.updatesPage(manifest, meta)) {
    await putReportAssets(store, rendered, story.path);
    const storyPage = linker.linkPage(
      rendered.storyPageHtml,
      { path: story.path, pageId: story.id },
      manifest,
    );
    await putSiteFile(store, keyInFolder(story.path, 'index.html'), storyPage);
  }
  await store.putFileIfVersion(
    {
      key: MANIFEST_KEY,
      body: JSON.stringify(manifest, null, 2),
      contentType: contentTypeFor(MANIFEST_KEY),
      cacheControl: cacheControlFor(MANIFEST_KEY),
    },
    stored?.version ?? null,
  );
  return { before, manifest };
}

/** Most re-linking passes per publication; each extra one follows a concurrent publisher. */
const MAX_RELINK_ROUNDS = 10;

/**
 * Re-renders the previous/next block of the stored pages next to `meta`, before and after
 * this publication (a re-published report whose time moved leaves old neighbours to
 * re-link), and of its own page; see lambdas/report/report-nav.ts. A page that is missing or
 * already linked is not written. When the manifest changed while the pages were written,
 * every page touched so far is linked again against the newer list, until it holds still.
 * Returns the list the pages were last linked against.
 */
async function relinkUntilStable(
  store: SiteStore,
  linker: ReportPageLinker,
  meta: ReportMeta,
  before: ReportMeta[],
  manifest: ReportMeta[],
): Promise<ReportMeta[]> {
  const own = linker.pageOf(manifest, meta).id;
  const touched = new Set([own, ...linker.neighbourIds(before, own)]);
  let current = manifest;
  for (let round = 1; ; round += 1) {
    for (const id of linker.neighbourIds(current, own)) touched.add(id);
    // The story pages around this one, and this story's kept readings (each lists them all).
    const pages = [
      ...linker
        .pages(current)
        .filter((listed) => touched.has(listed.id))
        .map((page) => ({ path: page.path, pageId: page.id })),
      ...linker.versionsOf(current, own).map((version) => ({ path: version.path, pageId: own })),
    ];
    for (const at of pages) {
      const key = keyInFolder(at.path, 'index.html');
      const stored = await store.getText(key);
      if (stored === null) continue;
      const linked = linker.linkPage(stored, at, current);
      if (linked !== stored) await putSiteFile(store, key, linked);
    }
    const latest = parseManifest(await store.getText(MANIFEST_KEY));
    if (JSON.stringify(latest) === JSON.stringify(current) || round >= MAX_RELINK_ROUNDS) {
      return current;
    }
    current = latest;
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

/** Most renderings of the site files per publication; each extra one follows a concurrent publisher. */
const MAX_SITE_FILE_ROUNDS = 10;

/**
 * Publishes the site-wide files rendered from `reports` (see {@link publishSiteFiles}), then
 * reads the manifest again: when another publisher changed it meanwhile, the files are rendered
 * from the newer list and published again, so the last publisher to finish never leaves an index
 * or feed that misses a report the manifest lists. Returns the list the files were last built from.
 */
export async function publishSiteFilesFor(
  store: SiteStore,
  reports: readonly ReportMeta[],
  render: (reports: ReportMeta[]) => readonly SiteFile[] | Promise<readonly SiteFile[]>,
): Promise<ReportMeta[]> {
  let current = [...reports];
  for (let round = 1; ; round += 1) {
    await publishSiteFiles(store, await render(current));
    const latest = parseManifest(await store.getText(MANIFEST_KEY));
    if (JSON.stringify(latest) === JSON.stringify(current) || round >= MAX_SITE_FILE_ROUNDS) {
      return current;
    }
    current = latest;
  }
}
