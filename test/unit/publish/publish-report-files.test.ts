import { describe, expect, it } from 'vitest';
import type { SiteFile } from '../../../lambdas/model/index.ts';
import {
  IMMUTABLE_CACHE_CONTROL,
  MANIFEST_KEY,
  MemorySiteStore,
  publishReportFiles,
  publishSiteFiles,
  SHORT_CACHE_CONTROL,
  StoreFormatError,
} from '../../../lambdas/publish/index.ts';
import { sampleRenderedReport } from './sample-rendered-report.ts';

const FOLDER = 'reports/2026/11/25/btc-long-flush';

describe('publishReportFiles', () => {
  it('writes charts and data before the page, and the manifest last', async () => {
    const store = new MemorySiteStore();
    await publishReportFiles(store, sampleRenderedReport());
    expect(store.writes.map((write) => write.key)).toEqual([
      `${FOLDER}/price.png`,
      `${FOLDER}/liquidations.png`,
      `${FOLDER}/data.json`,
      `${FOLDER}/index.html`,
      MANIFEST_KEY,
    ]);
  });

  it('writes each file with the headers of its key', async () => {
    const store = new MemorySiteStore();
    await publishReportFiles(store, sampleRenderedReport());
    const page = store.files.get(`${FOLDER}/index.html`);
    expect(page?.contentType).toBe('text/html; charset=utf-8');
    expect(page?.cacheControl, 'it gains a next link later').toBe(SHORT_CACHE_CONTROL);
    expect(store.files.get(`${FOLDER}/price.png`)?.contentType).toBe('image/png');
    expect(store.files.get(`${FOLDER}/price.png`)?.cacheControl).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(store.files.get(MANIFEST_KEY)?.cacheControl).toBe(SHORT_CACHE_CONTROL);
  });

  it('keeps one manifest entry when the same report is published twice', async () => {
    const store = new MemorySiteStore();
    await publishReportFiles(store, sampleRenderedReport());
    const list = await publishReportFiles(
      store,
      sampleRenderedReport({ title: 'Corrected title' }),
    );
    expect(list).toHaveLength(1);
    expect(list[0]?.title, 'the second publication replaces the entry').toBe('Corrected title');
    const stored = JSON.parse((await store.getText(MANIFEST_KEY)) ?? 'null');
    expect(stored).toEqual(list);
  });

  it('lists reports newest first and keeps meta only in the manifest', async () => {
    const store = new MemorySiteStore();
    await publishReportFiles(store, sampleRenderedReport());
    const list = await publishReportFiles(
      store,
      sampleRenderedReport({ id: 'older', slug: 'older', asOf: '2026-11-01T00:00:00.000Z' }),
    );
    const newer = await publishReportFiles(
      store,
      sampleRenderedReport({ id: 'newer', slug: 'newer', asOf: '2026-12-01T00:00:00.000Z' }),
    );
    expect(list.map((meta) => meta.id)).toEqual(['2026-11-25-btc-long-flush', 'older']);
    expect(newer.map((meta) => meta.id)).toEqual(['newer', '2026-11-25-btc-long-flush', 'older']);
    const manifest = (await store.getText(MANIFEST_KEY)) ?? '';
    expect(manifest, 'no page HTML in the manifest').not.toContain('<h1>');
  });

  it('refuses to overwrite a manifest it cannot read', async () => {
    const store = new MemorySiteStore();
    await store.putFile({
      key: MANIFEST_KEY,
      body: '{ not json',
      contentType: '',
      cacheControl: '',
    });
    await expect(publishReportFiles(store, sampleRenderedReport())).rejects.toThrow(
      StoreFormatError,
    );
    expect(await store.getText(MANIFEST_KEY), 'the bad manifest is left for a person').toBe(
      '{ not json',
    );
  });
});

describe('publishSiteFiles', () => {
  it('writes other pages, then feeds, then the sitemap, then the home page', async () => {
    const files: SiteFile[] = [
      { key: 'index.html', body: 'home' },
      { key: 'sitemap.xml', body: '<urlset/>' },
      { key: 'feed.xml', body: '<rss/>' },
      { key: 'archive/index.html', body: 'archive' },
      { key: 'atom.xml', body: '<feed/>' },
      { key: 'assets/btc/index.html', body: 'btc' },
      { key: 'feed.json', body: '{}' },
      { key: 'assets/site.css', body: 'body{}' },
    ];
    const store = new MemorySiteStore();
    await publishSiteFiles(store, files);
    expect(store.writes.map((write) => write.key)).toEqual([
      'assets/site.css',
      'archive/index.html',
      'assets/btc/index.html',
      'feed.xml',
      'atom.xml',
      'feed.json',
      'sitemap.xml',
      'index.html',
    ]);
    expect(store.files.get('feed.xml')?.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(store.files.get('index.html')?.cacheControl).toBe(SHORT_CACHE_CONTROL);
  });
});
