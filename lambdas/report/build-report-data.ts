import type { ReportData, ReportMeta, SeriesBar } from '../model/index.ts';
import type { ArticleInput } from './article-types.ts';
import { downsampleBars, selectChartWindow } from './chart-window.ts';
import { buildReportFacts } from './report-facts.ts';

/** Most rows of the series excerpt published in `data.json`. */
export const MAX_DATA_ROWS = 600;

function compactRow(bar: SeriesBar): Record<string, number | null> {
  const { liqByVenue: _byVenue, ...numbers } = bar;
  return numbers;
}

/**
 * The data a report was built from, published as `data.json` beside the page so every
 * number can be checked: the facts every sentence was built from, the flush, the assessments,
 * the liquidation spikes without a flush the article mentions, and the charts' window of the
 * series merged down to at most {@link MAX_DATA_ROWS} rows.
 */
export function buildReportData(input: ArticleInput, meta: ReportMeta): ReportData {
  const window = selectChartWindow(input.series, input.flush);
  return {
    meta,
    facts: buildReportFacts(input),
    flush: input.flush,
    assessment: input.assessment,
    history: input.history,
    spikes: input.spikes ?? [],
    series: {
      asset: input.series.asset,
      barMinutes: input.series.barMinutes,
      venues: input.series.venues,
      missingVenues: input.series.missingVenues,
      unwatchedLiquidations: input.series.unwatchedLiquidations.map((u) => ({
        venue: u.venue,
        from: new Date(u.fromMs).toISOString(),
        to: new Date(u.toMs).toISOString(),
      })),
      excludedInputs: input.series.excludedInputs.map(({ fromMs, toMs, ...rest }) => ({
        ...rest,
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
      })),
      bars: downsampleBars(window.bars, MAX_DATA_ROWS).map(compactRow),
    },
  };
}
