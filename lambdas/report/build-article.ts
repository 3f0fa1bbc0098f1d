import type { FlushFacts, ReportFacts, ReportMeta } from '../model/index.ts';
import { calmBottomLineSection, calmWhatHappenedSection } from './article-calm-sections.ts';
import { recapSection, whatHappenedSection, whyCascadedSection } from './article-event-sections.ts';
import { dataGapSentences } from './article-facts.ts';
import { buildHeadline, buildKeyNumbers, buildSummary } from './article-headline.ts';
import { absoluteUrl, articleIdentity } from './article-identity.ts';
import {
  bottomLineSection,
  riskControlsSection,
  watchNextSection,
} from './article-outlook-sections.ts';
import {
  levelsSection,
  marketStandsSection,
  updatesSection,
  whatChangedSection,
} from './article-regime-sections.ts';
import type { Article, ArticleInput, ArticleSection } from './article-types.ts';
import { selectChartWindow } from './chart-window.ts';
import { formatUtcDateTime } from './format.ts';
import { withLiquidationSpikes } from './liquidation-spike-sentences.ts';
import { buildReportFacts } from './report-facts.ts';

/** The line every report carries (DESIGN.md §5). */
export const NOT_FINANCIAL_ADVICE =
  'This report describes market data with evidence; it is not financial advice and promises no returns.';

/** The banner of a report built from a simulated market. */
export const SIMULATED_NOTICE =
  'Simulated data: this report was generated from a simulated market, not real trading.';

/** The size Open Graph and Twitter large cards expect (pages announce it in `og:image:*`). */
export const SOCIAL_CARD_WIDTH_PX = 1200;
export const SOCIAL_CARD_HEIGHT_PX = 630;

/** File of the report's social card (Open Graph / Twitter image, feeds, index hero). */
export const SOCIAL_IMAGE_FILE = 'social-card.png';

function flashSections(
  input: ArticleInput,
  facts: ReportFacts,
  flush: FlushFacts,
  notes: string[],
) {
  return [
    withLiquidationSpikes(whatHappenedSection(facts, flush), input.spikes),
    whyCascadedSection(flush),
    marketStandsSection(facts, flush, input.assessment, notes),
    levelsSection(facts, flush, input.assessment),
    watchNextSection(facts, flush),
    riskControlsSection(facts, flush),
    bottomLineSection(facts, flush),
  ];
}

/** A follow-up leads with what changed, then the reading; the flush itself becomes a recap. */
function followUpSections(
  input: ArticleInput,
  facts: ReportFacts,
  flush: FlushFacts,
  notes: string[],
) {
  return [
    whatChangedSection(facts, flush),
    marketStandsSection(facts, flush, input.assessment, notes),
    levelsSection(facts, flush, input.assessment),
    watchNextSection(facts, flush),
    updatesSection(facts),
    recapSection(facts, flush),
    riskControlsSection(facts, flush),
    bottomLineSection(facts, flush),
  ];
}

function buildSections(input: ArticleInput, facts: ReportFacts): ArticleSection[] {
  const window = selectChartWindow(input.series, input.flush);
  const notes = dataGapSentences(input.series, { fromMs: window.fromMs, toMs: input.asOfMs + 1 });
  const flush = facts.flush;
  if (flush === null)
    return [
      withLiquidationSpikes(calmWhatHappenedSection(input.series, facts, notes), input.spikes),
      calmBottomLineSection(facts),
    ];
  const sections =
    input.kind === 'follow-up' && facts.reading !== null
      ? followUpSections(input, facts, flush, notes)
      : flashSections(input, facts, flush, notes);
  // No section stands only to say that nothing happened.
  return sections.filter((s): s is ArticleSection => s !== null && s.paragraphs.length > 0);
}

function buildMeta(input: ArticleInput, facts: ReportFacts): ReportMeta {
  const identity = articleIdentity({ ...input, asset: input.series.asset });
  return {
    ...identity,
    kind: input.kind,
    title: buildHeadline(facts, input.series),
    summary: buildSummary(facts),
    asOf: new Date(input.asOfMs).toISOString(),
    assets: [input.series.asset],
    simulated: input.series.simulated,
    imagePath: `${identity.path}${SOCIAL_IMAGE_FILE}`,
  };
}

/**
 * Turns the numbers into the article: headline with the number, summary, key numbers and its
 * sections, each sentence built from {@link ReportFacts} (published in `data.json`). A flash
 * tells the flush, then the reading; a follow-up leads with what changed since the last reading.
 * Pure: the same input gives the same article.
 */
export function buildArticle(input: ArticleInput): Article {
  const facts = buildReportFacts(input);
  const meta = buildMeta(input, facts);
  return {
    meta,
    // Where readers go: the story page, which carries its newest reading.
    url: absoluteUrl(input.siteBaseUrl, meta.storyPath ?? meta.path),
    dataUrl: absoluteUrl(input.siteBaseUrl, `${meta.path}data.json`),
    imageUrl: absoluteUrl(input.siteBaseUrl, meta.imagePath),
    asOfText: formatUtcDateTime(input.asOfMs),
    keyNumbers: buildKeyNumbers(facts),
    sections: buildSections(input, facts),
    simulatedNotice: input.series.simulated ? SIMULATED_NOTICE : null,
    disclaimer: NOT_FINANCIAL_ADVICE,
    facts,
  };
}
