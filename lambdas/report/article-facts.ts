import type { MarketSeries } from '../model/index.ts';
import { excludedInputSentences } from './excluded-input-sentences.ts';
import { formatUtcDate, formatUtcTime, listText } from './format.ts';
import { unwatchedLiquidationSentences } from './unwatched-liquidation-sentences.ts';
import { venueName } from './venue-names.ts';

/** The span the report's charts cover: only gaps inside it are worth a reader's time. */
export interface NoteWindow {
  fromMs: number;
  toMs: number;
}

function missingVenueSentence(series: MarketSeries): string | null {
  if (series.missingVenues.length === 0) return null;
  const missing = series.missingVenues.map(venueName);
  const covered = series.venues.filter((v) => !series.missingVenues.includes(v)).map(venueName);
  const rest =
    covered.length === 0
      ? 'so no venue reported throughout'
      : `so totals for that time cover ${listText(covered)} only`;
  return `No data came from ${listText(missing)} for part or all of the period, ${rest}.`;
}

/**
 * Data notes: missing venues, gaps inside the chart window, feeds that undercount, unwatched
 * stretches. Venues appear under the names readers know; empty when the data is whole.
 */
export function dataGapSentences(series: MarketSeries, window: NoteWindow): string[] {
  const sentences: string[] = [];
  const missing = missingVenueSentence(series);
  if (missing) sentences.push(missing);
  const gaps = series.gaps.filter((g) => g.toMs > window.fromMs && g.fromMs < window.toMs);
  for (const gap of gaps.slice(0, 3)) {
    sentences.push(
      `The data has a gap from ${formatUtcTime(gap.fromMs)} on ${formatUtcDate(gap.fromMs)} to ${formatUtcTime(gap.toMs)} on ${formatUtcDate(gap.toMs)}.`,
    );
  }
  if (gaps.length > 3)
    sentences.push(`There are ${gaps.length - 3} further gaps in the chart window.`);
  // An estimated series has no feed at all: the estimate sentence says so, not a feed list.
  const silentFeeds = series.liquidationsEstimated
    ? []
    : Object.entries(series.liquidationFeeds).filter(([, feed]) => feed !== 'complete');
  if (silentFeeds.length > 0) {
    const list = silentFeeds.map(
      ([venue, feed]) =>
        `${venueName(venue)} (${feed === 'none' ? 'no public feed' : 'throttled'})`,
    );
    sentences.push(`Liquidation feeds that undercount: ${listText(list)}.`);
  }
  sentences.push(...unwatchedLiquidationSentences(series));
  const excluded = series.excludedInputs.filter(
    (e) => e.toMs > window.fromMs && e.fromMs < window.toMs,
  );
  sentences.push(...excludedInputSentences({ ...series, excludedInputs: excluded }));
  return sentences;
}
