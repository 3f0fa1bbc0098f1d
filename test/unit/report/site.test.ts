import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type RenderedReport,
  type ReportMeta,
  type SiteFile,
  UNSUBSCRIBE_URL_PLACEHOLDER,
} from '../../../lambdas/model/index.ts';
import { renderReport } from '../../../lambdas/report/render-report.ts';
import { renderSiteIndexFiles } from '../../../lambdas/report/render-site.ts';
import { buildFixtureAssessment, buildFixtureFlush, buildFixtureSeries } from './fixtures.ts';

const SITE = {
  baseUrl: 'https://aftershock.example.com',
  title: 'Aftershock & Co',
  subscribeUrl: 'https://api.example.com/subscribe',
};
const parser = new XMLParser({ ignoreAttributes: false });

function meta(index: number, overrides: Partial<ReportMeta> = {}): ReportMeta {
  const day = String((index % 28) + 1).padStart(2, '0');
  const slug = `2026-02-${day}-btc-long-flush-${String(index).padStart(4, '0')}`;
  return {
    id: slug,
    slug,
    kind: 'flash',
    title: `Report ${index} <b>&</b> "quotes"`,
    summary: `Summary ${index} with < and &.`,
    asOf: new Date(Date.UTC(2026, 1, 1) + index * 3_600_000).toISOString(),
    assets: [index % 2 === 0 ? 'BTC' : 'ETH'],
    path: `reports/2026/02/${day}/${slug}/`,
    simulated: index === 59,
    imagePath: `reports/2026/02/${day}/${slug}/social-card.png`,
    ...overrides,
  };
}

function file(files: SiteFile[], key: string): string {
  const found = files.find((item) => item.key === key);
  if (!found || typeof found.body !== 'string') throw new Error(`no text file ${key}`);
  return found.body;
}

describe('renderReport', () => {
  let report: RenderedReport;
  beforeAll(async () => {
    const assessment = buildFixtureAssessment();
    report = await renderReport({
      series: buildFixtureSeries({ simulated: true }),
      flush: buildFixtureFlush(),
      assessment,
      history: [],
      kind: 'flash',
      asOfMs: assessment.asOfMs,
      siteBaseUrl: SITE.baseUrl,
      siteTitle: SITE.title,
      tiers: { minor: 0.005, major: 0.02, extreme: 0.05 },
      site: SITE,
    });
  });

  it('keeps the email under 100 KB with the unsubscribe placeholder in HTML and text', () => {
    expect(Buffer.byteLength(report.email.html, 'utf8')).toBeLessThan(100 * 1024);
    expect(report.email.html).toContain(UNSUBSCRIBE_URL_PLACEHOLDER);
    expect(report.email.text).toContain(UNSUBSCRIBE_URL_PLACEHOLDER);
    expect(report.email.html, 'CSS inlined by juice').toContain('style="');
    expect(report.email.html).toContain(
      `${SITE.baseUrl}/${report.meta.path}price.png" width="600"`,
    );
    expect(report.email.subject).toMatch(/^\[Simulated\] At least \$642M/);
  });

  it('renders a page with social tags, charts, sections, feeds and the simulated banner', () => {
    const html = report.pageHtml;
    expect(html).toContain(
      `<meta property="og:image" content="${SITE.baseUrl}/${report.meta.path}social-card.png">`,
    );
    expect(html, 'the social card is published but not shown in the article').not.toContain(
      'src="social-card.png"',
    );
    expect(html).toContain(`<link rel="canonical" href="${SITE.baseUrl}/${report.meta.path}">`);
    expect(html).toContain('type="application/rss+xml"');
    expect(html).toContain('width="1200" height="600" alt="BTC index price from $84,200');
    expect(html).toContain('Simulated data: this report was generated from a simulated market');
    expect(html).toContain('not financial advice');
    expect(html).toContain('action="https://api.example.com/subscribe"');
    expect(html).toContain('href="data.json"');
    expect(html).toContain('Aftershock &amp; Co');
    expect(`${html}${report.email.html}${report.email.text}`).not.toMatch(/NaN|undefined|Infinity/);
  });
});

describe('renderSiteIndexFiles', () => {
  const reports = Array.from({ length: 60 }, (_, index) => meta(index));
  const files = renderSiteIndexFiles(reports, SITE);

  it('writes every site-wide file', () => {
    expect(files.map((item) => item.key).sort()).toEqual(
      [
        '404.html',
        'archive/index.html',
        'archive/page/1/index.html',
        'archive/page/2/index.html',
        'assets/btc/index.html',
        'assets/eth/index.html',
        'assets/style.css',
        'atom.xml',
        'feed.json',
        'feed.xml',
        'index.html',
        'robots.txt',
        'sitemap.xml',
      ].sort(),
    );
  });

  it('writes RSS 2.0 with channel and 50 newest items, escaped', () => {
    const rss = parser.parse(file(files, 'feed.xml'));
    const items = rss.rss.channel.item;
    expect(items).toHaveLength(50);
    expect(items[0].title).toBe('[Simulated] Report 59 <b>&</b> "quotes"');
    expect(items[0].pubDate).toMatch(/^\w{3}, \d{2} \w{3} 2026 \d{2}:\d{2}:\d{2} GMT$/);
    expect(items[0].link).toMatch(/^https:\/\/aftershock\.example\.com\/reports\//);
  });

  it('writes Atom with feed and entries with RFC 3339 dates', () => {
    const atom = parser.parse(file(files, 'atom.xml'));
    expect(atom.feed.entry).toHaveLength(50);
    expect(atom.feed.entry[0].updated).toMatch(/^2026-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(atom.feed.entry[0].link['@_href']).toMatch(/^https:\/\//);
  });

  it('writes JSON Feed 1.1 with id, url and title on every item', () => {
    const feed = JSON.parse(file(files, 'feed.json'));
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.title).toBe(SITE.title);
    expect(feed.items).toHaveLength(50);
    for (const item of feed.items) {
      expect(typeof item.id).toBe('string');
      expect(item.url).toMatch(/^https:\/\//);
      expect(typeof item.title).toBe('string');
    }
  });

  it('lists reports newest first, marks simulated ones, and links the sitemap from robots.txt', () => {
    const index = file(files, 'index.html');
    expect(index.indexOf('Report 59')).toBeLessThan(index.indexOf('Report 58'));
    expect(index).toContain('Simulated');
    expect(file(files, 'robots.txt')).toContain(`Sitemap: ${SITE.baseUrl}/sitemap.xml`);
    const sitemap = parser.parse(file(files, 'sitemap.xml'));
    expect(sitemap.urlset.url.length).toBe(60 + 4);
    expect(file(files, 'assets/eth/index.html')).not.toContain('Report 58');
  });

  it('renders pages with a sentence instead of an empty list when there are no reports', () => {
    const empty = renderSiteIndexFiles([], SITE);
    expect(file(empty, 'index.html')).toContain('No reports have been published yet.');
    expect(file(empty, 'archive/index.html')).toContain('No reports have been published yet.');
    expect(parser.parse(file(empty, 'feed.xml')).rss.channel.title).toBe(SITE.title);
    expect(JSON.parse(file(empty, 'feed.json')).items).toEqual([]);
  });
});
