import { describe, expect, it } from 'vitest';
import { renderReportCharts } from '../../../lambdas/report/report-charts.ts';
import { renderSocialCard } from '../../../lambdas/report/social-card.ts';
import { buildFixtureAssessment, buildFixtureFlush, buildFixtureSeries } from './fixtures.ts';
import { pixelStats, pngSize } from './png-inspect.ts';

describe('renderSocialCard', () => {
  const price = renderReportCharts({
    series: buildFixtureSeries(),
    flush: buildFixtureFlush(),
    assessment: buildFixtureAssessment(),
  }).find((chart) => chart.file === 'price.png');

  const card = renderSocialCard({
    headline: 'At least $642M liquidated in 75 minutes as BTC longs flushed to $78,900',
    kicker: 'BTC · 11 Mar 2026, 22:15 UTC',
    siteTitle: 'Aftershock',
    simulated: true,
    chartPng: price?.png ?? new Uint8Array(),
    chartAlt: price?.alt ?? '',
  });

  it('draws a 1200×630 PNG, the size large social cards expect', () => {
    expect(pngSize(card.png)).toEqual({ width: 1200, height: 630 });
    expect(card).toMatchObject({ width: 1200, height: 630, role: 'social-card' });
  });

  it('draws text and the chart on an opaque background', async () => {
    const stats = await pixelStats(card.png);
    expect(stats.transparent, 'dark-mode clients invert transparent pixels').toBe(0);
    expect(stats.darkPixels, 'the headline is drawn').toBeGreaterThan(2000);
    expect(stats.colours, 'the chart is drawn').toBeGreaterThan(50);
  });

  it('describes itself with the headline and the chart in its alt text', () => {
    expect(card.alt).toContain('$642M');
    expect(card.alt).toContain(price?.alt ?? 'missing');
  });
});
