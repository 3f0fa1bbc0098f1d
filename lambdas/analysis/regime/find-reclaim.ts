import type { SeriesBar } from '../../model/index.ts';

const HOUR_MS = 3_600_000;

/**
 * Time (close of the second bar) of the first two consecutive hourly closes
 * beyond `trigger` — above it when `direction` is +1 (reclaim after a long
 * flush), below it when −1 (rejection after a short squeeze) — among hourly
 * bars that close inside (fromMs, toMs]. Null when it has not happened.
 * One close beyond the trigger is not enough: wicks and single spikes fail.
 */
export function findReclaim(
  hourBars: readonly SeriesBar[],
  trigger: number,
  direction: 1 | -1,
  fromMs: number,
  toMs: number,
): number | null {
  let previous: SeriesBar | null = null;
  for (const bar of hourBars) {
    const closeMs = bar.openTimeMs + HOUR_MS;
    if (closeMs <= fromMs || closeMs > toMs) continue;
    const beyond = direction === 1 ? bar.close > trigger : bar.close < trigger;
    if (!beyond) {
      previous = null;
      continue;
    }
    if (previous !== null && bar.openTimeMs - previous.openTimeMs === HOUR_MS) return closeMs;
    previous = bar;
  }
  return null;
}
