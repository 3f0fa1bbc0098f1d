import type { FlushEvent, MarketSeries, RegimeAssessment } from '../model/index.ts';
import {
  CHART_LAYOUTS,
  type ChartContext,
  type ChartLayout,
  type DrawnChart,
  MAX_CHART_POINTS,
  type PendingChart,
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
export interface ChartPair<T> {
  /** File of the wide drawing, e.g. `price.png`; sections name charts by it. */
  file: string;
  wide: T;
  narrow: T;
}

/** A report chart drawn and encoded in both layouts. */
export type ReportChart = ChartPair<DrawnChart>;

/** The report charts as drawn, and the promise of their encoded images. */
export interface StartedReportCharts {
  /** Every chart's files, sizes and alt text, known as soon as it is drawn. */
  drawn: Array<ChartPair<PendingChart>>;
  encoded: Promise<ReportChart[]>;
}

/** Draws each chart in the call; their encodings run on. */
function chartsIn(input: ReportChartsInput, context: ChartContext): PendingChart[] {
  const charts = [buildPriceChart(context)];
  const { flush } = input;
  // A quiet day is told by its price and liquidations; the text gives open interest and
  // funding, whose charts would show 48 hours of nothing after the last section.
  if (flush === null) return charts;
  if (zoomAddsDetail(flush, input.series.barMinutes, context.window)) {
    charts.push(buildFlushZoomChart(context, flush));
  }
  charts.push(buildOpenInterestChart(context), buildFundingChart(context));
  // One source (an aggregate export) has nothing to compare across venues: drop the chart.
  if (input.series.venues.length > 1) charts.push(buildVenueLiquidationsChart(context));
  return charts;
}

/**
 * Renders the report charts (a report without a flush: the price chart alone), each twice:
 * 1200×600 for wide screens and the email at 600 px, and 720×640 for phones, both at pixel ratio 2 with fonts sized for the width
 * they are shown at. `price.png`, `flush-zoom.png` (with a flush short enough to zoom
 * into), `open-interest.png`,
 * `funding.png`, `liquidations-by-venue.png` (with several venues). Each carries alt
 * text with the numbers it shows.
 */
export function renderReportCharts(input: ReportChartsInput): Promise<ReportChart[]> {
  return startReportCharts(input).encoded;
}

/**
 * {@link renderReportCharts}, returning as soon as every chart is drawn: the page and the email
 * can be laid out from `drawn` while the encodings run on the thread pool.
 */
export function startReportCharts(input: ReportChartsInput): StartedReportCharts {
  const window = selectChartWindow(input.series, input.flush);
  const points = downsampleBars(window.bars, MAX_CHART_POINTS);
  const [wide = [], narrow = []] = CHART_LAYOUTS.map((layout: ChartLayout) =>
    chartsIn(input, { ...input, window, points, layout }),
  );
  return pairCharts(wide, narrow);
}

/**
 * Pairs each wide drawing with the phone drawing at the same place, and starts awaiting both
 * encodings: the one way any report's charts are paired.
 */
export function pairCharts(
  wide: readonly PendingChart[],
  narrow: readonly PendingChart[],
): StartedReportCharts {
  const drawn = wide.map((chart, index) => {
    const phone = narrow[index];
    if (!phone) throw new Error(`no narrow drawing of ${chart.image.file}`);
    return { file: chart.image.file, wide: chart, narrow: phone };
  });
  const encoded = Promise.all(
    drawn.map(async (pair) => {
      const [wideChart, narrowChart] = await Promise.all([pair.wide.drawn, pair.narrow.drawn]);
      return { file: pair.file, wide: wideChart, narrow: narrowChart };
    }),
  );
  return { drawn, encoded };
}
