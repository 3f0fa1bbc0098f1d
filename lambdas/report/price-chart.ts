import type { ChartConfiguration } from 'chart.js';
import type { ChartImage } from '../model/index.ts';
import { horizontalLinesPlugin, timeAxis } from './chart-axis.ts';
import {
  baseChartOptions,
  type ChartContext,
  PREPARSED_TIME_POINTS,
  REPORT_CHART_SIZE,
  timePoints,
} from './chart-context.ts';
import { formatPrice, formatUsdCompact, formatUtcDateTime, formatUtcTime } from './format.ts';
import { CHART_COLORS, renderChartPng } from './render-chart.ts';

/** Alt text with the numbers a sighted reader would take from the price chart. */
export function priceChartAlt(context: ChartContext): string {
  const { series, flush, window } = context;
  const first = window.bars[0];
  const last = window.bars.at(-1);
  if (!first || !last) return `${series.asset} index price: no price data in the chart window.`;
  if (!flush) {
    return `${series.asset} index price from ${formatPrice(first.open)} to ${formatPrice(last.close)} between ${formatUtcDateTime(first.openTimeMs)} and ${formatUtcDateTime(last.openTimeMs)}, with no liquidation flush.`;
  }
  const amount = `${flush.liqIsLowerBound ? 'at least ' : ''}${formatUsdCompact(flush.liqTotalUsd)}`;
  const sideText = flush.side === 'two-sided' ? 'long and short' : flush.side;
  return `${series.asset} index price from ${formatPrice(flush.priceBefore)} to ${formatPrice(flush.extremePrice)} with ${amount} of ${sideText} liquidations peaking at ${formatUtcTime(flush.peakBarMs)}; the chart ends at ${formatPrice(last.close)}.`;
}

function levelLines(context: ChartContext): Array<{ value: number; label: string }> {
  const levels = context.assessment?.levels ?? [];
  return levels
    .filter((level) => Number.isFinite(level.price))
    .map((level) => ({ value: level.price, label: `${level.label} ${formatPrice(level.price)}` }));
}

function priceRange(context: ChartContext): { min: number; max: number } {
  const values = [
    ...context.points.flatMap((bar) => [bar.low, bar.high]),
    ...levelLines(context).map((line) => line.value),
  ].filter((value) => Number.isFinite(value));
  if (values.length === 0) return { min: 0, max: 1 };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = (max - min) * 0.04 || max * 0.01;
  return { min: min - pad, max: max + pad };
}

function priceConfig(context: ChartContext): ChartConfiguration {
  const { points, window, series } = context;
  const range = priceRange(context);
  const options = baseChartOptions(`${series.asset} index price and liquidations (UTC)`);
  return {
    type: 'line',
    data: {
      datasets: [
        {
          type: 'line',
          label: 'Index price',
          data: timePoints(points, (bar) => bar.close),
          borderColor: CHART_COLORS.price,
          borderWidth: 2.5,
          pointRadius: 0,
          yAxisID: 'y',
          order: 0,
        },
        {
          type: 'bar',
          label: 'Long liquidations',
          data: timePoints(points, (bar) => bar.liqLongUsd),
          backgroundColor: CHART_COLORS.long,
          barPercentage: 1,
          categoryPercentage: 1,
          yAxisID: 'y1',
          order: 1,
        },
        {
          type: 'bar',
          label: 'Short liquidations',
          data: timePoints(points, (bar) => bar.liqShortUsd),
          backgroundColor: CHART_COLORS.short,
          barPercentage: 1,
          categoryPercentage: 1,
          yAxisID: 'y1',
          order: 2,
        },
      ],
    },
    options: {
      ...PREPARSED_TIME_POINTS,
      ...options,
      scales: {
        x: timeAxis(window.fromMs, window.toMs),
        y: {
          type: 'linear',
          position: 'left',
          min: range.min,
          max: range.max,
          ticks: { includeBounds: false, callback: (value) => formatPrice(Number(value)) },
          title: { display: true, text: 'Index price (USD)' },
        },
        y1: {
          type: 'linear',
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          ticks: { callback: (value) => formatUsdCompact(Number(value)) },
          title: { display: true, text: 'Liquidations per bar (USD)' },
        },
      },
    },
    plugins: [horizontalLinesPlugin(levelLines(context))],
  } as ChartConfiguration;
}

/** `price.png`: index price, long/short liquidation bars and the key levels. */
export function buildPriceChart(context: ChartContext): ChartImage {
  return {
    file: 'price.png',
    title: `${context.series.asset} price and liquidations`,
    alt: priceChartAlt(context),
    ...REPORT_CHART_SIZE,
    png: renderChartPng(priceConfig(context), REPORT_CHART_SIZE),
  };
}
