import type { ExcludedInput, ExcludedInputKind, MarketSeries } from '../model/index.ts';
import { formatUtcDate, formatUtcTime } from './format.ts';
import { venueName } from './venue-names.ts';

/** Exclusions described one by one; the rest are counted in one sentence. */
const LISTED_EXCLUSIONS = 3;

/** What the reader is told was left out, and whether it takes "was" or "were". */
const INPUT_WORDS: Readonly<Record<ExcludedInputKind, { noun: string; plural: boolean }>> = {
  instrument: { noun: 'data', plural: false },
  price: { noun: 'price', plural: false },
  'spot-price': { noun: 'spot price', plural: false },
  'open-interest': { noun: 'open interest', plural: false },
  funding: { noun: 'funding rate', plural: false },
  premium: { noun: 'mark and index prices', plural: true },
  liquidations: { noun: 'liquidations', plural: true },
};

/** "BTC" from a ccxt symbol such as `BTC/USDT:USDT`; the series' asset without one. */
function assetOf(input: ExcludedInput, series: MarketSeries): string {
  return input.symbol?.split('/')[0] || series.asset;
}

/**
 * "from 14:05 to 14:20 UTC on 12 Mar 2026", naming both days when the range crosses midnight;
 * "at 14:05 UTC on 12 Mar 2026" for a range inside one minute (a tick read by hand).
 */
function rangeText(fromMs: number, toMs: number): string {
  if (
    formatUtcTime(fromMs) === formatUtcTime(toMs) &&
    formatUtcDate(fromMs) === formatUtcDate(toMs)
  )
    return `at ${formatUtcTime(fromMs)} on ${formatUtcDate(fromMs)}`;
  const from = formatUtcTime(fromMs).replace(' UTC', '');
  if (formatUtcDate(fromMs) === formatUtcDate(toMs - 1))
    return `from ${from} to ${formatUtcTime(toMs)} on ${formatUtcDate(fromMs)}`;
  return `from ${from} on ${formatUtcDate(fromMs)} to ${formatUtcTime(toMs)} on ${formatUtcDate(toMs)}`;
}

/**
 * One sentence for an input the plausibility gates left out.
 * @example excludedInputSentence({ venue: 'binanceusdm', symbol: 'BTC/USDT:USDT', input: 'open-interest', fromMs, toMs, reason: 'it read 1,000× its recent level' }, series)
 * // "Binance's BTC open interest was left out from 14:05 to 14:20 UTC on 12 Mar 2026: it read 1,000× its recent level."
 */
export function excludedInputSentence(input: ExcludedInput, series: MarketSeries): string {
  const { noun, plural } = INPUT_WORDS[input.input];
  // A refused instrument's reason already names the failing field after a colon of its own.
  const joint = input.input === 'instrument' ? ', as' : ':';
  return `${venueName(input.venue)}’s ${assetOf(input, series)} ${noun} ${plural ? 'were' : 'was'} left out ${rangeText(input.fromMs, input.toMs)}${joint} ${input.reason}.`;
}

/**
 * Sentences telling the reader which inputs failed a plausibility check and were left out of
 * every figure, so a venue missing from a total is explained; empty when nothing was.
 */
export function excludedInputSentences(series: MarketSeries): string[] {
  const listed = series.excludedInputs.slice(0, LISTED_EXCLUSIONS);
  const sentences = listed.map((input) => excludedInputSentence(input, series));
  const rest = series.excludedInputs.length - listed.length;
  if (rest > 0)
    sentences.push(
      `${rest} more input${rest === 1 ? ' was' : 's were'} left out for failing a plausibility check; data.json lists every one.`,
    );
  return sentences;
}
