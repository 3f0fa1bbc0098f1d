import type { ChartConfiguration, Plugin } from 'chart.js';
import type { SeriesBar } from '../model/index.ts';
import { messagePlugin, timeAxis } from './chart-axis.ts';
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
import { formatPct, formatRate8h } from './format.ts';
import { CHART_COLORS, withoutEmptyDatasets } from './render-chart.ts';

function endValues(bars: SeriesBar[], pick: (bar: SeriesBar) => number | null) {
  const values = bars.map(pick).filter((value): value is number => value !== null);
  const first = values[0];
  const last = values.at(-1);
  return first === undefined || last === undefined ? null : { first, last };
}

/** Alt text for the funding and premium chart. */
export function fundingChartAlt(context: ChartContext): string {
  const { series, window } = context;
  const funding = endValues(window.bars, (bar) => bar.fundingRate8h);
  const premium = endValues(window.bars, (bar) => bar.premium);
  const fundingText = funding
    ? `funding from ${formatRate8h(funding.first)} to ${formatRate8h(funding.last)}`
    : 'no funding data';
  const premiumText = premium
    ? ` and premium from ${formatPct(premium.first, 3)} to ${formatPct(premium.last, 3)}`
    : '';
  return `${series.asset} perpetual ${fundingText}${premiumText} over the chart window.`;
}

function hasPremiumData(context: ChartContext): boolean {
  return context.points.some((bar) => bar.premium !== null && Number.isFinite(bar.premium));
}

/** The funding chart's configuration (exported for tests). */
export function fundingConfig(context: ChartContext): ChartConfiguration {
  const { points, window, series, layout } = context;
  // Each bar carries the rate and premium as at its close: drawn there, a settlement at 00:00
  // steps at 00:00, not at the 23:00 bar's open.
  const spanMs = pointSpanMs(points, series.barMinutes);
  const funding = timePoints(
    points,
    (bar) => (bar.fundingRate8h === null ? null : bar.fundingRate8h * 100),
    spanMs,
  );
  const premium = timePoints(
    points,
    (bar) => (bar.premium === null ? null : bar.premium * 100),
    spanMs,
  );
  const plugins: Plugin[] = [];
  if (funding.length + premium.length === 0) {
    plugins.push(messagePlugin('No venue reported funding or premium in this window', layout));
  }
  const percentTick = (value: string | number) => `${Number(value).toFixed(3)}\u202f%`;
  const ticks = { font: { size: layout.font.small }, maxTicksLimit: 6, callback: percentTick };
  const hasPremium = hasPremiumData(context);
  const fundingSet = {
    label: 'Funding (% per 8h)',
    data: funding,
    borderColor: CHART_COLORS.funding,
    borderWidth: 2,
    pointRadius: 0,
    yAxisID: 'y',
  };
  const premiumSet = {
    label: 'Premium (%)',
    data: premium,
    borderColor: CHART_COLORS.premium,
    borderWidth: 2,
    pointRadius: 0,
    yAxisID: 'y1',
  };
  const premiumAxis = {
    type: 'linear',
    position: 'right',
    grid: { drawOnChartArea: false },
    ...valueAxisText(layout, 'Premium (%)'),
    ticks,
  };
  // A series without premium (aggregate exports) gets no empty legend entry or axis.
  const title = `${series.asset} funding (8h)${hasPremium ? ' and premium' : ''} (UTC)`;
  return withoutEmptyDatasets({
    type: 'line',
    data: { datasets: hasPremium ? [fundingSet, premiumSet] : [fundingSet] },
    options: {
      ...PREPARSED_TIME_POINTS,
      ...baseChartOptions(title, layout, { legend: hasPremium }),
      scales: {
        x: timeAxis(
          window.fromMs,
          window.toMs + spanMs,
          layout,
          layout.font.small * (layout.axisTitles ? 7 : 5) * (hasPremium ? 2 : 1),
        ),
        y: {
          type: 'linear',
          position: 'left',
          // Room above and below, so a rate pinned at a venue's cap is not drawn on the edge.
          grace: '8%',
          ...valueAxisText(layout, 'Funding (% per 8h)'),
          ticks,
        },
        ...(hasPremium ? { y1: premiumAxis } : {}),
      },
    },
    plugins,
  } as ChartConfiguration);
}

/** `funding.png`: OI-weighted funding normalised to 8h, and the perp premium. */
export function buildFundingChart(context: ChartContext): PendingChart {
  return drawChart(
    context,
    {
      file: 'funding.png',
      title: `${context.series.asset} funding${hasPremiumData(context) ? ' and premium' : ''}`,
      alt: fundingChartAlt(context),
    },
    fundingConfig(context),
  );
}
