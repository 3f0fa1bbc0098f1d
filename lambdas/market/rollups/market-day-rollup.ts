import { completeMarketBeyond } from '../../analysis/index.ts';
import {
  MARKET_ROLLUP_SCHEMA_VERSION,
  MAX_LARGEST_LIQUIDATIONS,
  type MarketBeyond,
  type MarketBeyondParts,
  type MarketDayRollup,
  type MarketRollup,
  type RollupBarMinutes,
  type VenueLargestLiquidation,
} from '../../model/index.ts';
import type { Span } from './apply-series-to-day.ts';
import { DAY_MS, dayStartMs } from './rollup-days.ts';

const BAR_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;

const inSpan = (ms: number, span: Span): boolean => ms >= span.fromMs && ms < span.toMs;
// A bulk reading closes its tick's window: one taken at 20:30:00 belongs to the bar before.
const readingIn = (atMs: number, span: Span): boolean => inSpan(atMs - 1, span);

const sortedKeys = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

// What a day holds before any tick read the market, in both shapes (stored and read).
const NOTHING = {
  largest: [],
  unmapped: [],
  cappedWindows: [],
  scopes: {},
  leverage: [],
  leverageTopN: {},
};
const EMPTY_DAY: MarketDayRollup = { ...NOTHING, bars5m: [] };
const EMPTY: MarketBeyondParts = { ...NOTHING, bars: [] };

// Each 5-minute bar's ten largest orders: any bar-aligned span's ten largest are among them.
function largestPerBar(orders: readonly VenueLargestLiquidation[]): VenueLargestLiquidation[] {
  const byBar = new Map<number, VenueLargestLiquidation[]>();
  for (const order of orders) {
    const bar = Math.floor(order.timeMs / BAR_MS);
    byBar.set(bar, [...(byBar.get(bar) ?? []), order]);
  }
  return [...byBar.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, inBar]) =>
      inBar
        .sort((a, b) => b.usd - a.usd || a.venue.localeCompare(b.venue))
        .slice(0, MAX_LARGEST_LIQUIDATIONS),
    );
}

// The first bulk reading of each hour, rounded to what a report can quote (whole dollars, six
// significant digits of funding): a day keeps 24 readings of each venue's top coins, not 288.
function firstReadingPerHour(readings: MarketBeyond['leverage']): MarketBeyond['leverage'] {
  const byHour = new Map<number, MarketBeyond['leverage'][number]>();
  for (const r of [...readings].sort((a, b) => a.atMs - b.atMs)) {
    const hour = Math.floor((r.atMs - 1) / HOUR_MS);
    if (!byHour.has(hour)) byHour.set(hour, r);
  }
  return [...byHour.values()].map((r) => ({
    ...r,
    byCoin: sortedKeys(
      Object.fromEntries(
        Object.entries(r.byCoin).map(([coin, venues]) => [
          coin,
          sortedKeys(
            Object.fromEntries(
              Object.entries(venues).map(([venue, v]) => [
                venue,
                { oiUsd: Math.round(v.oiUsd), funding8h: Number(v.funding8h.toPrecision(6)) },
              ]),
            ),
          ),
        ]),
      ),
    ),
  }));
}

/**
 * The day's market beyond the assets with what starts inside `span` replaced by `beyond` (read
 * from the snapshots around `span`): bars, orders, unmapped symbols and capped ticks by their
 * start, bulk readings by the window they close. Pure and deterministic, so re-applying a tick
 * changes nothing. Undefined while no tick of the day read the market.
 * @example applyBeyondToDay(undefined, readMarketBeyond(snapshots, 5), span)?.bars5m.length
 */
export function applyBeyondToDay(
  current: MarketDayRollup | undefined,
  beyond: MarketBeyondParts | null,
  span: Span,
): MarketDayRollup | undefined {
  if (current === undefined && beyond === null) return undefined;
  const base = current ?? EMPTY_DAY;
  const fresh = beyond ?? EMPTY;
  const keep = <T>(items: readonly T[], at: (item: T) => number) =>
    items.filter((i) => !inSpan(at(i), span));
  const take = <T>(items: readonly T[], at: (item: T) => number) =>
    items.filter((i) => inSpan(at(i), span));
  const byStart = (a: { fromMs: number }, b: { fromMs: number }) => a.fromMs - b.fromMs;
  return {
    bars5m: [
      ...keep(base.bars5m, (b) => b.openTimeMs),
      ...take(fresh.bars, (b) => b.openTimeMs),
    ].sort((a, b) => a.openTimeMs - b.openTimeMs),
    largest: largestPerBar([
      ...keep(base.largest, (l) => l.timeMs),
      ...take(fresh.largest, (l) => l.timeMs),
    ]),
    unmapped: [
      ...keep(base.unmapped, (u) => u.fromMs),
      ...take(fresh.unmapped, (u) => u.fromMs),
    ].sort(byStart),
    cappedWindows: [
      ...keep(base.cappedWindows, (c) => c.fromMs),
      ...take(fresh.cappedWindows, (c) => c.fromMs),
    ].sort((a, b) => a.fromMs - b.fromMs || a.venue.localeCompare(b.venue)),
    scopes: sortedKeys({ ...base.scopes, ...fresh.scopes }),
    leverage: firstReadingPerHour([
      ...base.leverage.filter((r) => !readingIn(r.atMs, span)),
      ...fresh.leverage.filter((r) => readingIn(r.atMs, span)),
    ]),
    leverageTopN: sortedKeys({ ...base.leverageTopN, ...fresh.leverageTopN }),
  };
}

/**
 * `day`'s market rollup after the market beyond the assets, read from the snapshots around
 * `span`, was applied to the part of `span` inside the day ({@link applyBeyondToDay}). Null while
 * no tick of the day read the market.
 * @example applyBeyondToMarketRollup(null, '2026-03-12', readMarketBeyond(snapshots, 5), span)?.market.bars5m
 */
export function applyBeyondToMarketRollup(
  current: MarketRollup | null,
  day: string,
  beyond: MarketBeyondParts | null,
  span: Span,
): MarketRollup | null {
  const start = dayStartMs(day);
  const clipped = {
    fromMs: Math.max(span.fromMs, start),
    toMs: Math.min(span.toMs, start + DAY_MS),
  };
  const market = applyBeyondToDay(current?.market, beyond, clipped);
  return market === undefined ? null : { schemaVersion: MARKET_ROLLUP_SCHEMA_VERSION, day, market };
}

/**
 * The market beyond the assets over `range` from day rollups (any order), at `barMinutes`: what
 * `readMarketBeyond` gives over the same snapshots, but for bulk readings (the first of each
 * hour). Null when no day in them read the market.
 * @example beyondFromRollups(days, { fromMs, toMs }, 60)?.bars.length
 */
export function beyondFromRollups(
  days: readonly MarketRollup[],
  range: Span,
  barMinutes: RollupBarMinutes,
): MarketBeyond | null {
  const parts = [...days].sort((a, b) => a.day.localeCompare(b.day)).map((d) => d.market);
  if (parts.length === 0) return null;
  const barMs = barMinutes * 60_000;
  const bars = new Map<number, MarketBeyond['bars'][number]>();
  for (const bar of parts.flatMap((p) => p.bars5m)) {
    if (!inSpan(bar.openTimeMs, range)) continue;
    const openTimeMs = Math.floor(bar.openTimeMs / barMs) * barMs;
    const into = bars.get(openTimeMs) ?? { openTimeMs, byCoin: {} };
    for (const [coin, venues] of Object.entries(bar.byCoin))
      for (const [venue, part] of Object.entries(venues)) {
        const known = into.byCoin[coin] ?? {};
        into.byCoin[coin] = known;
        const sum = known[venue] ?? { longUsd: 0, shortUsd: 0 };
        known[venue] = {
          longUsd: sum.longUsd + part.longUsd,
          shortUsd: sum.shortUsd + part.shortUsd,
        };
      }
    bars.set(openTimeMs, into);
  }
  return completeMarketBeyond({
    bars: [...bars.values()].sort((a, b) => a.openTimeMs - b.openTimeMs),
    largest: parts.flatMap((p) => p.largest).filter((l) => inSpan(l.timeMs, range)),
    unmapped: parts.flatMap((p) => p.unmapped).filter((u) => inSpan(u.fromMs, range)),
    cappedWindows: parts.flatMap((p) => p.cappedWindows).filter((c) => inSpan(c.fromMs, range)),
    scopes: Object.assign({}, ...parts.map((p) => p.scopes)),
    leverage: parts.flatMap((p) => p.leverage).filter((r) => readingIn(r.atMs, range)),
    leverageTopN: Object.assign({}, ...parts.map((p) => p.leverageTopN)),
  });
}
