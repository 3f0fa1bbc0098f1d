import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3SiteStore } from '../../../lambdas/publish/aws/s3-site-store.ts';
import {
  IMMUTABLE_CACHE_CONTROL,
  MANIFEST_KEY,
  publishReportFiles,
  publishSiteFiles,
  SHORT_CACHE_CONTROL,
  type SiteFileWrite,
  type SiteStore,
} from '../../../lambdas/publish/index.ts';
import { renderSiteIndexFiles } from '../../../lambdas/report/index.ts';
import { sampleRenderedReport } from '../../unit/publish/sample-rendered-report.ts';
import { createBucket, emulatorClients, emulatorConfig } from './aws-test-support.ts';

const FOLDER = 'reports/2026/11/25/btc-long-flush/';

/** Passes writes through to the real store and records their keys in order. */
class RecordingSiteStore implements SiteStore {
  public readonly keys: string[] = [];
  public constructor(private readonly inner: SiteStore) {}
  public async putFile(file: SiteFileWrite): Promise<void> {
    await this.inner.putFile(file);
    this.keys.push(file.key);
  }
  public getText(key: string): Promise<string | null> {
    return this.inner.getText(key);
  }
  public getTextVersion(key: string) {
    return this.inner.getTextVersion(key);
  }
  public async putFileIfVersion(file: SiteFileWrite, expected: string | null): Promise<void> {
    await this.inner.putFileIfVersion(file, expected);
    this.keys.push(file.key);
  }
}

const config = emulatorConfig();
const { s3 } = emulatorClients(config);
let bucket = '';

async function publishTwice(store: SiteStore) {
  for (const title of ['First title', 'Corrected title']) {
    const reports = await publishReportFiles(store, sampleRenderedReport({ title }));
    await publishSiteFiles(store, renderSiteIndexFiles(reports, config.site));
  }
}

async function head(key: string) {
  return s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
}

describe('S3SiteStore against s3rver', () => {
  beforeAll(async () => {
    bucket = await createBucket(config, 'site');
  });

  it('keeps one manifest and index entry when the same report is published twice', async () => {
    const store = new S3SiteStore(s3, { bucket });
    await publishTwice(store);
    const manifest = JSON.parse((await store.getText(MANIFEST_KEY)) ?? '[]') as unknown[];
    expect(manifest).toHaveLength(1);
    const archive = (await store.getText('archive/index.html')) ?? '';
    expect(archive.split('<li>').length - 1, 'one list item in the archive').toBe(1);
    expect(archive).toContain('Corrected title');
    expect(archive, 'the old title is replaced, not kept beside').not.toContain('First title');
    const feed = JSON.parse((await store.getText('feed.json')) ?? '{}') as { items: unknown[] };
    expect(feed.items).toHaveLength(1);
  });

  it('serves each object with the Content-Type and Cache-Control of its key', async () => {
    const page = await head(`${FOLDER}index.html`);
    expect(page.ContentType).toBe('text/html; charset=utf-8');
    expect(page.CacheControl, 'a report page gains its next link later').toBe(SHORT_CACHE_CONTROL);
    const chart = await head(`${FOLDER}price.png`);
    expect(chart.ContentType).toBe('image/png');
    expect(chart.CacheControl).toBe(IMMUTABLE_CACHE_CONTROL);
    const feed = await head('feed.xml');
    expect(feed.ContentType).toBe('application/rss+xml; charset=utf-8');
    expect(feed.CacheControl).toBe(SHORT_CACHE_CONTROL);
    expect((await head('index.html')).CacheControl).toBe(SHORT_CACHE_CONTROL);
  });

  it('writes the report files before the index, feeds and sitemap', async () => {
    const freshBucket = await createBucket(config, 'order');
    const store = new RecordingSiteStore(new S3SiteStore(s3, { bucket: freshBucket }));
    const reports = await publishReportFiles(store, sampleRenderedReport());
    await publishSiteFiles(store, renderSiteIndexFiles(reports, config.site));
    const position = (key: string) => store.keys.indexOf(key);
    const lastReportFile = Math.max(
      ...['price.png', 'data.json', 'index.html'].map((file) => position(`${FOLDER}${file}`)),
    );
    for (const key of ['index.html', 'feed.xml', 'atom.xml', 'feed.json', 'sitemap.xml']) {
      expect(position(key), `${key} is written after the report`).toBeGreaterThan(lastReportFile);
    }
    expect(position('index.html'), 'the home page goes last').toBe(store.keys.length - 1);
  });

  it('returns null for a key that does not exist', async () => {
    expect(await new S3SiteStore(s3, { bucket }).getText('no/such/key.html')).toBeNull();
  });
});

describe('publishing into a large archive on s3rver', () => {
  it('rewrites only the pages a new report changes', async () => {
    const store = new RecordingSiteStore(
      new S3SiteStore(s3, { bucket: await createBucket(config, 'archive') }),
    );
    const older = Array.from({ length: 120 }, (_, i) => {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const slug = `old-${i}`;
      return sampleRenderedReport({
        id: slug,
        slug,
        title: `Old report ${i}`,
        asOf: new Date(Date.parse(`2026-01-${day}T00:00:00Z`) + i * 60_000).toISOString(),
        path: `reports/2026/01/${day}/${slug}/`,
      }).meta;
    });
    await store.putFile({
      key: MANIFEST_KEY,
      body: JSON.stringify(older),
      contentType: 'application/json',
      cacheControl: SHORT_CACHE_CONTROL,
    });
    await publishSiteFiles(store, renderSiteIndexFiles(older, config.site));
    store.keys.length = 0;

    const reports = await publishReportFiles(store, sampleRenderedReport());
    const written = await publishSiteFiles(store, renderSiteIndexFiles(reports, config.site));
    expect(written).toContain('archive/page/3/index.html');
    expect(written, 'full older pages keep their bytes').not.toContain('archive/page/1/index.html');
    expect(written).not.toContain('archive/page/2/index.html');
    expect(written).toEqual(
      expect.arrayContaining(['archive/index.html', 'feed.xml', 'index.html']),
    );
    expect(written).not.toContain('robots.txt');
    const archive = (await store.getText('archive/index.html')) ?? '';
    expect(archive.split('<li>').length - 1, 'the archive index is capped').toBe(50);
    expect(archive).toContain('href="page/3/"');
  });
});
