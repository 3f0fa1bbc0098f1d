import type { ReportMeta } from '../model/index.ts';
import { absoluteUrl, labelledTitle } from './article-identity.ts';
import type { SiteSettings } from './site-view.ts';

/** Most entries in each feed. */
export const FEED_ITEM_LIMIT = 50;

/**
 * Each report's article as an HTML fragment (its published `content.html`), by report id.
 * A report missing here (published before feeds carried content) gets its summary only.
 */
export type FeedContents = ReadonlyMap<string, string>;

const NO_CONTENTS: FeedContents = new Map();

/**
 * Text as an XML CDATA section: a `]]>` inside is split across two sections, and
 * characters XML forbids are dropped.
 * @example cdata('a ]]> b') // "<![CDATA[a ]]]]><![CDATA[> b]]>"
 */
export function cdata(text: string): string {
  const clean = text.split('').filter(isXmlChar).join('');
  return `<![CDATA[${clean.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/**
 * Escapes text for XML element content and attribute values.
 * @example escapeXml('a < b & "c"') // "a &lt; b &amp; &quot;c&quot;"
 */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .split('')
    .filter(isXmlChar)
    .join('');
}

/** XML 1.0 forbids control characters other than tab, line feed and carriage return. */
function isXmlChar(char: string): boolean {
  const code = char.charCodeAt(0);
  return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** RFC 822 date as RSS 2.0 wants it, e.g. "Wed, 11 Mar 2026 21:00:00 GMT". */
function rfc822(iso: string): string {
  return new Date(Date.parse(iso) || 0).toUTCString();
}

/** RFC 3339 date as Atom wants it. */
function rfc3339(iso: string): string {
  return new Date(Date.parse(iso) || 0).toISOString();
}

/**
 * What a feed covers: the whole site (folder `''`) or one asset's folder, whose
 * feeds sit beside its page (`assets/btc/feed.xml`).
 */
export interface FeedScope {
  title: string;
  folder: string;
}

function siteScope(site: SiteSettings): FeedScope {
  return { title: site.title, folder: '' };
}

/** The feed's markup for a report's content, or nothing when it has none. */
function contentOf(
  contents: FeedContents,
  meta: ReportMeta,
  markup: (html: string) => string,
): string {
  const html = contents.get(meta.id);
  return html === undefined ? '' : markup(html);
}

function feedDescription(site: SiteSettings, scope: FeedScope): string {
  const general = site.tagline ?? `${site.title} market reports`;
  return scope.folder === '' ? general : `${scope.title}: ${general}`;
}

/**
 * The latest update among the feed's stories (a story is placed by its event, so the first
 * one listed need not be the one updated last).
 */
function lastUpdate(reports: readonly ReportMeta[]): string {
  const times = reports.slice(0, FEED_ITEM_LIMIT).map((meta) => Date.parse(meta.asOf));
  return new Date(times.length === 0 ? 0 : Math.max(...times)).toISOString();
}

/**
 * RSS 2.0 of the newest stories (input must be sorted newest first): one item per story, at
 * its page, dated by its latest reading (RSS has no updated date, so readers see an update as
 * new; Atom and JSON Feed carry the first and the last times).
 */
export function buildRssFeed(
  reports: ReportMeta[],
  site: SiteSettings,
  scope: FeedScope = siteScope(site),
  contents: FeedContents = NO_CONTENTS,
): string {
  const items = reports.slice(0, FEED_ITEM_LIMIT).map((meta) => {
    const url = escapeXml(absoluteUrl(site.baseUrl, meta.path));
    return `  <item>
    <title>${escapeXml(labelledTitle(meta))}</title>
    <link>${url}</link>
    <guid isPermaLink="true">${url}</guid>
    <pubDate>${rfc822(meta.asOf)}</pubDate>
    <description>${escapeXml(meta.summary)}</description>
${contentOf(contents, meta, (html) => `    <content:encoded>${cdata(html)}</content:encoded>\n`)}${meta.assets.map((asset) => `    <category>${escapeXml(asset)}</category>`).join('\n')}
  </item>`;
  });
  const built = rfc822(lastUpdate(reports));
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>${escapeXml(scope.title)}</title>
  <link>${escapeXml(absoluteUrl(site.baseUrl, scope.folder))}</link>
  <description>${escapeXml(feedDescription(site, scope))}</description>
  <language>en</language>
  <lastBuildDate>${built}</lastBuildDate>
  <atom:link href="${escapeXml(absoluteUrl(site.baseUrl, `${scope.folder}feed.xml`))}" rel="self" type="application/rss+xml"/>
${items.join('\n')}
</channel>
</rss>
`;
}

/** Atom 1.0 of the newest stories (sorted newest first): published first, updated last. */
export function buildAtomFeed(
  reports: ReportMeta[],
  site: SiteSettings,
  scope: FeedScope = siteScope(site),
  contents: FeedContents = NO_CONTENTS,
): string {
  const entries = reports.slice(0, FEED_ITEM_LIMIT).map((meta) => {
    const url = escapeXml(absoluteUrl(site.baseUrl, meta.path));
    return `  <entry>
    <title>${escapeXml(labelledTitle(meta))}</title>
    <link href="${url}"/>
    <id>${url}</id>
    <published>${rfc3339(meta.firstAsOf ?? meta.asOf)}</published>
    <updated>${rfc3339(meta.asOf)}</updated>
    <summary>${escapeXml(meta.summary)}</summary>
${contentOf(contents, meta, (html) => `    <content type="html">${escapeXml(html)}</content>\n`)}  </entry>`;
  });
  const updated = rfc3339(lastUpdate(reports));
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${escapeXml(scope.title)}</title>
  <id>${escapeXml(absoluteUrl(site.baseUrl, scope.folder))}</id>
  <link href="${escapeXml(absoluteUrl(site.baseUrl, scope.folder))}"/>
  <link rel="self" href="${escapeXml(absoluteUrl(site.baseUrl, `${scope.folder}atom.xml`))}"/>
  <updated>${updated}</updated>
  <author><name>${escapeXml(site.title)}</name></author>
${entries.join('\n')}
</feed>
`;
}

/** JSON Feed 1.1 of the newest stories (sorted newest first), with published and modified dates. */
export function buildJsonFeed(
  reports: ReportMeta[],
  site: SiteSettings,
  scope: FeedScope = siteScope(site),
  contents: FeedContents = NO_CONTENTS,
): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: scope.title,
    home_page_url: absoluteUrl(site.baseUrl, scope.folder),
    feed_url: absoluteUrl(site.baseUrl, `${scope.folder}feed.json`),
    description: feedDescription(site, scope),
    language: 'en',
    items: reports.slice(0, FEED_ITEM_LIMIT).map((meta) => ({
      id: absoluteUrl(site.baseUrl, meta.path),
      url: absoluteUrl(site.baseUrl, meta.path),
      title: labelledTitle(meta),
      summary: meta.summary,
      content_text: meta.summary,
      ...(contents.has(meta.id) ? { content_html: contents.get(meta.id) } : {}),
      image: absoluteUrl(site.baseUrl, meta.imagePath),
      date_published: rfc3339(meta.firstAsOf ?? meta.asOf),
      date_modified: rfc3339(meta.asOf),
      tags: meta.assets,
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
