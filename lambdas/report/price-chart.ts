import type { ChartConfiguration, Plugin } from 'chart.js';
import { timeAxis } from './chart-axis.ts';
import {
  baseChartOptions,
  type ChartContext,
  type ChartLayout,
  drawChart,
  type PendingChart,
  PREPARSED_TIME_POINTS,
  pointSpanMs,
  type TimePoint,
  timePoints,
  valueAxisText,
} from './chart-context.ts';
import {
  LEVEL_ZONE_SHARE,
  levelLabels,
  levelsPlugin,
  mergeLevels,
  type PriceLevel,
} from './chart-levels.ts';
import { formatPrice, formatUsdCompact, formatUtcDateTime, formatUtcTime } from './format.ts';
import { CHART_FONT_FAMILY } from './register-chart-font.ts';
import { CHART_COLORS, withoutEmptyDatasets } from './render-chart.ts';

/** Alt text with the numbers a sighted reader would take from the price chart. */
export function priceChartAlt(context: ChartContext): string {
  const { series, flush, window } = context;
  const first = window.bars[0];
  const last = window.bars.at(-1);
  if (!first || !last) return `${series.asset} index price: no price data in the chart window.`;
  if (!flush) {
    return `${series.asset} index price from ${formatPrice(first.open)} to ${formatPrice(last.close)} between ${formatUtcDateTime(first.openTimeMs)} and ${formatUtcDateTime(last.openTimeMs)}, with no liquidation flush.`;
  }
  const bound = flush.liqIsLowerBound ? 'at least ' : '';
  // The total is both sides: "$2.8B of long liquidations" would claim the shorts' $0.4B as longs.
  const amount =
    flush.side === 'two-sided'
      ? `${bound}${formatUsdCompact(flush.liqTotalUsd)} of long and short liquidations`
      : `${bound}${formatUsdCompact(flush.side === 'long' ? flush.liqLongUsd : flush.liqShortUsd)} of ${flush.side} liquidations (${formatUsdCompact(flush.liqTotalUsd)} both sides)`;
  return `${series.asset} index price from ${formatPrice(flush.priceBefore)} to ${formatPrice(flush.extremePrice)} with ${amount} peaking at ${formatUtcTime(flush.peakBarMs)}; the chart ends at ${formatPrice(last.close)}.`;
}

/**
 * Short price ticks for phones: thousands as "k" above $10,000.
 * @example compactPrice(83500) // "$83.5k"
 * @example compactPrice(3050) // "$3,050"
 */
export function compactPrice(value: number): string {
  if (Math.abs(value) < 10_000) return formatPrice(value);
  const thousands = value / 1000;
  return `$${Number.isInteger(thousands) ? thousands : Number(thousands.toFixed(1))}k`;
}

function levels(context: ChartContext): PriceLevel[] {
  return (context.assessment?.levels ?? [])
    .filter((level) => Number.isFinite(level.price))
    .map((level) => ({ price: level.price, name: level.label }));
}

function priceRange(context: ChartContext): { min: number; max: number } {
  const values = [
    ...context.points.flatMap((bar) => [bar.low, bar.high]),
    ...levels(context).map((level) => level.price),
  ].filter((value) => Number.isFinite(value));
  if (values.length === 0) return { min: 0, max: 1 };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = (max - min) * 0.04 || max * 0.01;
  return { min: min - pad, max: max + pad };
}

/** The two edges of the shaded high–low band; neither has a legend entry of its own. */
export const PRICE_RANGE_LABELS = { low: 'Bar low', high: 'Bar high' } as const;

/** Legend names of the liquidation bars: short on phones, so the legend takes one row. */
const LIQUIDATION_NAMES = {
  wide: { long: 'Long liquidations', short: 'Short liquidations' },
  narrow: { long: 'Long liq.', short: 'Short liq.' },
} as const;

/**
 * A bar's value as a step over its own span, from its open to its close: one point at each
 * close (a step drawn `after` holds a point's value back to the point before it) and, first,
 * the first bar's open, so it has a span too. Points at the open, drawn `before`, would put
 * each bar's value over the next bar's span: the 10 Oct 2025 $101,517 wick drew an hour late.
 * @example barSteps([bar0900, bar1000], (b) => b.low, HOUR_MS) // [{x: 09:00, y: low0900}, {x: 10:00, y: low0900}, {x: 11:00, y: low1000}]
 */
export function barSteps(
  points: ChartContext['points'],
  value: (bar: ChartContext['points'][number]) => number | null,
  spanMs: number,
): TimePoint[] {
  const [first] = timePoints(points, value);
  return first ? [first, ...timePoints(points, value, spanMs)] : [];
}

/**
 * Price line and long/short liquidation bars; empty sides are dropped later. A bar spans
 * the time it sums (centred on its middle) and the price is its close, at its close time,
 * so a bar of 03:00–04:00 lines up with a flush shaded from 03:00.
 */
export function priceDatasets(points: ChartContext['points'], layout: ChartLayout, spanMs: number) {
  const names = LIQUIDATION_NAMES[layout.variant];
  const bars = (label: string, color: string, data: TimePoint[], order: number) => ({
    type: 'bar' as const,
    label,
    data,
    backgroundColor: color,
    barPercentage: 1,
    categoryPercentage: 1,
    yAxisID: 'y1',
    order,
  });
  // Each bar's low-to-high range, shaded behind the close line: a flush's wick reaches its
  // low there, where a line of closes alone stops short of the level marked for it.
  const range = (
    label: string,
    value: (bar: ChartContext['points'][number]) => number,
    fill: false | '-1',
  ) => ({
    type: 'line' as const,
    label,
    data: barSteps(points, value, spanMs),
    borderWidth: 1,
    borderColor: CHART_COLORS.rangeEdge,
    pointRadius: 0,
    backgroundColor: CHART_COLORS.range,
    fill,
    // A point's value is drawn back to the point before it: each bar's, over its own span.
    stepped: 'after' as const,
    yAxisID: 'y',
    // Over the liquidation bars (translucent), under the price line: a tall bar must not hide
    // the wick beside it.
    order: 0.5,
  });
  return [
    {
      type: 'line' as const,
      label: 'Index price',
      data: timePoints(points, (bar) => bar.close, spanMs),
      borderColor: CHART_COLORS.price,
      borderWidth: 2,
      pointRadius: 0,
      yAxisID: 'y',
      order: 0,
    },
    bars(
      names.long,
      CHART_COLORS.long,
      timePoints(points, (bar) => bar.liqLongUsd, spanMs / 2),
      1,
    ),
    bars(
      names.short,
      CHART_COLORS.short,
      timePoints(points, (bar) => bar.liqShortUsd, spanMs / 2),
      2,
    ),
    // Last, and the high right after the low: its fill ('-1') is to the dataset before it.
    range(PRICE_RANGE_LABELS.low, (bar) => bar.low, false),
    range(PRICE_RANGE_LABELS.high, (bar) => bar.high, '-1'),
  ];
}

/**
 * Width the value axes of a price chart take, about: the price axis, and on `wide` (or
 * with `liquidationAxis`) the liquidation axis, each with its title where the layout has one.
 */
export function valueAxesPx(layout: ChartLayout, liquidationAxis: 'wide' | boolean): number {
  const withLiquidations = liquidationAxis === 'wide' ? layout.variant === 'wide' : liquidationAxis;
  const axis = layout.font.small * 5 + (layout.axisTitles ? layout.font.small * 2 : 0);
  return axis * (withLiquidations ? 2 : 1);
}

/** The price (left) and liquidation (right; by default hidden on phones) axes. */
export function priceScales(
  range: { min: number; max: number },
  layout: ChartLayout,
  liquidationAxis = layout.variant === 'wide',
) {
  return {
    y: {
      type: 'linear',
      position: 'left',
      min: range.min,
      max: range.max,
      ...valueAxisText(layout, 'Index price (USD)'),
      ticks: {
        font: { size: layout.font.small },
        includeBounds: false,
        maxTicksLimit: layout.variant === 'wide' ? 8 : 6,
        callback: (value: string | number) =>
          layout.variant === 'wide' ? formatPrice(Number(value)) : compactPrice(Number(value)),
      },
    },
    // Long and short bars of one bar stack: a two-sided washout shows both, not one over the other.
    y1: {
      type: 'linear',
      position: 'right',
      beginAtZero: true,
      stacked: true,
      display: liquidationAxis,
      grid: { drawOnChartArea: false },
      ...valueAxisText(layout, 'Liquidations per bar (USD)'),
      ticks: {
        font: { size: layout.font.small },
        maxTicksLimit: layout.variant === 'wide' ? 6 : 4,
        callback: (value: string | number) => formatUsdCompact(Number(value)),
      },
    },
  };
}

/**
 * On a chart without the liquidation axis (phones), the tallest liquidation bar's total printed
 * above it: without a scale, a $388M bar read against the price axis as "$61k".
 */
export function peakLiquidationPlugin(
  points: ChartContext['points'],
  layout: ChartLayout,
  spanMs: number,
): Plugin | null {
  let peak: { x: number; usd: number } | null = null;
  for (const bar of points) {
    const usd = (bar.liqLongUsd ?? 0) + (bar.liqShortUsd ?? 0);
    if (usd > 0 && (peak === null || usd > peak.usd))
      peak = { x: bar.openTimeMs + spanMs / 2, usd };
  }
  if (peak === null) return null;
  const { x, usd } = peak;
  return {
    id: 'aftershockPeakLiquidation',
    afterDatasetsDraw(chart) {
      const xScale = chart.scales.x;
      const yScale = chart.scales.y1;
      if (!xScale || !yScale) return;
      const ctx = chart.ctx as unknown as CanvasRenderingContext2D;
      const { chartArea } = chart;
      const text = formatUsdCompact(usd);
      ctx.save();
      ctx.font = `bold ${layout.font.small}px ${CHART_FONT_FAMILY}`;
      const half = ctx.measureText(text).width / 2 + 2;
      const left = Math.min(
        Math.max(xScale.getPixelForValue(x), chartArea.left + half),
        chartArea.right - half,
      );
      const top = Math.max(yScale.getPixelForValue(usd) - 3, chartArea.top + layout.font.small);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      // A light halo keeps the figure legible over the price line and range.
      ctx.lineWidth = 3;
      ctx.strokeStyle = '#ffffff';
      ctx.strokeText(text, left, top);
      ctx.fillStyle = CHART_COLORS.text;
      ctx.fillText(text, left, top);
      ctx.restore();
    },
  };
}

function priceConfig(context: ChartContext): ChartConfiguration {
  const { points, window, series, layout } = context;
  const range = priceRange(context);
  const spanMs = pointSpanMs(points, series.barMinutes);
  const { labels, gutter } = levelLabels(
    mergeLevels(levels(context), (range.max - range.min) * LEVEL_ZONE_SHARE),
    layout,
  );
  const title =
    layout.variant === 'wide'
      ? `${series.asset} index price and liquidations (UTC)`
      : `${series.asset} price, liquidations (UTC)`;
  return withoutEmptyDatasets({
    type: 'line',
    data: { datasets: priceDatasets(points, layout, spanMs) },
    options: {
      ...PREPARSED_TIME_POINTS,
      ...baseChartOptions(title, layout, {
        rightPadding: gutter + 4,
        unlisted: ['Index price', PRICE_RANGE_LABELS.low, PRICE_RANGE_LABELS.high],
      }),
      scales: {
        x: {
          // To the last bar's close, where the last price is drawn.
          ...timeAxis(
            window.fromMs,
            window.toMs + spanMs,
            layout,
            gutter + valueAxesPx(layout, 'wide'),
          ),
          stacked: true,
        },
        ...priceScales(range, layout),
      },
    },
    plugins: [
      levelsPlugin(labels, layout, gutter),
      ...(layout.variant === 'wide' ? [] : [peakLiquidationPlugin(points, layout, spanMs)]),
    ].filter((plugin): plugin is Plugin => plugin !== null),
  } as ChartConfiguration);
}

/** `price.png` (and `price-narrow.png`): index price, liquidation bars and the key levels. */
export function buildPriceChart(context: ChartContext): PendingChart {
  return drawChart(
    context,
    {
      file: 'price.png',
      title: `${context.series.asset} price and liquidations`,
      alt: priceChartAlt(context),
    },
    priceConfig(context),
  );
}
