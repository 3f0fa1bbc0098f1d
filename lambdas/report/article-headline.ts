import type { FlushFacts, MarketSeries, ReportFacts } from '../model/index.ts';
import { lookbackText } from './article-calm-sections.ts';
import { flushMoment, flushRange, liquidationAmount } from './article-event-sections.ts';
import { whatChangedSentence } from './article-regime-sections.ts';
import type { KeyNumber } from './article-types.ts';
import {
  capitalize,
  durationText,
  formatPct,
  formatPctSize,
  formatPrice,
  formatRate8h,
  formatShare,
  formatUsdCompact,
} from './format.ts';
import { readingWords } from './reading-wording.ts';
import { regimeName } from './regime-wording.ts';
import { sideWords } from './side-words.ts';

function flushClause(asset: string, flush: FlushFacts): string {
  if (flush.side === 'two-sided') return `${asset} whipsawed in a two-sided washout`;
  const moved =
    flush.side === 'long'
      ? `${asset} longs flushed to ${formatPrice(flush.extremePrice)}`
      : `${asset} shorts were squeezed to ${formatPrice(flush.extremePrice)}`;
  // Price ended the flush within a quarter of its move: say it came back.
  const recovered = Math.abs(flush.endMoveFrac) < 0.25 * Math.abs(flush.extremeMoveFrac);
  return recovered ? `${moved}, then price snapped back` : moved;
}

function eventName(flush: FlushFacts): string {
  if (flush.side === 'two-sided') return 'washout';
  return flush.side === 'long' ? 'long flush' : 'short squeeze';
}

/** The headline: the liquidation number for a flash, the reading for a follow-up. */
export function buildHeadline(facts: ReportFacts, series: MarketSeries): string {
  const { flush, reading } = facts;
  if (flush === null) {
    const price = facts.now ? ` at ${formatPrice(facts.now.price)}` : '';
    return `${facts.asset} calm${price}: no liquidation flush in ${lookbackText(series, facts)}`;
  }
  if (facts.kind === 'follow-up' && reading !== null) {
    return `${facts.asset} ${reading.checkpoint} after the ${formatUsdCompact(flush.liqTotalUsd)} ${eventName(flush)}: ${readingWords(reading, flush, facts.asset).headline}`;
  }
  const minutes = durationText(flush.endCloseMs - flush.startMs);
  return `${capitalize(liquidationAmount(flush))} liquidated in ${minutes} as ${flushClause(facts.asset, flush)}`;
}

function readingSentence(facts: ReportFacts): string {
  const reading = facts.reading;
  if (reading === null)
    return facts.flush?.side === 'two-sided'
      ? 'Both sides were liquidated, so no direction is read.'
      : 'The first reading comes an hour after the flush.';
  return `At the ${reading.checkpoint} reading: ${regimeName(reading.label).toLowerCase()} (${reading.confidence} confidence).`;
}

function flashSummary(facts: ReportFacts, flush: FlushFacts): string {
  const share =
    flush.side === 'two-sided'
      ? ''
      : `, ${formatShare(flush.dominantShare)} of them ${sideWords(flush.side).liquidated}`;
  const w = sideWords(flush.side, flush.endMoveFrac);
  const at = flushMoment(flush.extremeMs, flush);
  // The extreme and the end are two figures: the lede names both, so neither reads as the other.
  const end =
    Math.abs(flush.endMoveFrac) < 0.25 * Math.abs(flush.extremeMoveFrac)
      ? `, and ended it back at ${formatPrice(flush.endPrice)}`
      : `, and ended it at ${formatPrice(flush.endPrice)}`;
  const move =
    flush.side === 'two-sided'
      ? `${facts.asset} swung as far as ${formatPrice(flush.extremePrice)} (${formatPct(flush.extremeMoveFrac)}) in a washout ${flushRange(flush)}`
      : `${facts.asset} ${w.moved} ${formatPctSize(flush.extremeMoveFrac)} from ${formatPrice(flush.priceBefore)} to ${formatPrice(flush.extremePrice)} (at ${at}) in a ${w.event} ${flushRange(flush)}${end}`;
  return `${move}, as ${liquidationAmount(flush)} of positions were liquidated${share}. ${readingSentence(facts)}`;
}

/** One or two sentences: the email preheader and the feed summary. A follow-up leads with what changed. */
export function buildSummary(facts: ReportFacts): string {
  const { flush } = facts;
  if (flush === null) {
    const price = facts.now
      ? `${facts.asset} trades at ${formatPrice(facts.now.price)}`
      : `${facts.asset} has no recent price`;
    return `${price} with no liquidation flush detected. Funding, open interest and liquidations of the last day inside.`;
  }
  if (facts.kind === 'follow-up') {
    const changed = whatChangedSentence(facts);
    if (changed !== null) return changed;
  }
  return flashSummary(facts, flush);
}

function calmNumbers(facts: ReportFacts): KeyNumber[] {
  const r = facts.recent;
  return [
    { label: 'Price', value: facts.now ? formatPrice(facts.now.price) : 'not available' },
    {
      label: '24h move',
      value: r.priceFromFrac === null ? 'not available' : formatPct(r.priceFromFrac),
    },
    {
      label: 'Funding',
      value: r.fundingNow8h === null ? 'not available' : formatRate8h(r.fundingNow8h),
    },
    {
      label: 'Open interest',
      value: r.oiNowUsd === null ? 'not available' : formatUsdCompact(r.oiNowUsd),
    },
  ];
}

function readingNumber(facts: ReportFacts): KeyNumber {
  return {
    label: facts.reading ? `Reading at ${facts.reading.checkpoint}` : 'Reading',
    value: facts.reading
      ? regimeName(facts.reading.label)
      : facts.flush?.side === 'two-sided'
        ? 'No direction'
        : 'At 1h',
  };
}

/** The numbers shown first, each figure with its own label. */
export function buildKeyNumbers(facts: ReportFacts): KeyNumber[] {
  const { flush, reading } = facts;
  if (flush === null) return calmNumbers(facts);
  const w = sideWords(flush.side, flush.endMoveFrac);
  if (facts.kind === 'follow-up' && reading !== null) {
    const f = reading.facts;
    return [
      { label: 'Price now', value: formatPrice(f.priceNow) },
      {
        label: `From the ${w.event} ${w.extreme}`,
        value: formatPct(f.priceNow / f.extremePrice - 1),
      },
      {
        label: 'OI vs before',
        value: f.oiVsBeforeFrac === null ? 'not available' : formatPct(f.oiVsBeforeFrac),
      },
      readingNumber(facts),
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
    {
      label: `To the ${w.extreme}, ${flushMoment(flush.extremeMs, flush).replace(' UTC', '')}`,
      value: formatPct(flush.extremeMoveFrac),
    },
    {
      // The flush's OI measure is its lowest point against before (a rise at the end is not it).
      label: 'Lowest OI vs before',
      value: flush.oiChangeFrac === null ? 'not available' : formatPct(flush.oiChangeFrac),
    },
    readingNumber(facts),
  ];
}
