import type { FlushEvent, MarketSeries, RegimeAssessment, ReportKind } from '../model/index.ts';
import { currentBar, flushEndMs, flushTimeRange, liquidationAmount } from './article-facts.ts';
import type { KeyNumber } from './article-types.ts';
import {
  durationText,
  formatPct,
  formatPrice,
  formatRate8h,
  formatShare,
  formatUsdCompact,
} from './format.ts';
import { regimeName } from './regime-wording.ts';

/** What the headline, summary and key numbers are worded from. */
export interface HeadlineInput {
  series: MarketSeries;
  flush: FlushEvent | null;
  assessment: RegimeAssessment | null;
  kind: ReportKind;
  asOfMs: number;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function flushClause(flush: FlushEvent, series: MarketSeries): string {
  const asset = flush.asset;
  if (flush.side === 'long') return `${asset} longs flushed to ${formatPrice(flush.extremePrice)}`;
  if (flush.side === 'short')
    return `${asset} shorts squeezed to ${formatPrice(flush.extremePrice)}`;
  return `${asset} whipsawed in a two-sided washout (${series.barMinutes}-minute bars)`;
}

function calmHeadline(input: HeadlineInput): string {
  const bar = currentBar(input.series, input.asOfMs);
  const price = bar ? ` at ${formatPrice(bar.close)}` : '';
  return `${input.series.asset} calm${price}: no liquidation flush in the last 48 hours`;
}

/** The headline, led by the liquidation number ("At least $642M liquidated in 70 minutes as …"). */
export function buildHeadline(input: HeadlineInput): string {
  const { flush, series, assessment } = input;
  if (!flush) return calmHeadline(input);
  const minutes = durationText(flushEndMs(flush, series) - flush.startMs);
  const lead = `${capitalize(liquidationAmount(flush))} liquidated in ${minutes} as ${flushClause(flush, series)}`;
  if (input.kind === 'follow-up' && assessment) {
    return `${flush.asset} ${assessment.checkpoint} after the ${formatUsdCompact(flush.liqTotalUsd)} flush: ${regimeName(assessment.label).toLowerCase()}`;
  }
  return lead;
}

function regimeSentence(assessment: RegimeAssessment | null): string {
  if (!assessment) return 'No regime assessment is available yet.';
  return `Regime ${assessment.checkpoint} after the flush: ${regimeName(assessment.label).toLowerCase()} (${assessment.confidence} confidence).`;
}

/** One or two sentences: the email preheader and the feed summary. */
export function buildSummary(input: HeadlineInput): string {
  const { flush, series } = input;
  if (!flush) {
    const bar = currentBar(series, input.asOfMs);
    const price = bar
      ? `${series.asset} trades at ${formatPrice(bar.close)}`
      : `${series.asset} has no recent price`;
    return `${price} with no liquidation flush detected. Funding, open interest and the levels to watch inside.`;
  }
  // The percentage is the move to the extreme, so it matches the two prices quoted beside it.
  const extremeMovePct = flush.extremePrice / flush.priceBefore - 1;
  const move = extremeMovePct < 0 ? 'fell' : 'rose';
  const share =
    flush.side === 'two-sided' ? '' : `, ${formatShare(flush.dominance)} of them ${flush.side}s`;
  return `${flush.asset} ${move} ${formatPct(Math.abs(extremeMovePct)).replace('+', '')} from ${formatPrice(flush.priceBefore)} to ${formatPrice(flush.extremePrice)} ${flushTimeRange(flush, series)} as ${liquidationAmount(flush)} of positions were liquidated${share}. ${regimeSentence(input.assessment)}`;
}

/** The numbers shown first, above the article. */
export function buildKeyNumbers(input: HeadlineInput): KeyNumber[] {
  const { flush, assessment } = input;
  const bar = currentBar(input.series, input.asOfMs);
  const regime = {
    label: 'Regime',
    value: assessment ? regimeName(assessment.label) : 'Not assessed yet',
  };
  if (!flush) {
    return [
      { label: 'Price', value: bar ? formatPrice(bar.close) : 'not available' },
      {
        label: 'Funding',
        value: bar?.fundingRate8h == null ? 'not available' : formatRate8h(bar.fundingRate8h),
      },
      {
        label: 'Open interest',
        value: bar?.oiUsd == null ? 'not available' : formatUsdCompact(bar.oiUsd),
      },
      regime,
    ];
  }
  return [
    {
      label: flush.liqEstimated
        ? 'Liquidated (estimated)'
        : flush.liqIsLowerBound
          ? 'Liquidated (at least)'
          : 'Liquidated',
      value: formatUsdCompact(flush.liqTotalUsd),
    },
    { label: 'Price move', value: formatPct(flush.priceMovePct) },
    {
      label: 'Open interest',
      value: flush.oiChangePct === null ? 'not available' : formatPct(flush.oiChangePct),
    },
    regime,
  ];
}
