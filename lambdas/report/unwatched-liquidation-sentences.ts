import type { MarketSeries, UnwatchedLiquidations } from '../model/index.ts';
import { durationText, formatUtcDate, formatUtcTime, listText } from './format.ts';
import { venueName } from './venue-names.ts';

/** Unwatched stretches described one by one; the rest are summed up in one sentence. */
const LISTED_STRETCHES = 3;

/** One unwatched stretch and every venue it applied to. */
interface UnwatchedStretch {
  fromMs: number;
  toMs: number;
  venues: string[];
}

function groupByStretch(unwatched: readonly UnwatchedLiquidations[]): UnwatchedStretch[] {
  const stretches = new Map<string, UnwatchedStretch>();
  for (const u of unwatched) {
    // Venues of one tick start listening a few milliseconds apart: the same stretch to a reader.
    const key = `${Math.round(u.fromMs / 1000)}-${Math.round(u.toMs / 1000)}`;
    const stretch = stretches.get(key) ?? { fromMs: u.fromMs, toMs: u.toMs, venues: [] };
    stretch.venues.push(venueName(u.venue));
    stretches.set(key, stretch);
  }
  return [...stretches.values()].sort((a, b) => a.fromMs - b.fromMs);
}

/**
 * Sentences telling the reader when liquidation feeds were not listened to, so a quiet
 * stretch is not read as "no liquidations"; empty when every feed was watched throughout.
 */
export function unwatchedLiquidationSentences(series: MarketSeries): string[] {
  return unwatchedSentences(series.unwatchedLiquidations);
}

/** {@link unwatchedLiquidationSentences} of a list of unwatched stretches (the market's). */
export function unwatchedSentences(unwatched: readonly UnwatchedLiquidations[]): string[] {
  const stretches = groupByStretch(unwatched);
  const sentences = stretches.slice(0, LISTED_STRETCHES).map((s) => {
    const feeds =
      s.venues.length === 1
        ? `${s.venues[0]}’s liquidation feed was`
        : `the liquidation feeds of ${listText(s.venues)} were`;
    return `For ${durationText(s.toMs - s.fromMs)} from ${formatUtcTime(s.fromMs)} on ${formatUtcDate(s.fromMs)}, ${feeds} not listened to, so liquidations then are missing from the totals, not zero.`;
  });
  const rest = stretches.slice(LISTED_STRETCHES);
  if (rest.length > 0) {
    const restMs = rest.reduce((sum, s) => sum + s.toMs - s.fromMs, 0);
    sentences.push(
      `Liquidation feeds went unwatched ${rest.length} more time${rest.length === 1 ? '' : 's'}, ${durationText(restMs)} in all.`,
    );
  }
  return sentences;
}
