import { Image } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderedReport } from '../../../lambdas/model/index.ts';
import { contentTypeFor } from '../../../lambdas/publish/index.ts';
import {
  chartFileTextPx,
  narrowPageFileName,
  pageChartFileName,
} from '../../../lambdas/report/page-chart-image.ts';
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

  const wideCharts = () =>
    report.charts.filter(
      (chart) => chart.file.endsWith('.png') && !chart.role && !chart.file.includes('-narrow'),
    );

  it('publishes an 800×400 WebP beside each 1200×600 chart, smaller than the PNG', () => {
    const charts = wideCharts();
    expect(charts).toHaveLength(5);
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

  it('publishes the phone drawing as PNG and as a smaller WebP of the same size', () => {
    for (const chart of wideCharts()) {
      const png = report.charts.find(
        (item) => item.file === chart.file.replace('.png', '-narrow.png'),
      );
      const webp = report.charts.find((item) => item.file === narrowPageFileName(chart.file));
      expect(png, `${chart.file} has a phone drawing`).toBeDefined();
      expect(webp?.role).toBe('page-image');
      const image = new Image();
      image.src = Buffer.from(webp?.png ?? new Uint8Array());
      expect([image.width, image.height]).toEqual([png?.width, png?.height]);
      expect(webp?.png.length ?? 0).toBeLessThan(png?.png.length ?? 0);
    }
  });

  it('serves phones the phone drawing through a media source before the wide sources', () => {
    const html = report.pageHtml;
    const phone = html.indexOf(
      '<source media="(max-width: 37.5rem)" type="image/webp" srcset="price-narrow.webp 720w"',
    );
    const wide = html.indexOf(
      '<source type="image/webp" srcset="price-800.webp 800w, price.png 1200w"',
    );
    expect(phone, 'a phone source').toBeGreaterThan(0);
    expect(wide, 'the wide source comes after it').toBeGreaterThan(phone);
    expect(html).toContain(
      'srcset="price-narrow.png 720w" sizes="calc(100vw - 2rem)" width="720" height="640"',
    );
    expect(html).toMatch(/<img src="price\.png" width="1200" height="600"/);
    expect(report.email.html, 'the email cannot rely on WebP').not.toContain('.webp');
  });

  it('knows the smallest text of every published chart file in image pixels', () => {
    expect(chartFileTextPx('price.png')).toBe(24);
    expect(chartFileTextPx('reports/x/price-800.webp')).toBe(16);
    expect(chartFileTextPx('price-narrow.png')).toBe(24);
    expect(chartFileTextPx('funding-narrow.webp')).toBe(24);
  });
});
