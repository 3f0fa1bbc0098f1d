import type { ChartConfiguration, Plugin } from 'chart.js';
import { MINUTE_MS } from '../shared/time.ts';
import { messagePlugin, shadeRangePlugin, timeAxis } from './chart-axis.ts';
import {
  baseChartOptions,
  type ChartContext,
  drawChart,
  type PendingChart,
  PREPARSED_TIME_POINTS,
  pointSpanMs,
  timePoints,
  valueAxisText,
} from './chart-context.ts';
import { formatCount, formatPct, formatUtcTime } from './format.ts';
import { CHART_COLORS, withoutEmptyDatasets } from './render-chart.ts';
import { eventLabel, sideWords } from './side-words.ts';

function firstAndLastOi(context: ChartContext): { first: number; last: number } | null {
  const values = context.window.bars
    .map((bar) => bar.oiBase)
    .filter((value): value is number => value !== null && Number.isFinite(value));
  const first = values[0];
  const last = values.at(-1);
  return first === undefined || last === undefined ? null : { first, last };
}

/** Alt text for the open-interest chart, with the OI change in the flush when known. */
export function openInterestChartAlt(context: ChartContext): string {
  const { series, flush } = context;
  const ends = firstAndLastOi(context);
  if (!ends)
    return `${series.asset} open interest: no venue reported open interest in the chart window.`;
  const range = `from ${formatCount(ends.first)} to ${formatCount(ends.last)} ${series.asset}`;
  if (!flush) return `${series.asset} open interest ${range} over the chart window.`;
  const event = sideWords(flush.side, flush.priceMovePct).event;
  const shaded = `the ${event} shaded from ${formatUtcTime(flush.startMs)} to ${formatUtcTime(flush.endMs + series.barMinutes * MINUTE_MS)}`;
  const change =
    flush.oiChangePct === null
      ? 'its change through it unknown'
      : `at its lowest during or just after it ${formatPct(flush.oiChangePct)} from before it`;
  return `${series.asset} open interest ${range} over the chart window, ${shaded}; ${change}.`;
}

/** The open-interest chart's configuration (exported for tests). */
export function oiConfig(context: ChartContext): ChartConfiguration {
  const { points, window, series, flush, layout } = context;
  // A bar's open interest is the reading at its close (attachOpenInterest), so it is drawn
  // there, as the price is: at the open, each fall showed an hour before it happened.
  const spanMs = pointSpanMs(points, series.barMinutes);
  const data = timePoints(points, (bar) => bar.oiBase, spanMs);
  const plugins: Plugin[] = [];
  if (flush)
    plugins.push(
      shadeRangePlugin(
        flush.startMs,
        flush.endMs + series.barMinutes * MINUTE_MS,
        eventLabel(flush.side, flush.priceMovePct),
        layout,
      ),
    );
  if (data.length === 0)
    plugins.push(messagePlugin('No venue reported open interest in this window', layout));
  return withoutEmptyDatasets({
    type: 'line',
    data: {
      datasets: [
        {
          label: `Open interest (${series.asset})`,
          data,
          borderColor: CHART_COLORS.oi,
          borderWidth: 2,
          pointRadius: 0,
        },
      ],
    },
    options: {
      ...PREPARSED_TIME_POINTS,
      // One line: the title names it, a legend would only repeat it.
      ...baseChartOptions(`${series.asset} open interest in ${series.asset} (UTC)`, layout, {
        legend: false,
      }),
      scales: {
        x: timeAxis(
          window.fromMs,
          window.toMs + spanMs,
          layout,
          layout.font.small * (layout.axisTitles ? 7 : 5),
        ),
        y: {
          type: 'linear',
          ...valueAxisText(layout, `Open interest (${series.asset})`),
          ticks: {
            font: { size: layout.font.small },
            maxTicksLimit: 6,
            callback: (value: string | number) => formatCount(Number(value)),
          },
        },
      },
    },
    plugins,
  } as ChartConfiguration);
}

/** `open-interest.png`: OI in base units with the flush window shaded. */
export function buildOpenInterestChart(context: ChartContext): PendingChart {
  return drawChart(
    context,
    {
      file: 'open-interest.png',
      title: `${context.series.asset} open interest`,
      alt: openInterestChartAlt(context),
    },
    oiConfig(context),
  );
}
