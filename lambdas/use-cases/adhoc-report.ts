import type { RenderedReport } from '../model/index.ts';
import type { SiteStore } from '../publish/ports.ts';
import { contentTypeFor } from '../publish/site-file-headers.ts';
import { absoluteUrl } from '../report/article-identity.ts';

/** Site prefix of editors' drafts: never in the manifest, so never in the index, feeds or sitemap. */
export const DRAFTS_PREFIX = 'drafts/';

/**
 * Writes a rendered report under `drafts/<id>/` (page, charts, data.json) without
 * touching the manifest, index, feeds or sitemap; returns the draft's URL.
 */
export async function publishDraft(
  site: SiteStore,
  rendered: RenderedReport,
  siteBaseUrl: string,
): Promise<string> {
  const folder = `${DRAFTS_PREFIX}${rendered.meta.id}/`;
  const put = (file: string, body: string | Uint8Array) =>
    site.putFile({
      key: `${folder}${file}`,
      body,
      contentType: contentTypeFor(file),
      cacheControl: 'private, no-store',
    });
  for (const chart of rendered.charts) await put(chart.file, chart.png);
  await put('data.json', JSON.stringify(rendered.data, null, 2));
  await put('index.html', rendered.pageHtml);
  return absoluteUrl(siteBaseUrl, folder);
}
