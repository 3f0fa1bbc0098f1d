import type {
  MarketFacts,
  MarketReportData,
  MarketWideSeries,
  RenderedReport,
} from '../model/index.ts';
import { HOUR_MS } from '../shared/time.ts';
import { buildMarketArticle } from './market-article.ts';
import { startMarketCharts } from './market-charts.ts';
import { assembleReport } from './render-report.ts';
import type { SiteSettings } from './site-view.ts';
import type { TemplateRenderer } from './template-renderer.ts';

/** What the market report is rendered from. */
export interface RenderMarketReportInput {
  facts: MarketFacts;
  /** The market series the facts were taken from (its hourly totals go into `data.json`). */
  series: MarketWideSeries;
  site: SiteSettings;
}

/** The market's hourly totals from a day before the flush to the report's time. */
function hourlyTotals(series: MarketWideSeries, facts: MarketFacts): MarketReportData['hourly'] {
  const fromMs = facts.flush.startMs - 24 * HOUR_MS;
  const hours = new Map<number, { longUsd: number; shortUsd: number; oiUsd: number | null }>();
  for (const bar of series.bars) {
    if (bar.openTimeMs < fromMs || bar.openTimeMs >= facts.asOfMs) continue;
    const hour = Math.floor(bar.openTimeMs / HOUR_MS) * HOUR_MS;
    const sum = hours.get(hour) ?? { longUsd: 0, shortUsd: 0, oiUsd: null };
    sum.longUsd += bar.liqLongUsd;
    sum.shortUsd += bar.liqShortUsd;
    // The hour's open interest is that at its last bar's close.
    sum.oiUsd = bar.oiUsd;
    hours.set(hour, sum);
  }
  return [...hours].map(([hour, sum]) => ({
    hour: new Date(hour).toISOString(),
    longUsd: Math.round(sum.longUsd),
    shortUsd: Math.round(sum.shortUsd),
    oiUsd: sum.oiUsd === null ? null : Math.round(sum.oiUsd),
  }));
}

/**
 * Renders the market report the one way every report is laid out ({@link assembleReport}): the
 * worded article, its coin and venue charts, and `data.json` with every fact and the hourly totals.
 */
export function renderMarketReport(
  input: RenderMarketReportInput,
  renderer?: TemplateRenderer,
): Promise<RenderedReport<MarketReportData>> {
  const hourly = hourlyTotals(input.series, input.facts);
  const charts = startMarketCharts(input.facts, hourly);
  charts.encoded.catch(() => undefined); // awaited by assembleReport
  const article = buildMarketArticle({ facts: input.facts, siteBaseUrl: input.site.baseUrl });
  return assembleReport(
    {
      article,
      publishedAt: article.meta.asOf,
      charts,
      site: input.site,
      data: {
        meta: article.meta,
        facts: input.facts,
        hourly: hourlyTotals(input.series, input.facts),
      },
    },
    renderer,
  );
}
