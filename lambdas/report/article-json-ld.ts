import type { ReportMeta } from '../model/index.ts';
import { absoluteUrl, labelledTitle } from './article-identity.ts';
import type { SiteSettings } from './site-view.ts';

/** Search engines cut a NewsArticle headline beyond this many characters. */
const HEADLINE_MAX_CHARS = 110;

/** The social card a page shows, with its real size. */
export interface JsonLdImage {
  url: string;
  width: number;
  height: number;
}

/**
 * Shortens a headline to `max` characters at a word boundary, with an ellipsis.
 * @example clipHeadline('BTC 24h after the $654M long flush', 20) // "BTC 24h after the…"
 */
export function clipHeadline(text: string, max: number = HEADLINE_MAX_CHARS): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * JSON text safe inside `<script type="application/ld+json">`: `<` is escaped so
 * no value can close the script element, and U+2028/2029 so old parsers cope.
 * @example scriptSafeJson({ a: '</script>' }) // '{"a":"\\u003c/script>"}'
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * schema.org `NewsArticle` of a report page, as search engines read it: headline,
 * summary, when the market was read, the social card with its size, and the
 * publication as author and publisher. Simulated reports say so in the headline.
 */
export function articleJsonLd(
  meta: ReportMeta,
  site: SiteSettings,
  image: JsonLdImage,
  dates: { publishedAt?: string } = {},
): string {
  const url = absoluteUrl(site.baseUrl, meta.path);
  const publisher = {
    '@type': 'Organization',
    name: site.title,
    url: absoluteUrl(site.baseUrl, ''),
  };
  return scriptSafeJson({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: clipHeadline(labelledTitle(meta)),
    description: meta.summary,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    datePublished: dates.publishedAt ?? meta.asOf,
    dateModified: meta.asOf,
    image: [{ '@type': 'ImageObject', ...image }],
    author: publisher,
    publisher,
    keywords: meta.assets,
    isAccessibleForFree: true,
  });
}
