import { Image } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderedReport } from '../../../lambdas/model/index.ts';
import { contentTypeFor } from '../../../lambdas/publish/index.ts';
import { pageChartFileName } from '../../../lambdas/report/page-chart-image.ts';
import { renderReport } from '../../../lambdas/report/render-report.ts';
import { buildFixtureAssessment, buildFixtureFlush, buildFixtureSeries } from './fixtures.ts';

const SITE = {
  baseUrl: 'https://aftershock.example.com',
  title: 'Aftershock',
  subscribeUrl: 'https://api.example.com/subscribe',
};

describe('page-size chart images', () => {
  let report: RenderedReport;
  beforeAll(async () => {
    const assessment = buildFixtureAssessment();
    report = await renderReport({
      series: buildFixtureSeries(),
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

  it('publishes an 800×400 WebP beside each 1200×600 chart, smaller than the PNG', () => {
    const charts = report.charts.filter((chart) => chart.file.endsWith('.png') && !chart.role);
    expect(charts).toHaveLength(4);
    for (const chart of charts) {
      const page = report.charts.find((item) => item.file === pageChartFileName(chart.file));
      expect(page?.role).toBe('page-image');
      const bytes = Buffer.from(page?.png ?? new Uint8Array());
      expect(bytes.subarray(8, 12).toString('latin1'), 'a WebP file').toBe('WEBP');
      const image = new Image();
      image.src = bytes;
      expect([image.width, image.height]).toEqual([800, 400]);
      expect(bytes.length, 'the page image saves bytes').toBeLessThan(chart.png.length / 2);
    }
    expect(contentTypeFor(pageChartFileName('price.png'))).toBe('image/webp');
  });

  it('offers the WebP and the PNG through srcset and keeps the PNG as the fallback', () => {
    expect(report.pageHtml).toContain(
      '<source type="image/webp" srcset="price-800.webp 800w, price.png 1200w"',
    );
    expect(report.pageHtml).toMatch(/<img src="price\.png" width="1200" height="600"/);
    expect(report.email.html, 'the email keeps the 1200 px PNGs').not.toContain('.webp');
  });
});
