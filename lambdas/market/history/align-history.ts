import type { SeriesBar } from '../../model/index.ts';
import { HOUR_MS } from '../../shared/time.ts';
import type { FundingPoint, LiquidationPoint, OiPoint } from './history-types.ts';

/** Binance writes the first metrics row of a day at 00:05, not 00:00. */
const METRICS_LATENESS_MS = 5 * 60_000;
/**
 * Binance stamps some 5-minute snapshots a second late (`2024-08-05 09:00:01`). Such a row is
 * the reading at the close, not the next bar's: without this allowance the bar before it kept the
 * previous hour's value and read as "open interest steady, 0.0 %".
 */
const METRICS_STAMP_JITTER_MS = 60_000;
/** Settlements are at most 8h apart; a rate older than a day means the file does not cover the bar. */
const FUNDING_MAX_AGE_MS = 24 * HOUR_MS;

/** Index of the last point with time ≤ `timeMs` in a time-sorted list, or −1. */
function lastAtOrBefore(points: readonly { timeMs: number }[], timeMs: number): number {
  let lo = 0;
  let hi = points.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid]?.timeMs ?? 0) <= timeMs) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Sets each bar's OI to the latest metrics reading at or before the bar's
 * close (no look-ahead), a row stamped up to a minute after the close counting as at it. A
 * reading older than one bar (at least one hour, since the `.hourly` files keep one row an
 * hour) plus 5 minutes does not describe the bar, so the bar keeps null OI rather than a stale value.
 */
export function attachOpenInterest(
  bars: readonly SeriesBar[],
  barMinutes: number,
  points: readonly OiPoint[],
): SeriesBar[] {
  const barMs = barMinutes * 60_000;
  const maxAgeMs = Math.max(barMs, HOUR_MS) + METRICS_LATENESS_MS;
  return bars.map((bar) => {
    const closeMs = bar.openTimeMs + barMs;
    const point = points[lastAtOrBefore(points, closeMs + METRICS_STAMP_JITTER_MS)];
    if (point === undefined || closeMs - point.timeMs > maxAgeMs) return bar;
    return { ...bar, oiBase: point.oiBase, oiUsd: point.oiUsd };
  });
}

/**
 * Forward-fills funding: each bar carries the last settlement at or before its
 * close (already normalised to 8h), unless that settlement is more than a day old.
 */
export function attachFunding(
  bars: readonly SeriesBar[],
  barMinutes: number,
  points: readonly FundingPoint[],
): SeriesBar[] {
  const barMs = barMinutes * 60_000;
  return bars.map((bar) => {
    const closeMs = bar.openTimeMs + barMs;
    const point = points[lastAtOrBefore(points, closeMs)];
    if (point === undefined || closeMs - point.timeMs > FUNDING_MAX_AGE_MS) return bar;
    return { ...bar, fundingRate8h: point.fundingRate8h };
  });
}

/**
 * Fills liquidations from a liquidation-only export into bars that have none,
 * where the open times match exactly. Observed liquidations are never
 * overwritten. Returns the bars and how many were filled.
 */
export function mergeLiquidations(
  bars: readonly SeriesBar[],
  points: readonly LiquidationPoint[],
  venue: string,
): { bars: SeriesBar[]; filled: number } {
  const byTime = new Map(points.map((p) => [p.openTimeMs, p]));
  let filled = 0;
  const merged = bars.map((bar) => {
    const point = byTime.get(bar.openTimeMs);
    if (point === undefined || bar.liqLongUsd !== null || bar.liqShortUsd !== null) return bar;
    filled += 1;
    return {
      ...bar,
      liqLongUsd: point.longUsd,
      liqShortUsd: point.shortUsd,
      liqByVenue: {
        ...bar.liqByVenue,
        [venue]: { longUsd: point.longUsd, shortUsd: point.shortUsd },
      },
    };
  });
  return { bars: merged, filled };
}
