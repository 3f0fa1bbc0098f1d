import { FEED_CONTENT_FILE, type ReportMeta } from '../model/index.ts';
import type { SiteStore } from '../publish/index.ts';
import type { FeedContents } from '../report/index.ts';
import { mapWithConcurrency } from '../shared/concurrency.ts';

/** Feed fragments read at once: S3 answers small GETs in parallel; 16 keeps a Lambda's sockets free. */
const READ_CONCURRENCY = 16;

/**
 * The published feed fragments (`content.html`) of `reports`, by report id. A fragment read
 * once is kept in `cache` (a fragment never changes without its report being re-published,
 * which writes it first), so a publication re-rendering its feeds after a concurrent one reads
 * only the reports that are new to it. A report without a fragment is left out, and its feed
 * items carry the summary only.
 */
export async function loadFeedContents(
  site: SiteStore,
  reports: readonly ReportMeta[],
  cache: Map<string, string | null>,
): Promise<FeedContents> {
  const missing = reports.filter((meta) => !cache.has(meta.id));
  const read = await mapWithConcurrency(missing, READ_CONCURRENCY, (meta) =>
    site.getText(`${meta.path}${FEED_CONTENT_FILE}`),
  );
  missing.forEach((meta, at) => {
    cache.set(meta.id, read[at] ?? null);
  });
  const contents = new Map<string, string>();
  for (const meta of reports) {
    const html = cache.get(meta.id);
    if (typeof html === 'string') contents.set(meta.id, html);
  }
  return contents;
}
