import type { ChartConfiguration } from 'chart.js';
import type { MarketFacts, MarketReportData } from '../model/index.ts';
import { HOUR_MS } from '../shared/time.ts';
import { shadeRangePlugin, timeAxis } from './chart-axis.ts';
import {
  baseChartOptions,
  CHART_LAYOUTS,
  type ChartLayout,
  drawChart,
  type PendingChart,
  valueAxisText,
} from './chart-context.ts';
import {
  formatUsdCompact,
  formatUsdPrecise,
  formatUtcDate,
  formatUtcRange,
  formatUtcTime,
} from './format.ts';
import { valueAxesPx } from './price-chart.ts';
import { CHART_COLORS, withoutEmptyDatasets } from './render-chart.ts';
import { pairCharts, type StartedReportCharts } from './report-charts.ts';
import { eventLabel } from './side-words.ts';
import {
  type StackedLiquidationsRow,
  stackedLiquidationsConfig,
} from './venue-liquidations-chart.ts';
import { venueName } from './venue-names.ts';

/** Chart files of the market report; its sections name them. */
export const MARKET_COIN_CHART = 'liquidations-by-coin.png';
export const MARKET_VENUE_CHART = 'liquidations-by-venue.png';
export const MARKET_TIMELINE_CHART = 'market-timeline.png';

/** Coins a chart has room for on a phone; the table lists every coin. */
const CHART_COINS = 12;

/** "OKX (throttled feed)": a feed that shows only part of the venue's liquidations says so. */
function venueLabel(row: MarketFacts['venues'][number]): string {
  return row.feed === 'throttled'
    ? `${venueName(row.venue)} (throttled feed)`
    : venueName(row.venue);
}

function altOf(subject: string, facts: MarketFacts, rows: readonly StackedLiquidationsRow[]) {
  const when = formatUtcRange(facts.day.fromMs, facts.day.toMs);
  if (rows.length === 0) return `Liquidations by ${subject} ${when}: none were reported.`;
  const parts = rows.map(
    (r) => `${r.label} ${formatUsdCompact(r.longUsd)} long, ${formatUsdCompact(r.shortUsd)} short`,
  );
  return `Liquidations by ${subject} ${when}: ${parts.join('; ')}.`;
}

/** Hourly totals as the timeline draws them: each bar centred on its hour. */
type Hourly = MarketReportData['hourly'];

function timelineAlt(facts: MarketFacts, hourly: Hourly): string {
  const peak = hourly.reduce<Hourly[number] | null>(
    (best, h) =>
      best === null || h.longUsd + h.shortUsd > best.longUsd + best.shortUsd ? h : best,
    null,
  );
  const oi = facts.openInterest;
  const first = hourly[0]?.hour;
  const last = hourly.at(-1)?.hour;
  if (!peak || first === undefined || last === undefined)
    return 'Liquidations per hour across the market: no hours to show.';
  const oiText =
    oi.beforeUsd !== null && oi.lowUsd !== null
      ? // In the page's own precision: "$19B" beside the text's "$18.8B" would read as another figure.
        ` Open interest of the coins went from ${formatUsdPrecise(oi.beforeUsd)} before the flush to ${formatUsdPrecise(oi.lowUsd)} at its lowest.`
      : '';
  return `Liquidations per hour across the market ${formatUtcRange(Date.parse(first), Date.parse(last) + HOUR_MS)}: the busiest clock hour, from ${formatUtcTime(Date.parse(peak.hour))} on ${formatUtcDate(Date.parse(peak.hour))}, had ${formatUsdCompact(peak.longUsd)} of longs and ${formatUsdCompact(peak.shortUsd)} of shorts.${oiText}`;
}

function timelineConfig(
  facts: MarketFacts,
  hourly: Hourly,
  layout: ChartLayout,
): ChartConfiguration {
  const fromMs = Date.parse(hourly[0]?.hour ?? new Date(facts.day.fromMs).toISOString());
  const toMs = Date.parse(hourly.at(-1)?.hour ?? new Date(facts.asOfMs).toISOString()) + HOUR_MS;
  const at = (h: Hourly[number]) => Date.parse(h.hour) + HOUR_MS / 2;
  const bars = (label: string, color: string, pick: (h: Hourly[number]) => number) => ({
    type: 'bar' as const,
    label,
    data: hourly.map((h) => ({ x: at(h), y: pick(h) })),
    backgroundColor: color,
    barPercentage: 1,
    categoryPercentage: 1,
    yAxisID: 'y',
    order: 1,
  });
  const narrow = layout.variant === 'narrow';
  return withoutEmptyDatasets({
    type: 'bar',
    data: {
      datasets: [
        bars(narrow ? 'Long liq.' : 'Long liquidations', CHART_COLORS.long, (h) => h.longUsd),
        bars(narrow ? 'Short liq.' : 'Short liquidations', CHART_COLORS.short, (h) => h.shortUsd),
        {
          type: 'line' as const,
          label: 'Open interest',
          data: hourly.flatMap((h) =>
            h.oiUsd === null ? [] : [{ x: Date.parse(h.hour) + HOUR_MS, y: h.oiUsd }],
          ),
          borderColor: CHART_COLORS.oi,
          borderWidth: 2,
          pointRadius: 0,
          yAxisID: 'y1',
          order: 0,
        },
      ],
    },
    options: {
      parsing: false,
      normalized: true,
      ...baseChartOptions(
        narrow
          ? 'Liquidations per hour (UTC)'
          : `Hourly liquidations, every coin; open interest of the ${facts.coinsCovered.length} covered (UTC)`,
        layout,
      ),
      scales: {
        // Room for the two value axes only, so a phone gets a label every 12 hours, not two.
        x: { ...timeAxis(fromMs, toMs, layout, valueAxesPx(layout, false)), stacked: true },
        y: {
          type: 'linear',
          stacked: true,
          beginAtZero: true,
          position: 'left',
          ...valueAxisText(layout, 'Liquidations (USD)'),
          ticks: {
            font: { size: layout.font.small },
            maxTicksLimit: narrow ? 4 : 6,
            callback: (value: string | number) => formatUsdCompact(Number(value)),
          },
        },
        y1: {
          type: 'linear',
          position: 'right',
          // From zero, a 15 % fall in open interest is a few pixels; its own range shows it.
          beginAtZero: false,
          grace: '10%',
          grid: { drawOnChartArea: false },
          ...valueAxisText(layout, 'Open interest (USD)'),
          ticks: {
            // The phone chart has no axis titles: the colour of its line says whose axis this is.
            color: CHART_COLORS.oi,
            font: { size: layout.font.small },
            maxTicksLimit: narrow ? 4 : 6,
            callback: (value: string | number) => formatUsdCompact(Number(value)),
          },
        },
      },
    },
    plugins: [
      shadeRangePlugin(
        facts.flush.startMs,
        facts.flush.endMs,
        eventLabel(facts.flush.side),
        layout,
      ),
    ],
  } as ChartConfiguration);
}

function chartsIn(facts: MarketFacts, hourly: Hourly, layout: ChartLayout): PendingChart[] {
  const coins = facts.coins
    .filter((c) => c.totalUsd > 0)
    .slice(0, CHART_COINS)
    .map((c) => ({ label: c.coin, longUsd: c.longUsd, shortUsd: c.shortUsd }));
  // The feeds' other coins as one bar, as in the table, so the bars add up to the total.
  const other = facts.otherCoins;
  if (other !== null && other.count > 0 && other.totalUsd > 0)
    coins.push({
      label: `${other.count} other coin${other.count === 1 ? '' : 's'}`,
      longUsd: other.longUsd,
      shortUsd: other.shortUsd,
    });
  // A venue without a public feed would be an empty bar: the text names it instead.
  const venues = facts.venues
    .filter((v) => v.feed !== 'none')
    .map((v) => ({ label: venueLabel(v), longUsd: v.longUsd, shortUsd: v.shortUsd }));
  const title = (subject: string) =>
    layout.variant === 'wide'
      ? `Liquidations by ${subject}, ${formatUtcRange(facts.day.fromMs, facts.day.toMs)}`
      : `Liquidations by ${subject}`;
  return [
    drawChart(
      { layout },
      {
        file: MARKET_TIMELINE_CHART,
        title: 'Liquidations per hour and open interest',
        alt: timelineAlt(facts, hourly),
      },
      timelineConfig(facts, hourly, layout),
    ),
    drawChart(
      { layout },
      { file: MARKET_COIN_CHART, title: 'Liquidations by coin', alt: altOf('coin', facts, coins) },
      stackedLiquidationsConfig({
        title: title('coin'),
        rows: coins,
        layout,
        emptyMessage: 'No coin had liquidations reported in this window',
      }),
    ),
    drawChart(
      { layout },
      {
        file: MARKET_VENUE_CHART,
        title: 'Liquidations by venue',
        alt: altOf('venue', facts, venues),
      },
      stackedLiquidationsConfig({
        title: title('venue'),
        rows: venues,
        layout,
        emptyMessage: 'No venue had a liquidation feed in this window',
      }),
    ),
  ];
}

/**
 * The market report's charts, each in the wide and the phone layout: liquidations per hour with
 * the coins' open interest from a day before the flush (the flush shaded), then liquidations by
 * coin (the twelve most liquidated) and by venue over the report's day, stacked long and short.
 */
export function startMarketCharts(facts: MarketFacts, hourly: Hourly): StartedReportCharts {
  const [wide = [], narrow = []] = CHART_LAYOUTS.map((layout) => chartsIn(facts, hourly, layout));
  return pairCharts(wide, narrow);
}
