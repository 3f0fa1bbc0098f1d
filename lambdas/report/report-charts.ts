import type { FlushEvent, MarketSeries, RegimeAssessment } from '../model/index.ts';
import {
  CHART_LAYOUTS,
  type ChartContext,
  type ChartLayout,
  type DrawnChart,
  MAX_CHART_POINTS,
} from './chart-context.ts';
import { downsampleBars, selectChartWindow } from './chart-window.ts';
import { buildFlushZoomChart, zoomAddsDetail } from './flush-zoom-chart.ts';
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

/** One report chart in every layout: `wide` (page column, 600 px email) and `narrow` (phones). */
export interface ReportChart {
  /** File of the wide drawing, e.g. `price.png`; sections name charts by it. */
  file: string;
  wide: DrawnChart;
  narrow: DrawnChart;
}

/** Draws each chart in the call; the promises wait for the encoding. */
function chartsIn(input: ReportChartsInput, context: ChartContext): Array<Promise<DrawnChart>> {
  const charts = [buildPriceChart(context)];
  const { flush } = input;
  if (flush && zoomAddsDetail(flush, input.series.barMinutes, context.window)) {
    charts.push(buildFlushZoomChart(context, flush));
  }
  charts.push(buildOpenInterestChart(context), buildFundingChart(context));
  // One source (an aggregate export) has nothing to compare across venues: drop the chart.
  if (input.series.venues.length > 1) charts.push(buildVenueLiquidationsChart(context));
  return charts;
}

/**
 * Renders the report charts, each twice: 1200×600 for wide screens and the email at
 * 600 px, and 720×640 for phones, both at pixel ratio 2 with fonts sized for the width
 * they are shown at. `price.png`, `flush-zoom.png` (with a flush short enough to zoom
 * into), `open-interest.png`,
 * `funding.png`, `liquidations-by-venue.png` (with several venues). Each carries alt
 * text with the numbers it shows.
 */
export async function renderReportCharts(input: ReportChartsInput): Promise<ReportChart[]> {
  const window = selectChartWindow(input.series, input.flush);
  const points = downsampleBars(window.bars, MAX_CHART_POINTS);
  // Every chart is drawn before any encoding is awaited, so the encodes share the cores.
  const drawing = CHART_LAYOUTS.map((layout: ChartLayout) =>
    chartsIn(input, { ...input, window, points, layout }),
  );
  const [wide, narrow] = await Promise.all(drawing.map((charts) => Promise.all(charts)));
  return (wide ?? []).map((chart, index) => {
    const phone = narrow?.[index];
    if (!phone) throw new Error(`no narrow drawing of ${chart.image.file}`);
    return { file: chart.image.file, wide: chart, narrow: phone };
  });
}
