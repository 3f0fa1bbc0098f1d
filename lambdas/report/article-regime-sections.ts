import type { FlushEvent, MarketSeries, PriceLevel, RegimeAssessment } from '../model/index.ts';
import { section } from './article-event-sections.ts';
import { currentBar, dataGapSentences } from './article-facts.ts';
import type { ArticleSection } from './article-types.ts';
import { formatPct, formatPrice, formatShare, formatUtcDateTime } from './format.ts';
import { evidenceRows, regimeMeaning, regimeName } from './regime-wording.ts';

function historySentence(history: RegimeAssessment[]): string | null {
  if (history.length === 0) return null;
  const steps = history.map(
    (item) => `${item.checkpoint}: ${regimeName(item.label).toLowerCase()}`,
  );
  return `Earlier checkpoints read ${steps.join('; ')}.`;
}

/** Rules of `label` whose outcome flipped between two checkpoints, as short descriptions. */
function flippedRules(
  previous: RegimeAssessment,
  current: RegimeAssessment,
  to: 'pass' | 'fail',
): string[] {
  const before = new Map(previous.evidence.map((e) => [e.ruleId, e.status]));
  return current.evidence
    .filter((e) => e.label === current.label && e.status === to)
    .filter((e) => {
      const was = before.get(e.ruleId);
      return was !== undefined && was !== 'n/a' && was !== to;
    })
    .slice(0, 3)
    .map((e) => e.description.charAt(0).toLowerCase() + e.description.slice(1));
}

/**
 * "What changed" since the previous checkpoint, for follow-up reports: the reading, and the
 * rules of the current reading that started or stopped holding.
 */
export function whatChangedSentence(
  history: RegimeAssessment[],
  current: RegimeAssessment,
): string | null {
  const previous = history.at(-1);
  if (!previous) return null;
  const reading =
    previous.label === current.label
      ? `the reading is unchanged (${regimeName(current.label).toLowerCase()})`
      : `the reading moved from ${regimeName(previous.label).toLowerCase()} to ${regimeName(current.label).toLowerCase()}`;
  const started = flippedRules(previous, current, 'pass');
  const stopped = flippedRules(previous, current, 'fail');
  const details = [
    started.length > 0 ? `now holding: ${started.join('; ')}` : '',
    stopped.length > 0 ? `no longer holding: ${stopped.join('; ')}` : '',
  ].filter((part) => part !== '');
  return `What changed since the ${previous.checkpoint} checkpoint: ${reading}${details.length > 0 ? `; ${details.join('; ')}` : ''}.`;
}

function assessmentParagraphs(assessment: RegimeAssessment): string[] {
  const paragraphs = [
    `At the ${assessment.checkpoint} checkpoint (${formatUtcDateTime(assessment.asOfMs)}) the market reads as “${regimeName(assessment.label)}”: ${regimeMeaning(assessment.label)}.`,
    `Confidence is ${assessment.confidence}; the data behind it covers ${formatShare(assessment.coverage)} of open interest. The table lists every rule checked, with its value, threshold and source.`,
  ];
  const others = assessment.candidates.filter((label) => label !== assessment.label);
  if (others.length > 0) {
    paragraphs.push(
      `Other readings that also qualified: ${others.map((label) => regimeName(label).toLowerCase()).join(', ')}.`,
    );
  }
  return [...paragraphs, ...assessment.missingInputs];
}

/** "Where the market stands": the regime in plain words, confidence, coverage, evidence table. */
export function marketStandsSection(
  series: MarketSeries,
  assessment: RegimeAssessment | null,
  history: RegimeAssessment[],
): ArticleSection {
  const paragraphs = assessment
    ? assessmentParagraphs(assessment)
    : [
        'No regime assessment is available: the classifier needs at least one hour of trading after a flush ends.',
      ];
  const earlier = historySentence(history);
  if (earlier) paragraphs.push(earlier);
  const changed = assessment ? whatChangedSentence(history, assessment) : null;
  if (changed) paragraphs.push(changed);
  paragraphs.push(...dataGapSentences(series));
  const result = section('where-the-market-stands', 'Where the market stands', paragraphs);
  result.evidence = assessment ? evidenceRows(assessment.evidence) : [];
  result.winningEvidence = assessment
    ? evidenceRows(assessment.evidence.filter((item) => item.label === assessment.label))
    : [];
  return result;
}

function flushLevels(flush: FlushEvent | null): PriceLevel[] {
  if (!flush) return [];
  const levels: PriceLevel[] = [
    { kind: 'extreme', price: flush.extremePrice, label: 'Flush extreme' },
  ];
  if (flush.brokenLevel !== null) {
    levels.unshift({ kind: 'reference', price: flush.brokenLevel, label: 'Broken swing level' });
  }
  return levels;
}

/** "price is 3.3 % below it", with the sign turned into words. */
function distanceText(price: number, levelPrice: number): string {
  const gap = price / levelPrice - 1;
  const size = formatPct(Math.abs(gap)).replace('+', '');
  if (size === '0.0 %') return 'price is at it';
  return `price is ${size} ${gap < 0 ? 'below' : 'above'} it`;
}

/** "Levels that matter": each level with the distance of the current price from it. */
export function levelsSection(
  series: MarketSeries,
  flush: FlushEvent | null,
  assessment: RegimeAssessment | null,
  asOfMs: number,
): ArticleSection {
  const levels =
    assessment && assessment.levels.length > 0 ? assessment.levels : flushLevels(flush);
  const price = currentBar(series, asOfMs)?.close ?? null;
  if (levels.length === 0) {
    return section('levels-that-matter', 'Levels that matter', [
      'No key levels could be derived: there was no flush and no confirmed swing level to measure from.',
    ]);
  }
  const bullets = [...levels]
    .sort((a, b) => b.price - a.price)
    .map((level) => {
      const distance = price === null ? '' : ` (${distanceText(price, level.price)})`;
      return `${level.label}: ${formatPrice(level.price)}${distance}`;
    });
  const lead =
    price === null
      ? 'The current price is not available.'
      : `${series.asset} is at ${formatPrice(price)} now.`;
  return section('levels-that-matter', 'Levels that matter', [lead], bullets);
}
