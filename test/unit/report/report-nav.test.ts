import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderedReport, ReportKind, ReportMeta } from '../../../lambdas/model/index.ts';
import { MemorySiteStore, publishReportFiles } from '../../../lambdas/publish/index.ts';
import { renderReport } from '../../../lambdas/report/render-report.ts';
import {
  REPORT_NAV_END,
  REPORT_NAV_START,
  reportNeighbours,
  reportPageLinker,
  withReportNav,
} from '../../../lambdas/report/report-nav.ts';
import { buildFixtureAssessment, buildFixtureFlush, buildFixtureSeries } from './fixtures.ts';

const SITE = {
  baseUrl: 'https://aftershock.example.com',
  title: 'Aftershock',
  subscribeUrl: 'https://api.example.com/subscribe',
};
const HOUR_MS = 3_600_000;

function renderAt(kind: ReportKind, hoursAfter: number): Promise<RenderedReport> {
  const assessment = buildFixtureAssessment();
  return renderReport({
    series: buildFixtureSeries(),
    flush: buildFixtureFlush(),
    assessment,
    history: [],
    kind,
    asOfMs: assessment.asOfMs + hoursAfter * HOUR_MS,
    siteBaseUrl: SITE.baseUrl,
    siteTitle: SITE.title,
    tiers: { minor: 0.005, major: 0.02, extreme: 0.05 },
    site: SITE,
  });
}

/** The story a report is a version of, as lists and links show it (its page's path). */
function story(meta: ReportMeta): ReportMeta {
  return { ...meta, path: meta.storyPath ?? meta.path };
}

/** The page a reader reaches for a report: its story's. */
async function pageOf(store: MemorySiteStore, meta: ReportMeta): Promise<string> {
  return (await store.getText(`${story(meta).path}index.html`)) ?? '';
}

/** Site path a `rel` link of a page points at, resolved like a browser would. */
function linkTarget(html: string, meta: ReportMeta, rel: 'prev' | 'next'): string | null {
  const href = html.match(new RegExp(`rel="${rel}" href="([^"]+)"`))?.[1];
  if (href === undefined) return null;
  return new URL(href, `${SITE.baseUrl}/${meta.path}`).pathname.slice(1);
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('previous/next links on report pages', () => {
  let first: RenderedReport;
  let second: RenderedReport;
  beforeAll(async () => {
    [first, second] = await Promise.all([renderAt('flash', 0), renderAt('ad-hoc', 2)]);
  });

  it('renders a lone report with an archive link and no neighbours', async () => {
    const store = new MemorySiteStore();
    await publishReportFiles(store, first, reportPageLinker);
    const page = await pageOf(store, first.meta);
    expect(count(page, REPORT_NAV_START)).toBe(1);
    expect(linkTarget(page, story(first.meta), 'prev')).toBeNull();
    expect(linkTarget(page, story(first.meta), 'next')).toBeNull();
    expect(page).toContain('All reports');
  });

  it('links the first page to the second and the second back when two are published', async () => {
    expect(first.meta.id, 'two distinct reports').not.toBe(second.meta.id);
    const store = new MemorySiteStore();
    await publishReportFiles(store, first, reportPageLinker);
    await publishReportFiles(store, second, reportPageLinker);
    const firstPage = await pageOf(store, first.meta);
    const secondPage = await pageOf(store, second.meta);
    expect(linkTarget(firstPage, story(first.meta), 'next'), 'the old page gains a next link').toBe(
      story(second.meta).path,
    );
    expect(linkTarget(secondPage, story(second.meta), 'prev')).toBe(story(first.meta).path);
    expect(linkTarget(firstPage, story(first.meta), 'prev')).toBeNull();
    expect(linkTarget(secondPage, story(second.meta), 'next')).toBeNull();
    expect(firstPage).toContain(second.meta.title.replaceAll('&', '&amp;').slice(0, 20));
  });

  it('keeps one link each way when both reports are published again', async () => {
    const store = new MemorySiteStore();
    for (const report of [first, second, second, first, second]) {
      await publishReportFiles(store, report, reportPageLinker);
    }
    const firstPage = await pageOf(store, first.meta);
    const secondPage = await pageOf(store, second.meta);
    for (const page of [firstPage, secondPage]) {
      expect(count(page, REPORT_NAV_START), 'one navigation block').toBe(1);
      expect(count(page, REPORT_NAV_END)).toBe(1);
      expect(count(page, 'rel="prev"') + count(page, 'rel="next"'), 'one link').toBe(1);
    }
    expect(linkTarget(firstPage, story(first.meta), 'next')).toBe(story(second.meta).path);
  });

  it('links both ways when the older report is published after the newer one', async () => {
    const store = new MemorySiteStore();
    await publishReportFiles(store, second, reportPageLinker);
    await publishReportFiles(store, first, reportPageLinker);
    expect(linkTarget(await pageOf(store, second.meta), story(second.meta), 'prev')).toBe(
      story(first.meta).path,
    );
    expect(linkTarget(await pageOf(store, first.meta), story(first.meta), 'next')).toBe(
      story(second.meta).path,
    );
  });
});

describe('reportNeighbours and withReportNav', () => {
  const meta = (id: string, asOf: string) =>
    ({ id, asOf, path: `reports/${id}/` }) as unknown as ReportMeta;

  it('finds the older and newer neighbour whatever the list order', () => {
    const reports = [meta('b', '2026-01-02'), meta('c', '2026-01-03'), meta('a', '2026-01-01')];
    const { previous, next } = reportNeighbours(reports, 'b');
    expect(previous?.id).toBe('a');
    expect(next?.id).toBe('c');
    expect(reportNeighbours(reports, 'missing')).toEqual({ previous: null, next: null });
  });

  it('leaves a page without markers unchanged', () => {
    const page = '<html><body>old page</body></html>';
    expect(withReportNav(page, `${REPORT_NAV_START}x${REPORT_NAV_END}`)).toBe(page);
  });
});
