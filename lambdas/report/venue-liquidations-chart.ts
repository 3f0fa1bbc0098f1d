import type { ChartConfiguration, ChartOptions } from 'chart.js';
import type { MarketSeries, SeriesBar } from '../model/index.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/time.ts';
import { messagePlugin } from './chart-axis.ts';
import {
  baseChartOptions,
  type ChartContext,
  type ChartLayout,
  drawChart,
  type PendingChart,
  valueAxisText,
} from './chart-context.ts';
import { formatUsdCompact, formatUtcDateTime, formatUtcTime } from './format.ts';
import { CHART_COLORS, withoutEmptyDatasets } from './render-chart.ts';
import { venueName } from './venue-names.ts';

/** Liquidations of one venue summed over the chart's liquidation window. */
export interface VenueLiquidations {
  venue: string;
  /** Venue name with its feed class when that is not `complete`, e.g. "OKX (throttled feed)". */
  label: string;
  longUsd: number;
  shortUsd: number;
}

/** "21:00 UTC to 22:10 UTC" for a flush; with dates when the range spans many hours. */
function describeRange(range: { fromMs: number; toMs: number }): string {
  const format = range.toMs - range.fromMs > 12 * HOUR_MS ? formatUtcDateTime : formatUtcTime;
  return `${format(range.fromMs)} to ${format(range.toMs)}`;
}

function liquidationWindow(context: ChartContext): { fromMs: number; toMs: number } {
  // Bars that opened from the flush's start to its last bar; the text names the last bar's close.
  if (context.flush) return { fromMs: context.flush.startMs, toMs: context.flush.endMs };
  return { fromMs: context.window.toMs - DAY_MS, toMs: context.window.toMs };
}

/** The range as readers are told it: to the close of the last bar summed. */
function shownRange(context: ChartContext, range: { fromMs: number; toMs: number }) {
  return context.flush
    ? { ...range, toMs: range.toMs + context.series.barMinutes * MINUTE_MS }
    : range;
}

function venueLabel(series: MarketSeries, venue: string): string {
  const feed = series.liquidationFeeds[venue];
  const name = venueName(venue);
  if (feed === 'throttled') return `${name} (throttled feed)`;
  if (feed === 'none') return `${name} (no feed)`;
  return name;
}

/** Sums each venue's long and short liquidations over bars in [fromMs, toMs]. */
export function sumLiquidationsByVenue(
  series: MarketSeries,
  bars: SeriesBar[],
  range: { fromMs: number; toMs: number },
): VenueLiquidations[] {
  const totals = new Map<string, { longUsd: number; shortUsd: number }>();
  for (const bar of bars) {
    if (bar.openTimeMs < range.fromMs || bar.openTimeMs > range.toMs) continue;
    for (const [venue, liq] of Object.entries(bar.liqByVenue)) {
      const current = totals.get(venue) ?? { longUsd: 0, shortUsd: 0 };
      totals.set(venue, {
        longUsd: current.longUsd + liq.longUsd,
        shortUsd: current.shortUsd + liq.shortUsd,
      });
    }
  }
  return [...totals.entries()]
    .map(([venue, sums]) => ({ venue, label: venueLabel(series, venue), ...sums }))
    .sort((a, b) => b.longUsd + b.shortUsd - (a.longUsd + a.shortUsd));
}

function venueRows(context: ChartContext): VenueLiquidations[] {
  return sumLiquidationsByVenue(context.series, context.window.bars, liquidationWindow(context));
}

/** Alt text listing each venue's liquidations. */
export function venueChartAlt(context: ChartContext): string {
  const rows = venueRows(context);
  const range = liquidationWindow(context);
  const when = describeRange(shownRange(context, range));
  if (rows.length === 0) {
    return `${context.series.asset} liquidations by venue, ${when}: no venue had a liquidation feed.`;
  }
  const parts = rows.map(
    (row) =>
      `${row.label} ${formatUsdCompact(row.longUsd)} long, ${formatUsdCompact(row.shortUsd)} short`,
  );
  return `${context.series.asset} liquidations by venue, ${when}: ${parts.join('; ')}.`;
}

function venueConfig(context: ChartContext): ChartConfiguration<'bar'> {
  const range = liquidationWindow(context);
  return stackedLiquidationsConfig({
    title:
      context.layout.variant === 'wide'
        ? `${context.series.asset} liquidations by venue, ${describeRange(shownRange(context, range))}`
        : `${context.series.asset} liquidations by venue`,
    rows: venueRows(context),
    layout: context.layout,
    emptyMessage: 'No venue had a liquidation feed in this window',
  });
}

/** One bar of a stacked long/short liquidations chart. */
export interface StackedLiquidationsRow {
  label: string;
  longUsd: number;
  shortUsd: number;
}

/**
 * Stacked long/short liquidations, one bar per row (a venue, a coin): upright on wide layouts,
 * horizontal on phones, where names read across instead of being squeezed. Without rows the
 * chart says `emptyMessage` instead of drawing empty axes.
 */
export function stackedLiquidationsConfig(input: {
  title: string;
  rows: readonly StackedLiquidationsRow[];
  layout: ChartLayout;
  emptyMessage: string;
}): ChartConfiguration<'bar'> {
  const { layout, rows } = input;
  const hasData = rows.length > 0;
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: rows.map((row) => row.label),
      datasets: [
        {
          label: 'Long liquidations',
          data: rows.map((row) => row.longUsd),
          backgroundColor: CHART_COLORS.long,
        },
        {
          label: 'Short liquidations',
          data: rows.map((row) => row.shortUsd),
          backgroundColor: CHART_COLORS.short,
        },
      ],
    },
    options: {
      ...(baseChartOptions(input.title, layout) as ChartOptions<'bar'>),
      indexAxis: layout.variant === 'wide' ? 'x' : 'y',
      scales: {
        [layout.variant === 'wide' ? 'x' : 'y']: {
          display: hasData,
          stacked: true,
          ticks: { font: { size: layout.font.body } },
        },
        [layout.variant === 'wide' ? 'y' : 'x']: {
          display: hasData,
          stacked: true,
          beginAtZero: true,
          ...valueAxisText(layout, 'Liquidations (USD)'),
          ticks: {
            font: { size: layout.font.small },
            maxTicksLimit: layout.variant === 'wide' ? 8 : 4,
            callback: (value: string | number) => formatUsdCompact(Number(value)),
          },
        },
      },
    },
    plugins: hasData ? [] : [messagePlugin(input.emptyMessage, layout)],
  };
  // With no rows there is nothing to drop; the message says why the chart is empty.
  return hasData ? withoutEmptyDatasets(config) : config;
}

/** `liquidations-by-venue.png`: stacked long/short liquidations per venue over the flush. */
export function buildVenueLiquidationsChart(context: ChartContext): PendingChart {
  return drawChart(
    context,
    {
      file: 'liquidations-by-venue.png',
      title: `${context.series.asset} liquidations by venue`,
      alt: venueChartAlt(context),
    },
    venueConfig(context),
  );
}
