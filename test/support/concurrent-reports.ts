import type { RenderedReport } from '../../lambdas/model/index.ts';
import { MANIFEST_KEY, parseManifest, type SiteStore } from '../../lambdas/publish/index.ts';
import { REPORT_NAV_END, REPORT_NAV_START, reportPageLinker } from '../../lambdas/report/index.ts';
import { sampleRenderedReport } from '../unit/publish/sample-rendered-report.ts';

/**
 * Report number `n` of a test run: its own id, slug, time and folder, and a page with the
 * navigation markers, so the test can check every page's previous/next links at the end.
 */
export function numberedReport(run: string, n: number): RenderedReport {
  const slug = `${run}-report-${n}`;
  const rendered = sampleRenderedReport({
    id: slug,
    slug,
    title: `Report ${n} of ${run}`,
    asOf: new Date(Date.parse('2026-11-20T00:00:00Z') + n * 3_600_000).toISOString(),
    path: `reports/2026/11/20/${slug}/`,
    imagePath: `reports/2026/11/20/${slug}/price.png`,
  });
  return {
    ...rendered,
    pageHtml: `<!doctype html><html><body><h1>${rendered.meta.title}</h1>\n${REPORT_NAV_START}\n${REPORT_NAV_END}\n</body></html>`,
  };
}

/** What a store holds after a run: manifest ids, and the pages whose navigation is not what the manifest says. */
export async function siteState(store: SiteStore) {
  const manifest = parseManifest(await store.getText(MANIFEST_KEY));
  const misLinked: string[] = [];
  for (const meta of manifest) {
    const page = (await store.getText(`${meta.path}index.html`)) ?? '';
    if (reportPageLinker.linkPage(page, { path: meta.path, pageId: meta.id }, manifest) !== page)
      misLinked.push(meta.id);
  }
  const archive = (await store.getText('archive/index.html')) ?? '';
  const archived = manifest.filter((meta) => archive.includes(meta.title)).length;
  return { ids: manifest.map((meta) => meta.id).sort(), misLinked, archived };
}
