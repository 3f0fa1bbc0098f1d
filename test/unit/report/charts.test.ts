import { beforeAll, describe, expect, it } from 'vitest';
import type { MarketSeries } from '../../../lambdas/model/index.ts';
import { formatTimeTick, timeTickValues } from '../../../lambdas/report/chart-axis.ts';
import { NARROW_LAYOUT, pointSpanMs, WIDE_LAYOUT } from '../../../lambdas/report/chart-context.ts';
import { mergeLevels, spreadLabels } from '../../../lambdas/report/chart-levels.ts';
import { downsampleBars, selectChartWindow } from '../../../lambdas/report/chart-window.ts';
import { flushZoomRange, zoomAddsDetail } from '../../../lambdas/report/flush-zoom-chart.ts';
import { fundingConfig } from '../../../lambdas/report/funding-chart.ts';
import { oiConfig } from '../../../lambdas/report/open-interest-chart.ts';
import { compactPrice, priceDatasets } from '../../../lambdas/report/price-chart.ts';
import { CHART_COLORS } from '../../../lambdas/report/render-chart.ts';
import { type ReportChart, renderReportCharts } from '../../../lambdas/report/report-charts.ts';
import { buildFixtureAssessment, buildFixtureFlush, buildFixtureSeries } from './fixtures.ts';
import { pixelStats, pngSize } from './png-inspect.ts';

const FILES = [
  'price.png',
  'flush-zoom.png',
  'open-interest.png',
  'funding.png',
  'liquidations-by-venue.png',
];

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

describe('open interest and funding charts', () => {
  it('draw each bar’s reading at its close, where it was taken, as the price is', () => {
    const series = buildFixtureSeries();
    const flush = buildFixtureFlush();
    const window = selectChartWindow(series, flush);
    const points = downsampleBars(window.bars, 400);
    const context = { series, flush, assessment: null, window, points, layout: WIDE_LAYOUT };
    const spanMs = pointSpanMs(points, series.barMinutes);
    const firstOi = points.find((bar) => bar.oiBase !== null);
    const firstFunding = points.find((bar) => bar.fundingRate8h !== null);
    const firstX = (config: { data: { datasets: Array<{ data: unknown[] }> } }) =>
      (config.data.datasets[0]?.data[0] as { x: number } | undefined)?.x;
    expect(firstX(oiConfig(context) as never)).toBe((firstOi?.openTimeMs ?? 0) + spanMs);
    expect(firstX(fundingConfig(context) as never)).toBe((firstFunding?.openTimeMs ?? 0) + spanMs);
  });
});

describe('renderReportCharts', () => {
  let charts: ReportChart[] = [];
  beforeAll(async () => {
    charts = await renderReportCharts({
      series: buildFixtureSeries(),
      flush: buildFixtureFlush(),
      assessment: buildFixtureAssessment(),
    });
  });
  const drawings = () => charts.flatMap((chart) => [chart.wide, chart.narrow]);

  it('renders each chart at 1200×600 and at 720×640 for phones, as stated', () => {
    expect(charts.map((chart) => chart.file)).toEqual(FILES);
    for (const chart of charts) {
      expect(chart.wide.image).toMatchObject({ file: chart.file, width: 1200, height: 600 });
      expect(chart.narrow.image).toMatchObject({
        file: chart.file.replace('.png', '-narrow.png'),
        width: 720,
        height: 640,
      });
    }
    for (const { image } of drawings()) {
      expect(pngSize(image.png), image.file).toEqual({ width: image.width, height: image.height });
    }
  });

  it('draws no text smaller than its layout allows when measured at every text draw', () => {
    for (const drawing of drawings()) {
      const floor = drawing.layout.font.small * drawing.layout.pixelRatio;
      expect(drawing.smallestTextPx, drawing.image.file).toBeGreaterThanOrEqual(floor);
      expect(Number.isFinite(drawing.smallestTextPx), `${drawing.image.file} has text`).toBe(true);
    }
    // Shown at 358 CSS px (a 390 px phone) and 704 px (the desktop column), the smallest
    // text is at least 11 CSS px.
    expect((NARROW_LAYOUT.font.small * 358) / NARROW_LAYOUT.width).toBeGreaterThanOrEqual(11);
    expect((WIDE_LAYOUT.font.small * 568) / WIDE_LAYOUT.width).toBeGreaterThanOrEqual(11);
  });

  it('prints the tallest liquidation bar’s total on the phone chart, which has no liquidation axis', () => {
    const price = charts.find((chart) => chart.file === 'price.png');
    if (!price) throw new Error('no price chart');
    const usd = (drawing: typeof price.narrow) =>
      drawing.texts.filter((t) => /^\$\d+(\.\d+)?[KMB]$/.test(t.text));
    const [label, ...others] = usd(price.narrow);
    expect(others, 'one figure, no axis').toEqual([]);
    // The fixture's peak: about $600M of longs in one merged bar (the flush's $642M over 70 min).
    expect(label?.text).toMatch(/^\$[1-6]\d\dM$/);
    expect(label?.left ?? 0).toBeGreaterThanOrEqual(price.narrow.plot.left);
    expect(label?.left ?? Infinity).toBeLessThanOrEqual(price.narrow.plot.right);
    expect(label?.top ?? 0).toBeGreaterThanOrEqual(price.narrow.plot.top);
    expect(usd(price.wide).length, 'the wide chart has its axis ticks instead').toBeGreaterThan(1);
  });

  it('labels the levels right of the plot, one under another, when they would be close', () => {
    const names = buildFixtureAssessment().levels.map((level) => level.label);
    expect(names.length).toBeGreaterThanOrEqual(3);
    const price = charts.find((chart) => chart.file === 'price.png');
    for (const drawing of [price?.wide, price?.narrow]) {
      if (!drawing) throw new Error('no price chart');
      const named = drawing.texts.filter((text) =>
        names.some((name) => text.text.includes(name.split(' ')[0] ?? name)),
      );
      expect(named.length, `${drawing.image.file} labels its levels`).toBeGreaterThanOrEqual(3);
      for (const label of named) {
        expect(label.left, `${label.text} starts right of the plot`).toBeGreaterThan(
          drawing.plot.right,
        );
      }
      const column = named[0]?.left ?? 0;
      const tops = drawing.texts
        .filter((text) => text.left === column)
        .map((text) => text.top)
        .sort((a, b) => a - b);
      tops.slice(1).forEach((top, index) => {
        expect(top - (tops[index] ?? 0), 'label lines do not overlap').toBeGreaterThanOrEqual(
          drawing.layout.font.small,
        );
      });
    }
  });

  it('stacks short on long liquidations when a flush liquidates both sides', async () => {
    const series = buildFixtureSeries();
    const flush = buildFixtureFlush();
    const bars = series.bars.map((bar) =>
      bar.openTimeMs >= flush.startMs && bar.openTimeMs <= flush.endMs
        ? { ...bar, liqShortUsd: (bar.liqLongUsd ?? 0) / 2 }
        : bar,
    );
    const zoom = (
      await renderReportCharts({
        series: { ...series, bars },
        flush,
        assessment: buildFixtureAssessment(),
      })
    ).find((chart) => chart.file === 'flush-zoom.png')?.wide;
    const peak = Math.max(...bars.map((bar) => (bar.liqLongUsd ?? 0) + (bar.liqShortUsd ?? 0)));
    const axisTop = Math.max(
      ...(zoom?.texts ?? [])
        .map((text) => /^\$(\d+)M$/.exec(text.text)?.[1])
        .filter((value): value is string => value !== undefined)
        .map((value) => Number(value) * 1e6),
    );
    expect(axisTop, 'the liquidation axis reaches the stacked peak').toBeGreaterThanOrEqual(peak);
  });

  it('draws opaque, non-blank charts with text (the font is registered)', async () => {
    for (const { image } of drawings()) {
      const stats = await pixelStats(image.png);
      expect(stats.transparent, `${image.file} must be opaque for dark-mode mail`).toBe(0);
      expect(stats.colours, `${image.file} has lines, bars and anti-aliased text`).toBeGreaterThan(
        50,
      );
      expect(stats.darkPixels, `${image.file} has dark text pixels`).toBeGreaterThan(500);
    }
  });

  it('names a short squeeze a squeeze on its charts, not a flush', async () => {
    const squeeze = { ...buildFixtureFlush(), side: 'short' as const, priceMovePct: 0.05 };
    const drawn = await renderReportCharts({
      series: buildFixtureSeries(),
      flush: squeeze,
      assessment: buildFixtureAssessment(),
    });
    const zoom = drawn.find((c) => c.file === 'flush-zoom.png');
    const oi = drawn.find((c) => c.file === 'open-interest.png');
    expect(zoom?.wide.image.title).toBe('BTC squeeze close up');
    expect(oi?.wide.image.alt).toMatch(
      /the squeeze shaded from .*; at its lowest during or just after it /,
    );
    for (const chart of [zoom, oi]) {
      const texts = (chart?.wide.texts ?? []).map((t) => t.text);
      expect(texts, chart?.file).toContain('Squeeze');
      expect(texts, chart?.file).not.toContain('Flush');
    }
  });

  it('states the numbers in the alt text', () => {
    const alt = charts.map((chart) => chart.wide.image.alt).join(' ');
    expect(charts[0]?.wide.image.alt).toContain(
      'from $84,200 to $78,900 with at least $612M of long liquidations ($642M both sides)',
    );
    expect(alt).toContain('\u22128.2 %');
    expect(alt, 'venues under the names readers know').toContain('Bybit $166M long');
    expect(alt, 'the close-up says what it zooms into, to its last bar’s close').toMatch(
      /close up, from 11 Mar 2026, 19:00 UTC to 12 Mar 2026, 02:20 UTC: from \$84,200/,
    );
    expect(alt).not.toMatch(/binanceusdm|neutral funding/);
    expect(alt).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('names only funding in the funding chart when the series has no premium', async () => {
    const series = buildFixtureSeries();
    const funding = (
      await renderReportCharts({
        series: { ...series, bars: series.bars.map((bar) => ({ ...bar, premium: null })) },
        flush: buildFixtureFlush(),
        assessment: buildFixtureAssessment(),
      })
    ).find((chart) => chart.file === 'funding.png');
    expect(funding?.wide.image.title).toBe('BTC funding');
    const texts = (funding?.wide.texts ?? []).map((text) => text.text);
    expect(texts, 'no premium legend entry or axis').not.toContainEqual(
      expect.stringMatching(/Premium/),
    );
    expect(charts.find((chart) => chart.file === 'funding.png')?.wide.image.title).toBe(
      'BTC funding and premium',
    );
  });

  it('draws the price chart alone when the report has no flush', async () => {
    const calmCharts = await renderReportCharts({
      series: buildFixtureSeries({ calm: true }),
      flush: null,
      assessment: null,
    });
    expect(calmCharts.map((chart) => chart.file)).toEqual(['price.png']);
    expect(calmCharts[0]?.wide.image.alt).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('draws a message instead of bars when no venue had a feed', async () => {
    const noFeedCharts = await renderReportCharts({
      series: noFeedSeries(),
      flush: buildFixtureFlush(),
      assessment: null,
    });
    const venue = noFeedCharts.find((chart) => chart.file === 'liquidations-by-venue.png');
    expect(venue?.wide.image.alt).toContain('no venue had a liquidation feed');
    for (const drawing of [venue?.wide, venue?.narrow]) {
      const stats = await pixelStats(drawing?.image.png ?? new Uint8Array());
      expect(stats.darkPixels, 'the message text is drawn').toBeGreaterThan(500);
      expect(drawing?.smallestTextPx, 'the message is legible').toBeGreaterThanOrEqual(24);
    }
    expect(noFeedCharts.map((chart) => chart.wide.image.alt).join(' ')).not.toMatch(
      /NaN|undefined|Infinity/,
    );
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

  it('merges levels closer than the zone distance into one zone and keeps far ones apart', () => {
    const marks = mergeLevels(
      [
        { price: 83_220, name: 'Reclaim trigger' },
        { price: 78_900, name: 'Flush low' },
        { price: 83_108, name: 'Broken swing low' },
        { price: 70_600, name: 'Swing low' },
        { price: 70_520, name: 'Swing low' },
        { price: 70_550, name: 'Swing low' },
      ],
      200,
    );
    expect(marks).toEqual([
      { low: 70_520, high: 70_600, names: ['Swing low'], count: 3 },
      { low: 78_900, high: 78_900, names: ['Flush low'], count: 1 },
      { low: 83_108, high: 83_220, names: ['Broken swing low', 'Reclaim trigger'], count: 2 },
    ]);
  });

  it('spreads labels that would overlap and keeps them inside the chart when crowded at its foot', () => {
    expect(spreadLabels([100, 104, 108], 20, 0, 300)).toEqual([100, 120, 140]);
    expect(spreadLabels([50, 290, 295], 20, 0, 300)).toEqual([50, 260, 280]);
    const tops = spreadLabels([0, 1, 2, 3], 30, 0, 100);
    expect(tops[0], 'never above the top').toBeGreaterThanOrEqual(0);
  });

  it('zooms into a short flush and not into one that fills most of the window', () => {
    const hour = 3_600_000;
    const window = { fromMs: 0, toMs: 28 * hour };
    const flush = (startMs: number, endMs: number) =>
      ({ ...buildFixtureFlush(), startMs, endMs }) as ReturnType<typeof buildFixtureFlush>;
    expect(flushZoomRange(flush(24 * hour, 25 * hour), 60, window)).toEqual({
      fromMs: 22 * hour,
      toMs: 28 * hour,
    });
    expect(zoomAddsDetail(flush(24 * hour, 25 * hour), 60, window)).toBe(true);
    expect(zoomAddsDetail(flush(14 * hour, 26 * hour), 60, window)).toBe(false);
  });

  it('centres each liquidation bar on the interval it sums and draws the price at its close', () => {
    const bars = buildFixtureSeries().bars.slice(0, 6);
    const merged = downsampleBars(bars, 2);
    const span = pointSpanMs(merged, 5);
    expect(span, 'three 5-minute bars per point').toBe(15 * 60_000);
    const [price, longs] = priceDatasets(merged, WIDE_LAYOUT, span);
    const open = merged[0]?.openTimeMs ?? 0;
    expect(price?.data[0]?.x).toBe(open + span);
    expect(longs?.data[0]?.x).toBe(open + span / 2);
  });

  it("shades each bar's low-to-high range, so the drawn price reaches the flush low, with no legend entry", async () => {
    const series = buildFixtureSeries();
    const points = downsampleBars(series.bars, 400);
    const datasets = priceDatasets(points, WIDE_LAYOUT, pointSpanMs(points, series.barMinutes));
    const low = datasets.find((d) => d.label === 'Bar low');
    const high = datasets.find((d) => d.label === 'Bar high');
    expect(Math.min(...(low?.data ?? []).map((p) => p.y))).toBe(
      Math.min(...points.map((b) => b.low)),
    );
    expect(Math.max(...(high?.data ?? []).map((p) => p.y))).toBe(
      Math.max(...points.map((b) => b.high)),
    );
    expect(datasets.indexOf(high as never), 'filled down to the low just before it').toBe(
      datasets.indexOf(low as never) + 1,
    );
    // Chart.js draws a step 'after' line from each point back to the one before it at that
    // point's value (its _steppedLineTo), so over a bar's own span the shade is that bar's range.
    for (const edge of [low, high]) expect(edge, edge?.label).toMatchObject({ stepped: 'after' });
    const span = pointSpanMs(points, series.barMinutes);
    for (const bar of points) {
      const mid = bar.openTimeMs + span / 2;
      const step = (low?.data ?? []).find((p) => p.x >= mid);
      expect(step?.y, `the low drawn over ${new Date(bar.openTimeMs).toISOString()}`).toBe(bar.low);
    }
    expect(low?.data[0]?.x, 'the first bar has a span too').toBe(points[0]?.openTimeMs);
    // The fill alone vanishes under a liquidation bar drawn in the same place; an edge does not.
    for (const edge of [low, high])
      expect(edge, edge?.label).toMatchObject({
        borderWidth: 1,
        borderColor: CHART_COLORS.rangeEdge,
      });
    const drawn = (
      await renderReportCharts({ series, flush: buildFixtureFlush(), assessment: null })
    ).find((chart) => chart.file === 'price.png');
    expect((drawn?.wide.texts ?? []).map((t) => t.text)).toContain('Long liquidations');
    expect((drawn?.wide.texts ?? []).map((t) => t.text)).not.toContain('Bar low');
  });

  it('writes phone price ticks in thousands above $10,000 and in full below', () => {
    expect(compactPrice(84_000)).toBe('$84k');
    expect(compactPrice(83_500)).toBe('$83.5k');
    expect(compactPrice(3_050)).toBe('$3,050');
  });
});
