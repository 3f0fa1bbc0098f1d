import type { DayRollup, MarketHistoryMonth, MarketHour, MarketRollup } from '../../model/index.ts';
import { HOUR_MS } from '../../shared/time.ts';
import type { Span } from './apply-series-to-day.ts';

/** The clock hours `span` touches (their starts), oldest first. */
function hoursOf(span: Span): number[] {
  const hours: number[] = [];
  for (let h = Math.floor(span.fromMs / HOUR_MS) * HOUR_MS; h < span.toMs; h += HOUR_MS)
    hours.push(h);
  return hours;
}

/**
 * The market's liquidations in each clock hour `span` touches, from one day's rollups: the
 * covered coins' 5-minute bars, plus the market beyond them in the bars where a covered coin
 * has one (as `buildMarketWideSeries` adds it). An hour without any covered coin's bar was not
 * collected and has no row.
 * @example marketHoursOf(assetDay, marketDay, { fromMs: h, toMs: h + 300_000 }) // [{ hourMs: h, longUsd, shortUsd }]
 */
export function marketHoursOf(
  assetDay: DayRollup | null,
  marketDay: MarketRollup | null,
  span: Span,
): MarketHour[] {
  const hours = new Map(hoursOf(span).map((h) => [h, { hourMs: h, longUsd: 0, shortUsd: 0 }]));
  const covered = new Set<number>();
  for (const asset of Object.values(assetDay?.assets ?? {}))
    for (const bar of asset.bars5m) {
      const hour = hours.get(Math.floor(bar.openTimeMs / HOUR_MS) * HOUR_MS);
      if (hour === undefined) continue;
      covered.add(bar.openTimeMs);
      hour.longUsd += bar.liqLongUsd ?? 0;
      hour.shortUsd += bar.liqShortUsd ?? 0;
    }
  for (const bar of marketDay?.market.bars5m ?? []) {
    const hour = hours.get(Math.floor(bar.openTimeMs / HOUR_MS) * HOUR_MS);
    if (hour === undefined || !covered.has(bar.openTimeMs)) continue;
    for (const venues of Object.values(bar.byCoin))
      for (const part of Object.values(venues)) {
        hour.longUsd += part.longUsd;
        hour.shortUsd += part.shortUsd;
      }
  }
  const known = new Set([...covered].map((ms) => Math.floor(ms / HOUR_MS) * HOUR_MS));
  return [...hours.values()]
    .filter((h) => known.has(h.hourMs))
    .map((h) => ({ ...h, longUsd: Math.round(h.longUsd), shortUsd: Math.round(h.shortUsd) }));
}

/**
 * The month with the hours `span` touches replaced by `hours` (whole dollars): an hour now
 * without a row is dropped, every other hour kept.
 * @example applyHoursToMonth(null, '2026-03', hours, span).hours.length // hours.length
 */
export function applyHoursToMonth(
  current: MarketHistoryMonth | null,
  month: string,
  hours: readonly MarketHour[],
  span: Span,
): MarketHistoryMonth {
  const touched = new Set(hoursOf(span));
  const kept = (current?.hours ?? []).filter((h) => !touched.has(h.hourMs));
  return { month, hours: [...kept, ...hours].sort((a, b) => a.hourMs - b.hourMs) };
}
