import type { FlushEvent, MarketSeries, SeriesBar } from '../model/index.ts';
import { excludedInputSentences } from './excluded-input-sentences.ts';
import { formatUsdCompact, formatUtcDate, formatUtcTime } from './format.ts';
import { unwatchedLiquidationSentences } from './unwatched-liquidation-sentences.ts';

/** The bar the article calls "now": the last one at or before `asOfMs`. */
export function currentBar(series: MarketSeries, asOfMs: number): SeriesBar | null {
  const before = series.bars.filter((bar) => bar.openTimeMs <= asOfMs);
  return before.at(-1) ?? series.bars.at(-1) ?? null;
}

/** End of the flush's last bar (its `endMs` is that bar's open time). */
export function flushEndMs(flush: FlushEvent, series: MarketSeries): number {
  return flush.endMs + series.barMinutes * 60_000;
}

/** "between 21:00 and 22:10 UTC on 11 Mar 2026" */
export function flushTimeRange(flush: FlushEvent, series: MarketSeries): string {
  const start = formatUtcTime(flush.startMs).replace(' UTC', '');
  return `between ${start} and ${formatUtcTime(flushEndMs(flush, series))} on ${formatUtcDate(flush.startMs)}`;
}

/** "at least $642M", "an estimated $642M" or "$642M", by how the total is known. */
export function liquidationAmount(flush: FlushEvent, usd = flush.liqTotalUsd): string {
  if (flush.liqEstimated) return `an estimated ${formatUsdCompact(usd)}`;
  if (flush.liqIsLowerBound) return `at least ${formatUsdCompact(usd)}`;
  return formatUsdCompact(usd);
}

/** Mean of the non-null values of a bar field over bars in [fromMs, toMs). */
export function meanOver(
  bars: SeriesBar[],
  range: { fromMs: number; toMs: number },
  pick: (bar: SeriesBar) => number | null,
): number | null {
  const values = bars
    .filter((bar) => bar.openTimeMs >= range.fromMs && bar.openTimeMs < range.toMs)
    .map(pick)
    .filter((value): value is number => value !== null && Number.isFinite(value));
  if (values.length === 0) return null;
  return values.reduce((total, value) => total + value, 0) / values.length;
}

/** Sum of the non-null values of a bar field over bars in [fromMs, toMs); null when none. */
export function sumOver(
  bars: SeriesBar[],
  range: { fromMs: number; toMs: number },
  pick: (bar: SeriesBar) => number | null,
): number | null {
  const mean = meanOver(bars, range, pick);
  if (mean === null) return null;
  const count = bars.filter(
    (bar) => bar.openTimeMs >= range.fromMs && bar.openTimeMs < range.toMs && pick(bar) !== null,
  ).length;
  return mean * count;
}

/** Sentences about missing venues and gaps in the series; empty when the data is whole. */
export function dataGapSentences(series: MarketSeries): string[] {
  const sentences: string[] = [];
  if (series.missingVenues.length > 0) {
    sentences.push(
      `No data came from ${series.missingVenues.join(', ')} for part or all of the period, so totals cover ${series.venues.join(', ') || 'no other venue'} only.`,
    );
  }
  for (const gap of series.gaps.slice(0, 3)) {
    sentences.push(
      `The series has a gap from ${formatUtcTime(gap.fromMs)} on ${formatUtcDate(gap.fromMs)} to ${formatUtcTime(gap.toMs)} on ${formatUtcDate(gap.toMs)}: no snapshot covered those bars.`,
    );
  }
  if (series.gaps.length > 3) sentences.push(`There are ${series.gaps.length - 3} further gaps.`);
  const silentFeeds = Object.entries(series.liquidationFeeds).filter(
    ([, feed]) => feed !== 'complete',
  );
  if (silentFeeds.length > 0) {
    const list = silentFeeds.map(
      ([venue, feed]) => `${venue} (${feed === 'none' ? 'no feed' : 'throttled'})`,
    );
    sentences.push(`Liquidation feeds that undercount: ${list.join(', ')}.`);
  }
  sentences.push(...unwatchedLiquidationSentences(series));
  sentences.push(...excludedInputSentences(series));
  return sentences;
}
