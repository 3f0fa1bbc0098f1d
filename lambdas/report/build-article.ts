import type { ReportMeta } from '../model/index.ts';
import { whatHappenedSection, whyCascadedSection } from './article-event-sections.ts';
import { buildHeadline, buildKeyNumbers, buildSummary } from './article-headline.ts';
import { absoluteUrl, articleIdentity } from './article-identity.ts';
import {
  bottomLineSection,
  riskControlsSection,
  watchNextSection,
} from './article-outlook-sections.ts';
import { levelsSection, marketStandsSection } from './article-regime-sections.ts';
import type { Article, ArticleInput, ArticleSection } from './article-types.ts';
import { formatUtcDateTime } from './format.ts';
import { withLiquidationSpikes } from './liquidation-spike-sentences.ts';

/** The line every report carries (DESIGN.md §5). */
export const NOT_FINANCIAL_ADVICE =
  'This report describes market data with evidence; it is not financial advice and promises no returns.';

/** The banner of a report built from a simulated market. */
export const SIMULATED_NOTICE =
  'Simulated data: this report was generated from a simulated market, not real trading.';

/** File of the report's social card (Open Graph / Twitter image, feeds, index hero). */
export const SOCIAL_IMAGE_FILE = 'social-card.png';

function buildSections(input: ArticleInput): ArticleSection[] {
  const { series, flush, assessment, asOfMs } = input;
  return [
    withLiquidationSpikes(whatHappenedSection(series, flush, asOfMs), input.spikes),
    whyCascadedSection(series, flush),
    marketStandsSection(series, assessment, input.history),
    levelsSection(series, flush, assessment, asOfMs),
    watchNextSection(flush, assessment),
    riskControlsSection(series, flush),
    bottomLineSection(flush, assessment),
  ];
}

function buildMeta(input: ArticleInput): ReportMeta {
  const identity = articleIdentity({ ...input, asset: input.series.asset });
  return {
    ...identity,
    kind: input.kind,
    title: buildHeadline(input),
    summary: buildSummary(input),
    asOf: new Date(input.asOfMs).toISOString(),
    assets: [input.series.asset],
    simulated: input.series.simulated,
    imagePath: `${identity.path}${SOCIAL_IMAGE_FILE}`,
  };
}

/**
 * Turns the numbers into the article: headline with the number, summary, key numbers
 * and the seven sections in their fixed order. Pure: the same input gives the same
 * article. Every string is formatted; a missing input becomes a sentence saying so.
 */
export function buildArticle(input: ArticleInput): Article {
  const meta = buildMeta(input);
  return {
    meta,
    url: absoluteUrl(input.siteBaseUrl, meta.path),
    dataUrl: absoluteUrl(input.siteBaseUrl, `${meta.path}data.json`),
    imageUrl: absoluteUrl(input.siteBaseUrl, meta.imagePath),
    asOfText: formatUtcDateTime(input.asOfMs),
    keyNumbers: buildKeyNumbers(input),
    sections: buildSections(input),
    simulatedNotice: input.series.simulated ? SIMULATED_NOTICE : null,
    disclaimer: NOT_FINANCIAL_ADVICE,
  };
}
