import { beforeAll, describe, expect, it } from 'vitest';
import type { ChartImage, MarketSeries } from '../../../lambdas/model/index.ts';
import { formatTimeTick, timeTickValues } from '../../../lambdas/report/chart-axis.ts';
import { downsampleBars } from '../../../lambdas/report/chart-window.ts';
import { renderReportCharts } from '../../../lambdas/report/report-charts.ts';
import { buildFixtureAssessment, buildFixtureFlush, buildFixtureSeries } from './fixtures.ts';
import { pixelStats, pngSize } from './png-inspect.ts';

const FILES = ['price.png', 'open-interest.png', 'funding.png', 'liquidations-by-venue.png'];

function noFeedSeries(): MarketSeries {
  const series = buildFixtureSeries({ calm: true, degraded: true });
  return {
    ...series,
    liquidationFeeds: {},
    bars: series.bars.map((bar) => ({
      ...bar,
      liqByVenue: {},
      liqLongUsd: null,
      liqShortUsd: null,
    })),
  };
}

describe('renderReportCharts', () => {
  let charts: ChartImage[] = [];
  beforeAll(() => {
    charts = renderReportCharts({
      series: buildFixtureSeries(),
      flush: buildFixtureFlush(),
      assessment: buildFixtureAssessment(),
    });
  });

  it('renders the four charts as 1200×600 PNGs matching their stated size', () => {
    expect(charts.map((chart) => chart.file)).toEqual(FILES);
    for (const chart of charts) {
      expect({ width: chart.width, height: chart.height }).toEqual({ width: 1200, height: 600 });
      expect(pngSize(chart.png), chart.file).toEqual({ width: chart.width, height: chart.height });
    }
  });

  it('draws opaque, non-blank charts with text (the font is registered)', async () => {
    for (const chart of charts) {
      const stats = await pixelStats(chart.png);
      expect(stats.transparent, `${chart.file} must be opaque for dark-mode mail`).toBe(0);
      expect(stats.colours, `${chart.file} has lines, bars and anti-aliased text`).toBeGreaterThan(
        50,
      );
      expect(stats.darkPixels, `${chart.file} has dark text pixels`).toBeGreaterThan(500);
    }
  });

  it('states the numbers in the alt text', () => {
    const alt = charts.map((chart) => chart.alt).join(' ');
    expect(charts[0]?.alt).toContain(
      'from $84,200 to $78,900 with at least $642M of long liquidations',
    );
    expect(alt).toContain('\u22128.2 %');
    expect(alt, 'venues under the names readers know').toContain('Bybit $166M long');
    expect(alt).not.toMatch(/binanceusdm|neutral funding/);
    expect(alt).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('draws a message instead of bars when no venue had a feed', async () => {
    const calmCharts = renderReportCharts({
      series: noFeedSeries(),
      flush: null,
      assessment: null,
    });
    const venue = calmCharts.find((chart) => chart.file === 'liquidations-by-venue.png');
    expect(venue?.alt).toContain('no venue had a liquidation feed');
    const stats = await pixelStats(venue?.png ?? new Uint8Array());
    expect(stats.darkPixels, 'the message text is drawn').toBeGreaterThan(500);
    expect(calmCharts.map((chart) => chart.alt).join(' ')).not.toMatch(/NaN|undefined|Infinity/);
  });
});

describe('chart helpers', () => {
  it('merges bars down to the point limit and keeps liquidation totals', () => {
    const bars = buildFixtureSeries().bars;
    const merged = downsampleBars(bars, 400);
    const total = (list: typeof bars) => list.reduce((sum, bar) => sum + (bar.liqLongUsd ?? 0), 0);
    expect(merged.length).toBeLessThanOrEqual(400);
    expect(total(merged)).toBeCloseTo(total(bars), 0);
  });

  it('puts time ticks on whole UTC hours and labels midnight with the date', () => {
    const ticks = timeTickValues(Date.UTC(2026, 2, 10, 21, 5), Date.UTC(2026, 2, 12, 23, 55));
    expect(ticks.every((tick) => tick % 3_600_000 === 0)).toBe(true);
    expect(formatTimeTick(Date.UTC(2026, 2, 12))).toBe('12 Mar');
    expect(formatTimeTick(Date.UTC(2026, 2, 12, 6))).toBe('06:00');
  });
});
