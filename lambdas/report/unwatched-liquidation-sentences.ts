import type { MarketSeries, UnwatchedLiquidations } from '../model/index.ts';
import { formatUtcDate, formatUtcTime } from './format.ts';

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
    const key = `${u.fromMs}-${u.toMs}`;
    const stretch = stretches.get(key) ?? { fromMs: u.fromMs, toMs: u.toMs, venues: [] };
    stretch.venues.push(u.venue);
    stretches.set(key, stretch);
  }
  return [...stretches.values()].sort((a, b) => a.fromMs - b.fromMs);
}

/**
 * A short span in words, seconds included, for gaps as short as a websocket reconnect.
 * @example spanText(4_200) // "4 seconds"
 * @example spanText(300_000) // "5 minutes"
 */
export function spanText(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 180) return `${minutes} minutes`;
  return `${Math.round(minutes / 60)} hours`;
}

/**
 * "a, b and c"
 * @example listText(['okx', 'bybit', 'gate']) // "okx, bybit and gate"
 */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Sentences telling the reader when liquidation feeds were not listened to, so a quiet
 * stretch is not read as "no liquidations"; empty when every feed was watched throughout.
 */
export function unwatchedLiquidationSentences(series: MarketSeries): string[] {
  const stretches = groupByStretch(series.unwatchedLiquidations);
  const sentences = stretches.slice(0, LISTED_STRETCHES).map((s) => {
    const feeds =
      s.venues.length === 1
        ? `${s.venues[0]}’s liquidation feed was`
        : `the liquidation feeds of ${listText(s.venues)} were`;
    return `For ${spanText(s.toMs - s.fromMs)} from ${formatUtcTime(s.fromMs)} on ${formatUtcDate(s.fromMs)}, ${feeds} not listened to, so liquidations then are missing from the totals, not zero.`;
  });
  const rest = stretches.slice(LISTED_STRETCHES);
  if (rest.length > 0) {
    const restMs = rest.reduce((sum, s) => sum + s.toMs - s.fromMs, 0);
    sentences.push(
      `Liquidation feeds went unwatched ${rest.length} more time${rest.length === 1 ? '' : 's'}, ${spanText(restMs)} in all.`,
    );
  }
  return sentences;
}
