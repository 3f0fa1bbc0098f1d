import type { MarketFacts } from '../model/index.ts';
import { CHART_LAYOUTS, type ChartLayout, drawChart, type PendingChart } from './chart-context.ts';
import { formatUsdCompact, formatUtcRange } from './format.ts';
import { pairCharts, type StartedReportCharts } from './report-charts.ts';
import {
  type StackedLiquidationsRow,
  stackedLiquidationsConfig,
} from './venue-liquidations-chart.ts';
import { venueName } from './venue-names.ts';

/** Chart files of the market report; its sections name them. */
export const MARKET_COIN_CHART = 'liquidations-by-coin.png';
export const MARKET_VENUE_CHART = 'liquidations-by-venue.png';

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

function chartsIn(facts: MarketFacts, layout: ChartLayout): PendingChart[] {
  const coins = facts.coins
    .filter((c) => c.totalUsd > 0)
    .slice(0, CHART_COINS)
    .map((c) => ({ label: c.coin, longUsd: c.longUsd, shortUsd: c.shortUsd }));
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
 * The market report's charts, each in the wide and the phone layout: liquidations by coin (the
 * twelve most liquidated) and by venue over the report's day, stacked long and short.
 */
export function startMarketCharts(facts: MarketFacts): StartedReportCharts {
  const [wide = [], narrow = []] = CHART_LAYOUTS.map((layout) => chartsIn(facts, layout));
  return pairCharts(wide, narrow);
}
