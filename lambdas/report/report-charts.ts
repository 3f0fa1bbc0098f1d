import type { ChartImage, FlushEvent, MarketSeries, RegimeAssessment } from '../model/index.ts';
import { MAX_CHART_POINTS } from './chart-context.ts';
import { downsampleBars, selectChartWindow } from './chart-window.ts';
import { buildFundingChart } from './funding-chart.ts';
import { buildOpenInterestChart } from './open-interest-chart.ts';
import { buildPriceChart } from './price-chart.ts';
import { buildVenueLiquidationsChart } from './venue-liquidations-chart.ts';

/** What the report charts are drawn from. */
export interface ReportChartsInput {
  series: MarketSeries;
  flush: FlushEvent | null;
  assessment: RegimeAssessment | null;
}

/**
 * Renders the four report charts as 1200×600 PNGs (shown at 600 px in email):
 * `price.png`, `open-interest.png`, `funding.png`, `liquidations-by-venue.png`.
 * Each carries alt text with the numbers it shows.
 */
export function renderReportCharts(input: ReportChartsInput): ChartImage[] {
  const window = selectChartWindow(input.series, input.flush);
  const context = { ...input, window, points: downsampleBars(window.bars, MAX_CHART_POINTS) };
  const charts = [
    buildPriceChart(context),
    buildOpenInterestChart(context),
    buildFundingChart(context),
  ];
  // One source (an aggregate export) has nothing to compare across venues: drop the chart.
  if (input.series.venues.length > 1) charts.push(buildVenueLiquidationsChart(context));
  return charts;
}
