import type { ChartConfiguration, Plugin } from 'chart.js';
import type { ChartImage, SeriesBar } from '../model/index.ts';
import { messagePlugin, timeAxis } from './chart-axis.ts';
import {
  baseChartOptions,
  type ChartContext,
  PREPARSED_TIME_POINTS,
  REPORT_CHART_SIZE,
  timePoints,
} from './chart-context.ts';
import { formatPct, formatRate8h } from './format.ts';
import { CHART_COLORS, renderChartPng } from './render-chart.ts';

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

function fundingConfig(context: ChartContext): ChartConfiguration {
  const { points, window, series } = context;
  const funding = timePoints(points, (bar) =>
    bar.fundingRate8h === null ? null : bar.fundingRate8h * 100,
  );
  const premium = timePoints(points, (bar) => (bar.premium === null ? null : bar.premium * 100));
  const plugins: Plugin[] = [];
  if (funding.length + premium.length === 0) {
    plugins.push(messagePlugin('No venue reported funding or premium in this window'));
  }
  const percentTick = (value: string | number) => `${Number(value).toFixed(3)} %`;
  const hasPremium = premium.length > 0;
  const fundingSet = {
    label: 'Funding (% per 8h)',
    data: funding,
    borderColor: CHART_COLORS.funding,
    borderWidth: 2.5,
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
    ticks: { callback: percentTick },
    title: { display: true, text: 'Premium (%)' },
  };
  // A series without premium (aggregate exports) gets no empty legend entry or axis.
  return {
    type: 'line',
    data: { datasets: hasPremium ? [fundingSet, premiumSet] : [fundingSet] },
    options: {
      ...PREPARSED_TIME_POINTS,
      ...baseChartOptions(`${series.asset} funding (8h)${hasPremium ? ' and premium' : ''} (UTC)`),
      scales: {
        x: timeAxis(window.fromMs, window.toMs),
        y: {
          type: 'linear',
          position: 'left',
          ticks: { callback: percentTick },
          title: { display: true, text: 'Funding (% per 8h)' },
        },
        ...(hasPremium ? { y1: premiumAxis } : {}),
      },
    },
    plugins,
  } as ChartConfiguration;
}

/** `funding.png`: OI-weighted funding normalised to 8h, and the perp premium. */
export function buildFundingChart(context: ChartContext): ChartImage {
  return {
    file: 'funding.png',
    title: `${context.series.asset} funding and premium`,
    alt: fundingChartAlt(context),
    ...REPORT_CHART_SIZE,
    png: renderChartPng(fundingConfig(context), REPORT_CHART_SIZE),
  };
}
