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

/** The fixture flash report, rendered for `site`. */
function renderFixtureReport(site: typeof SITE & { postalAddress?: string }) {
  const assessment = buildFixtureAssessment();
  return renderReport({
    series: buildFixtureSeries({ simulated: true }),
    flush: buildFixtureFlush(),
    assessment,
    history: [],
    kind: 'flash',
    asOfMs: assessment.asOfMs,
    siteBaseUrl: site.baseUrl,
    siteTitle: site.title,
    tiers: { minor: 0.005, major: 0.02, extreme: 0.05 },
    site,
  });
}

describe('renderReport', () => {
  let report: RenderedReport;
  beforeAll(async () => {
    report = await renderFixtureReport(SITE);
  });

  it('keeps the email under 100 KB with the unsubscribe placeholder in HTML and text', () => {
    expect(Buffer.byteLength(report.email.html, 'utf8')).toBeLessThan(100 * 1024);
    expect(report.email.html).toContain(UNSUBSCRIBE_URL_PLACEHOLDER);
    expect(report.email.text).toContain(UNSUBSCRIBE_URL_PLACEHOLDER);
    expect(report.email.html, 'CSS inlined by juice').toContain('style="');
    expect(report.email.html).toContain(
      `${SITE.baseUrl}/${report.meta.path}price-narrow.png" width="560"`,
    );
    expect(report.email.subject).toMatch(/^\[Simulated\] At least \$642M/);
  });

  it('writes valid image sizes, the phone drawings, the lead chart before the text and each other chart under its section, as on the page', () => {
    const html = report.email.html;
    expect(html, 'juice must not turn CSS height:auto into an attribute').not.toMatch(
      /(?:height|width)="(?!\d)/,
    );
    const images = [...html.matchAll(/<img src="[^"]*\/([\w-]+\.png)" width="560" height="498"/g)];
    expect(images.map((m) => m[1]).sort()).toEqual([
      'flush-zoom-narrow.png',
      'funding-narrow.png',
      'liquidations-by-venue-narrow.png',
      'open-interest-narrow.png',
      'price-narrow.png',
    ]);
    const firstSection = html.indexOf('<h2');
    expect(html.indexOf('flush-zoom-narrow.png'), 'the flush close-up leads').toBeLessThan(
      firstSection,
    );
    // Headings and charts in reading order: the email's, past its lead, are the page's.
    const order = (doc: string, chart: RegExp) =>
      [...doc.matchAll(new RegExp(`<h2[^>]*>([^<]*)</h2>|${chart.source}`, 'g'))].map(
        (m) => m[1] ?? m[2],
      );
    const page = order(report.pageHtml, /<img[^>]*src="([\w-]+?)(?:-800)?\.(?:webp|png)"/);
    const email = order(html, /<img src="[^"]*\/([\w-]+?)-narrow\.png"/);
    expect(email[0]).toBe('flush-zoom');
    const article = page.slice(0, page.indexOf('Get the next report by email'));
    expect(email.slice(1)).toEqual(article.filter((item) => item !== 'flush-zoom'));
  });

  it('offers a dark scheme that survives CSS inlining', () => {
    const html = report.email.html;
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    const dark = /@media \(prefers-color-scheme: ?dark\)\s*\{([\s\S]*?)\n\}/.exec(html);
    expect(dark, 'the media query is kept in <style>').not.toBeNull();
    expect(dark?.[1]).toMatch(/\.container[\s\S]*background: ?#161b22 ?!important/);
  });

  it('stacks the key numbers two a row on a phone, a rule that survives CSS inlining', () => {
    const phone = /@media \(max-width: ?480px\)\s*\{([\s\S]*?)\n\}/.exec(report.email.html);
    expect(phone, 'the media query is kept in <style>').not.toBeNull();
    expect(phone?.[1]).toMatch(/\.number\s*\{[^}]*width: ?50% ?!important/);
  });

  it('prints the postal address in both email parts only when one is configured', async () => {
    expect(report.email.html).not.toContain('Example Street');
    const withAddress = await renderFixtureReport({
      ...SITE,
      postalAddress: '1 Example Street, 10115 Berlin, Germany',
    });

    expect(withAddress.email.html).toContain(
      'Aftershock &amp; Co · 1 Example Street, 10115 Berlin, Germany',
    );
    expect(withAddress.email.text).toContain(
      'Aftershock & Co · 1 Example Street, 10115 Berlin, Germany',
    );
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
    expect(html.split('not financial advice').length - 1, 'once, at the article’s end').toBe(1);
    expect(html).toContain('action="https://api.example.com/subscribe"');
    expect(html).toContain('href="data.json"');
    expect(html).toContain('Aftershock &amp; Co');
    expect(`${html}${report.email.html}${report.email.text}`).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('puts the text before the charts and each chart after the section it supports', () => {
    const html = report.pageHtml;
    const at = (text: string) => {
      const index = html.indexOf(text);
      expect(index, text).toBeGreaterThan(0);
      return index;
    };
    const figure = (file: string) => at(`<img src="${file}"`);
    expect(at('<figure'), 'the first sentence comes before any chart').toBeGreaterThan(
      at('id="what-just-happened"'),
    );
    expect(figure('flush-zoom.png')).toBeLessThan(at('id="why-it-cascaded"'));
    expect(figure('liquidations-by-venue.png')).toBeLessThan(at('id="why-it-cascaded"'));
    expect(figure('funding.png')).toBeGreaterThan(at('id="why-it-cascaded"'));
    expect(figure('open-interest.png')).toBeGreaterThan(at('id="where-the-market-stands"'));
    expect(figure('price.png'), 'the levels chart beside the levels').toBeGreaterThan(
      at('id="levels-that-matter"'),
    );
    expect(html.match(/<figure/g)?.length, 'each chart once').toBe(5);
  });

  it('describes the page as a NewsArticle with the social card at its real size', () => {
    const match = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(report.pageHtml);
    expect(match, 'one JSON-LD block in the head').not.toBeNull();
    const ld = JSON.parse(match?.[1] ?? '{}');
    expect(ld['@type']).toBe('NewsArticle');
    expect(ld.headline.length).toBeLessThanOrEqual(110);
    expect(ld.headline.startsWith('[Simulated] ')).toBe(true);
    expect(ld.datePublished).toBe(report.meta.asOf);
    expect(ld.url).toBe(`${SITE.baseUrl}/${report.meta.path}`);
    expect(ld.image).toEqual([
      {
        '@type': 'ImageObject',
        url: `${SITE.baseUrl}/${report.meta.path}social-card.png`,
        width: 1200,
        height: 630,
      },
    ]);
    expect(ld.publisher.name).toBe(SITE.title);
    expect(report.pageHtml).toContain('<meta property="og:image:height" content="630">');
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
        'assets/btc/page/1/index.html',
        'assets/btc/feed.xml',
        'assets/btc/atom.xml',
        'assets/btc/feed.json',
        'assets/eth/index.html',
        'assets/eth/page/1/index.html',
        'assets/eth/feed.xml',
        'assets/eth/atom.xml',
        'assets/eth/feed.json',
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

  it('ends every list page with the disclaimer in its footer', () => {
    for (const key of ['index.html', 'archive/index.html', 'assets/btc/index.html', '404.html'])
      expect(file(files, key), key).toContain('not financial advice');
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
    // 60 reports, the index, the archive with its 2 numbered pages, 2 asset pages with 1 each.
    expect(sitemap.urlset.url.length).toBe(60 + 1 + 3 + 2 * 2);
    expect(file(files, 'assets/eth/index.html')).not.toContain('Report 58');
  });

  it('announces the social card of list pages at 1200×630, its real size', () => {
    const index = file(files, 'index.html');
    expect(index).toContain('<meta property="og:image:width" content="1200">');
    expect(index).toContain('<meta property="og:image:height" content="630">');
  });

  it('writes each asset its own RSS, Atom and JSON feed of its reports only, linked from its page', () => {
    const rss = parser.parse(file(files, 'assets/eth/feed.xml'));
    expect(rss.rss.channel.title).toBe(`${SITE.title}: ETH`);
    expect(rss.rss.channel.link).toBe(`${SITE.baseUrl}/assets/eth/`);
    expect(rss.rss.channel['atom:link']['@_href']).toBe(`${SITE.baseUrl}/assets/eth/feed.xml`);
    expect(rss.rss.channel.item).toHaveLength(30);
    for (const item of rss.rss.channel.item) expect(item.category).toBe('ETH');
    const atom = parser.parse(file(files, 'assets/btc/atom.xml'));
    expect(atom.feed.entry).toHaveLength(30);
    expect(atom.feed.link[1]['@_href']).toBe(`${SITE.baseUrl}/assets/btc/atom.xml`);
    const json = JSON.parse(file(files, 'assets/btc/feed.json'));
    expect(json.feed_url).toBe(`${SITE.baseUrl}/assets/btc/feed.json`);
    expect(json.items.every((item: { tags: string[] }) => item.tags.includes('BTC'))).toBe(true);
    const page = file(files, 'assets/btc/index.html');
    expect(page).toContain(`href="${SITE.baseUrl}/assets/btc/feed.xml"`);
    expect(page).toContain(`title="${SITE.title.replace('&', '&amp;')}: BTC (Atom)"`);
  });

  it('leads the index with the newest event, not with a late reading of an older one', () => {
    const older = meta(1, {
      id: 'older-flush',
      kind: 'follow-up',
      title: 'Older flush, 72h reading',
      // Its 72h reading is the newest publication, three days after the event.
      asOf: '2026-02-05T00:00:00.000Z',
      firstAsOf: '2026-02-02T00:00:00.000Z',
    });
    const newer = meta(2, {
      id: 'newer-flush',
      title: 'Newer flush, flash',
      asOf: '2026-02-04T00:00:00.000Z',
    });
    const index = file(renderSiteIndexFiles([older, newer], SITE), 'index.html');
    expect(index.indexOf('Newer flush, flash')).toBeGreaterThan(-1);
    expect(index.indexOf('Newer flush, flash')).toBeLessThan(index.indexOf('Older flush, 72h'));
  });

  it('serves a 404 that names no canonical page and links by root path', () => {
    const page = file(files, '404.html');
    expect(page).not.toContain('rel="canonical"');
    expect(page).not.toContain('og:url');
    expect(page).toContain('href="/assets/style.css"');
    expect(page).toContain(`href="${SITE.baseUrl}/archive/"`);
    // The header's "Subscribe" link points at a form on the page itself.
    expect(page).toContain('href="#subscribe"');
    expect(page).toContain('id="subscribe"');
    expect(page).toContain('name="source" value="not-found-page"');
  });

  it('renders pages with a sentence instead of an empty list when there are no reports', () => {
    const empty = renderSiteIndexFiles([], SITE);
    expect(file(empty, 'index.html')).toContain('No reports have been published yet.');
    expect(file(empty, 'archive/index.html')).toContain('No reports have been published yet.');
    expect(parser.parse(file(empty, 'feed.xml')).rss.channel.title).toBe(SITE.title);
    expect(JSON.parse(file(empty, 'feed.json')).items).toEqual([]);
  });
});

describe('paginated lists', () => {
  const reports = Array.from({ length: 237 }, (_, index) => meta(index, { assets: ['BTC'] }));
  const files = renderSiteIndexFiles(reports, SITE);
  const titles = (key: string) =>
    [...file(files, key).matchAll(/>Report (\d+) /g)].map((m) => Number(m[1]));
  const links = (key: string) =>
    Object.fromEntries(
      [...file(files, key).matchAll(/<a href="([^"]+)" rel="(prev|next)">/g)].map((m) => [
        m[2],
        m[1],
      ]),
    );

  it('fills numbered pages from the oldest report and says what each holds and how many there are', () => {
    expect(titles('archive/page/1/index.html')).toEqual(
      Array.from({ length: 50 }, (_, i) => 49 - i),
    );
    expect(file(files, 'archive/page/1/index.html')).toContain(
      '50 reports, from 1 Feb 2026, 00:00 UTC to 3 Feb 2026, 01:00 UTC',
    );
    expect(titles('archive/page/5/index.html')).toEqual(
      Array.from({ length: 37 }, (_, i) => 236 - i),
    );
    expect(file(files, 'archive/page/5/index.html')).toContain(
      '37 reports, from 9 Feb 2026, 08:00 UTC to 10 Feb 2026, 20:00 UTC',
    );
    expect(file(files, 'archive/index.html')).toContain('The newest 50 of 237 reports');
    expect(file(files, 'archive/page/3/index.html')).toContain('<h1>All reports, page 3 of 5</h1>');
  });

  it('links every list page one step newer and one step older, so every report is reachable both ways', () => {
    expect(links('archive/index.html')).toEqual({ next: 'page/4/' });
    expect(links('archive/page/5/index.html')).toEqual({ prev: '../../', next: '../../page/4/' });
    expect(links('archive/page/2/index.html')).toEqual({
      prev: '../../page/3/',
      next: '../../page/1/',
    });
    expect(links('archive/page/1/index.html')).toEqual({ prev: '../../page/2/' });
    // Walking "older" from the front page meets every report once, oldest last.
    const seen = new Set(titles('archive/index.html'));
    for (const page of [4, 3, 2, 1])
      for (const n of titles(`archive/page/${page}/index.html`)) seen.add(n);
    expect(seen.size).toBe(237);
  });

  it('paginates asset pages like the archive and lists every numbered page in the sitemap', () => {
    expect(titles('assets/btc/index.html')).toHaveLength(50);
    expect(file(files, 'assets/btc/index.html')).toContain('The newest 50 of 237 reports');
    expect(file(files, 'assets/btc/page/5/index.html')).toContain(
      '<h1>BTC reports, page 5 of 5</h1>',
    );
    expect(links('assets/btc/page/1/index.html')).toEqual({ prev: '../../page/2/' });
    const locs = parser
      .parse(file(files, 'sitemap.xml'))
      .urlset.url.map((u: { loc: string }) => u.loc.replace(SITE.baseUrl, ''));
    for (const page of [1, 2, 3, 4, 5]) {
      expect(locs).toContain(`/archive/page/${page}/`);
      expect(locs).toContain(`/assets/btc/page/${page}/`);
    }
  });

  it('keeps the bytes of full older pages when a report is added, so publishing skips them', () => {
    const more = renderSiteIndexFiles([...reports, meta(237, { assets: ['BTC'] })], SITE);
    expect(file(more, 'archive/page/2/index.html')).toBe(file(files, 'archive/page/2/index.html'));
    expect(file(more, 'assets/btc/page/4/index.html')).toBe(
      file(files, 'assets/btc/page/4/index.html'),
    );
    expect(file(more, 'archive/page/5/index.html')).toContain('38 reports');
  });
});

describe('full-content feeds', () => {
  const reports = [meta(1), meta(2)];
  const contents = new Map([
    [reports[1]?.id ?? '', '<h2>Where the market stands</h2><p>a ]]> b & c</p>'],
  ]);
  const files = renderSiteIndexFiles(reports, SITE, undefined, contents);

  it('carries the article in RSS, Atom and JSON Feed, and the summary alone where none is stored', () => {
    const rss = parser.parse(file(files, 'feed.xml')).rss.channel.item;
    expect(rss[0]['content:encoded']).toBe('<h2>Where the market stands</h2><p>a ]]> b & c</p>');
    expect(rss[1]['content:encoded']).toBeUndefined();
    const atom = parser.parse(file(files, 'atom.xml')).feed.entry;
    expect(atom[0].content['#text']).toBe('<h2>Where the market stands</h2><p>a ]]> b & c</p>');
    expect(atom[0].content['@_type']).toBe('html');
    expect(atom[1].content).toBeUndefined();
    const json = JSON.parse(file(files, 'feed.json')).items;
    expect(json[0].content_html).toContain('Where the market stands');
    expect(json[1].content_html).toBeUndefined();
    expect(json[1].content_text).toBe(reports[0]?.summary);
  });
});
