import type { LiquidationSpike } from '../model/index.ts';
import type { ArticleSection } from './article-types.ts';
import { formatPct, formatUsdCompact, formatUtcDate, formatUtcTime } from './format.ts';

/** Spikes described one by one; the rest are summed up in one sentence. */
const LISTED_SPIKES = 3;

/** "at least $88M", "an estimated $88M" or "$88M", by how the total is known. */
function amountText(spike: LiquidationSpike, usd: number): string {
  if (spike.liqEstimated) return `an estimated ${formatUsdCompact(usd)}`;
  if (spike.liqIsLowerBound) return `at least ${formatUsdCompact(usd)}`;
  return formatUsdCompact(usd);
}

function liquidatedText(spike: LiquidationSpike): string {
  if (spike.side === 'long') return `${amountText(spike, spike.liqLongUsd)} of longs liquidated`;
  if (spike.side === 'short') return `${amountText(spike, spike.liqShortUsd)} of shorts liquidated`;
  return `${amountText(spike, spike.liqTotalUsd)} of longs and shorts liquidated (${formatUsdCompact(spike.liqLongUsd)} and ${formatUsdCompact(spike.liqShortUsd)})`;
}

/** "between 02:00 and 03:00 UTC on 2 Jun 2026", with both dates when it crosses midnight. */
function timeRangeText(spike: LiquidationSpike): string {
  const start = formatUtcTime(spike.startMs).replace(' UTC', '');
  const sameDay = formatUtcDate(spike.startMs) === formatUtcDate(spike.endMs - 1);
  return sameDay
    ? `between ${start} and ${formatUtcTime(spike.endMs)} on ${formatUtcDate(spike.startMs)}`
    : `between ${start} UTC on ${formatUtcDate(spike.startMs)} and ${formatUtcTime(spike.endMs)} on ${formatUtcDate(spike.endMs)}`;
}

/**
 * The sentence that reports one liquidation spike: what was liquidated, when, and how little
 * the price moved (to the wick extreme on the liquidated side).
 * @example liquidationSpikeSentence(spike)
 * // "A liquidation spike without a flush: $88M of longs liquidated between 02:00 and 03:00 UTC
 * //  on 2 Jun 2026 while the price moved only −0.8 % at most."
 */
export function liquidationSpikeSentence(spike: LiquidationSpike): string {
  return `A liquidation spike without a flush: ${liquidatedText(spike)} ${timeRangeText(spike)} while the price moved only ${formatPct(spike.maxMoveFrac)} at most.`;
}

/**
 * Sentences for the spikes a report should mention (the digest: the last 24 hours), at most
 * three described, the rest summed up; empty when there were none.
 * @example liquidationSpikeSentences([]) // []
 */
export function liquidationSpikeSentences(spikes: readonly LiquidationSpike[]): string[] {
  const sentences = spikes.slice(0, LISTED_SPIKES).map(liquidationSpikeSentence);
  const rest = spikes.slice(LISTED_SPIKES);
  if (rest.length > 0) {
    const usd = rest.reduce((sum, s) => sum + s.liqTotalUsd, 0);
    sentences.push(
      `${rest.length} more liquidation spike${rest.length === 1 ? '' : 's'} without a flush came to ${formatUsdCompact(usd)} in all.`,
    );
  }
  return sentences;
}

/**
 * The section with the spike sentences added as its last paragraphs (unchanged without spikes),
 * so spikes are said where readers look for what happened, whatever the section's other text.
 * @example withLiquidationSpikes(whatHappenedSection(series, flush, asOfMs), input.spikes)
 */
export function withLiquidationSpikes(
  section: ArticleSection,
  spikes: readonly LiquidationSpike[] = [],
): ArticleSection {
  const sentences = liquidationSpikeSentences(spikes);
  if (sentences.length === 0) return section;
  return { ...section, paragraphs: [...section.paragraphs, ...sentences] };
}
