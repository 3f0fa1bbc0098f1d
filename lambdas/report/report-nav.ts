import type { ReportMeta } from '../model/index.ts';
import { defaultTemplateRenderer } from './default-template-renderer.ts';
import { rootPathFrom, sortReportsNewestFirst } from './site-view.ts';
import { isNewestVersion, storiesOf, storyOf, storyVersions } from './stories.ts';
import type { TemplateRenderer } from './template-renderer.ts';

/*
 * Previous/next links on a report page.
 *
 * The previous report is known when a report is published, the next one only when
 * the next report is. Rather than storing anything new, the navigation is a block
 * between two marker comments in the page: publishing a report renders its own
 * block from the manifest and then re-renders the block of its neighbours' stored
 * pages (a string-level splice, so a page's other bytes never change). Re-publishing
 * replaces the block, never appends to it. For this to reach readers, a report's
 * `index.html` is served with a short Cache-Control (its PNGs and data.json stay
 * immutable): see `cacheControlFor` in lambdas/publish/site-file-headers.ts.
 */

/** Opens the navigation block of a report page. */
export const REPORT_NAV_START = '<!-- aftershock:report-nav -->';
/** Closes the navigation block of a report page. */
export const REPORT_NAV_END = '<!-- /aftershock:report-nav -->';

/** The reports published just before and just after one report, site-wide. */
export interface ReportNeighbours {
  /** The next older report, or null for the first report. */
  previous: ReportMeta | null;
  /** The next newer report, or null for the latest report. */
  next: ReportMeta | null;
}

/**
 * Neighbours of report `id` in publication order (by `asOf`, then id, as the index
 * lists them). A report that is not in the list has none.
 * @example reportNeighbours([newest, middle, oldest], middle.id) // { previous: oldest, next: newest }
 */
export function reportNeighbours(reports: ReportMeta[], id: string): ReportNeighbours {
  const newestFirst = sortReportsNewestFirst(reports);
  const at = newestFirst.findIndex((meta) => meta.id === id);
  if (at === -1) return { previous: null, next: null };
  return { previous: newestFirst[at + 1] ?? null, next: newestFirst[at - 1] ?? null };
}

/**
 * The navigation block (markers included) of the report at `pagePath`. Links are
 * relative to that page, so they resolve on any host, in the preview and on `file://`.
 */
export function renderReportNav(
  pagePath: string,
  neighbours: ReportNeighbours,
  renderer: TemplateRenderer = defaultTemplateRenderer(),
  versions: readonly ReportMeta[] = [],
): string {
  const root = rootPathFrom(pagePath);
  const link = (meta: ReportMeta | null) =>
    meta ? { url: `${root}${meta.path}`, title: meta.title } : null;
  const readings = versions.map((meta) => ({
    label: versionLabel(meta),
    url: `${root}${meta.path}`,
    current: meta.path === pagePath,
  }));
  const nav = renderer.render('report-nav', {
    root,
    previous: link(neighbours.previous),
    next: link(neighbours.next),
    readings: readings.length > 0 ? readings : null,
  });
  return `${REPORT_NAV_START}\n${nav.trim()}\n${REPORT_NAV_END}`;
}

/**
 * The page with its navigation block replaced by `navBlock`; a page without the
 * markers (rendered before they existed) is returned unchanged.
 * @example withReportNav(page, renderReportNav(meta.path, reportNeighbours(stories, meta.id)))
 */
export function withReportNav(pageHtml: string, navBlock: string): string {
  const start = pageHtml.indexOf(REPORT_NAV_START);
  const end = pageHtml.indexOf(REPORT_NAV_END, start);
  if (start === -1 || end === -1) return pageHtml;
  return pageHtml.slice(0, start) + navBlock + pageHtml.slice(end + REPORT_NAV_END.length);
}

/**
 * "24h" for a story's version at `…/v/24h/`, else its kind.
 * @example versionLabel({ ...meta, path: 'reports/2026/03/12/x/v/4h/' }) // "4h"
 */
export function versionLabel(meta: ReportMeta): string {
  return /\/v\/([^/]+)\/$/.exec(meta.path)?.[1] ?? meta.kind;
}

/**
 * The page served at `at.path` with the navigation of story page `at.pageId` within the
 * manifest `reports`: the stories before and after it, and the story's published readings.
 */
export function linkReportPage(
  pageHtml: string,
  at: { path: string; pageId: string },
  reports: ReportMeta[],
  renderer?: TemplateRenderer,
): string {
  const stories = storiesOf(reports);
  return withReportNav(
    pageHtml,
    renderReportNav(
      at.path,
      reportNeighbours(stories, at.pageId),
      renderer,
      storyVersions(reports, at.pageId),
    ),
  );
}

/**
 * The report module's page linker, for `publishReportFiles` (which may not import this module):
 * one page per story (report/stories.ts), previous and next by event time over the whole site.
 */
export const reportPageLinker = {
  pages: (reports: ReportMeta[]): ReportMeta[] => storiesOf(reports),
  pageOf(reports: ReportMeta[], meta: ReportMeta): ReportMeta {
    const { id } = storyOf(meta);
    const page = storiesOf(reports).find((story) => story.id === id);
    if (page === undefined) throw new Error(`${meta.id} is not in the list it is linked against`);
    return page;
  },
  updatesPage: (reports: ReportMeta[], meta: ReportMeta): boolean => isNewestVersion(reports, meta),
  neighbourIds(reports: ReportMeta[], pageId: string): string[] {
    const { previous, next } = reportNeighbours(storiesOf(reports), pageId);
    return [previous?.id, next?.id].filter((value): value is string => value !== undefined);
  },
  versionsOf: (reports: ReportMeta[], pageId: string): ReportMeta[] =>
    storyVersions(reports, pageId),
  linkPage: (
    pageHtml: string,
    at: { path: string; pageId: string },
    reports: ReportMeta[],
  ): string => linkReportPage(pageHtml, at, reports),
};
