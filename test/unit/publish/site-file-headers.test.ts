import { describe, expect, it } from 'vitest';
import {
  cacheControlFor,
  contentTypeFor,
  IMMUTABLE_CACHE_CONTROL,
  SHORT_CACHE_CONTROL,
} from '../../../lambdas/publish/index.ts';

const REPORT = 'reports/2026/11/25/btc-long-flush';

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    [`${REPORT}/index.html`, 'text/html; charset=utf-8'],
    ['feed.xml', 'application/rss+xml; charset=utf-8'],
    ['atom.xml', 'application/atom+xml; charset=utf-8'],
    ['sitemap.xml', 'application/xml; charset=utf-8'],
    ['feed.json', 'application/feed+json; charset=utf-8'],
    [`${REPORT}/data.json`, 'application/json; charset=utf-8'],
    [`${REPORT}/price.png`, 'image/png'],
    ['assets/site.css', 'text/css; charset=utf-8'],
    ['robots.txt', 'text/plain; charset=utf-8'],
    ['downloads/archive.bin', 'application/octet-stream'],
    ['README', 'application/octet-stream'],
  ])('gives %s the type %s', (key, expected) => {
    expect(contentTypeFor(key)).toBe(expected);
  });

  it('recognises an upper-case extension', () => {
    expect(contentTypeFor('IMG/CHART.PNG')).toBe('image/png');
  });
});

describe('cacheControlFor', () => {
  it.each([`${REPORT}/price.png`, `${REPORT}/data.json`])(
    'caches the report file %s for a year as immutable',
    (key) => {
      expect(cacheControlFor(key)).toBe(IMMUTABLE_CACHE_CONTROL);
      expect(IMMUTABLE_CACHE_CONTROL).toBe('public, max-age=31536000, immutable');
    },
  );

  it.each([
    'index.html',
    'archive/index.html',
    'archive/2026/11/index.html',
    'assets/btc/index.html',
    'feed.xml',
    'atom.xml',
    'feed.json',
    'sitemap.xml',
    'robots.txt',
    'manifest.json',
    'reports/index.html',
    // A report page gains its "next report" link when the next report is published.
    `${REPORT}/index.html`,
  ])('caches the changing file %s for five minutes', (key) => {
    expect(cacheControlFor(key)).toBe(SHORT_CACHE_CONTROL);
    expect(SHORT_CACHE_CONTROL).toBe('public, max-age=300');
  });
});
