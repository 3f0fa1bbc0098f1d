import {
  checkpointAsOfMs,
  checkpointBefore,
  classifyRegime,
  latestCheckpoint,
  type MarketFlush,
  type MarketFlushes,
} from '../analysis/index.ts';
import type { RegimeConfig } from '../config.ts';
import type {
  BeyondLeverageReading,
  Checkpoint,
  FlushEvent,
  LiquidatedUsd,
  MarketCoinRow,
  MarketFacts,
  MarketHour,
  MarketMajor,
  MarketOtherCoins,
  MarketSeries,
  MarketVenueRow,
  MarketWideBar,
  UnmappedLiquidations,
} from '../model/index.ts';
import { MAX_LARGEST_LIQUIDATIONS } from '../model/index.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/time.ts';

/** The coins the market report reads one by one (DESIGN.md §4). */
export const MARKET_MAJORS = ['BTC', 'ETH', 'SOL'] as const;

/** What {@link buildMarketFacts} reads. */
export interface MarketFactsInput {
  market: MarketFlushes;
  flush: MarketFlush;
  /** The report's time: only bars that closed by then are in `market`. */
  asOfMs: number;
  regime: RegimeConfig;
  missingCoins?: Array<{ coin: string; reason: string }>;
  /** The market's stored hourly history (rollups), for ranking the day beyond the series. */
  history?: readonly MarketHour[];
  /**
   * What the story's flash read the market to (its report's time, or the close of the last bar
   * it had): a follow-up says what changed since ({@link MarketFacts.sinceFlash}), from the last
   * bar closed by then. Omitted, the follow-up has no such comparison.
   */
  flashAsOfMs?: number;
}

const liquidated = (longUsd: number, shortUsd: number): LiquidatedUsd => ({
  longUsd,
  shortUsd,
  totalUsd: longUsd + shortUsd,
});

function sumBars(bars: readonly MarketWideBar[]): LiquidatedUsd {
  let longUsd = 0;
  let shortUsd = 0;
  for (const b of bars) {
    longUsd += b.liqLongUsd;
    shortUsd += b.liqShortUsd;
  }
  return liquidated(longUsd, shortUsd);
}

/**
 * Every figure of the market report, from the market series and its flush (DESIGN.md §4): the
 * flush, the 24 hours from its start and their peak hour; who got liquidated by side, coin and
 * venue; how far leverage reset (OI in USD, positions at constant prices, funding); how the day
 * ranks in the series' history; and BTC, ETH and SOL read on their own with DESIGN.md §5.
 * @example buildMarketFacts({ market, flush, asOfMs, regime }).day.totalUsd
 */
export function buildMarketFacts(input: MarketFactsInput): MarketFacts {
  const { market, flush, asOfMs } = input;
  const { series } = market;
  const barMs = series.barMinutes * MINUTE_MS;
  const event = flush.event;
  const endMs = event.endMs + barMs;
  const dayTo = Math.min(event.startMs + DAY_MS, asOfMs);
  const dayBars = series.bars.filter(
    (b) => b.openTimeMs >= event.startMs && b.openTimeMs + barMs <= dayTo,
  );
  const day = { ...sumBars(dayBars), fromMs: event.startMs, toMs: dayTo };
  const flushBars = series.bars.filter(
    (b) => b.openTimeMs >= event.startMs && b.openTimeMs <= event.endMs,
  );
  const before = lastBarBefore(series.asAsset.bars, event.startMs);
  const last = series.asAsset.bars.at(-1);
  const covered = new Set(series.coins);
  const coveredUsd = flushBars.reduce(
    (sum, b) =>
      sum +
      Object.entries(b.byCoin)
        .filter(([coin]) => covered.has(coin))
        .reduce((part, [, c]) => part + c.longUsd + c.shortUsd, 0),
    0,
  );
  const version = marketVersionAt(event, asOfMs, series.barMinutes);
  const majors = MARKET_MAJORS.flatMap((coin) => majorOf(coin, input, dayBars));
  return {
    asOfMs,
    version,
    simulated: series.simulated,
    isLowerBound: series.liqIsLowerBound,
    coinsCovered: series.coins,
    venuesCovered: series.venues,
    flush: {
      ...sumBars(flushBars),
      side: event.side,
      startMs: event.startMs,
      endMs,
      tier: event.tier,
      liqToOi: event.liqToOi,
      coveredUsd,
      liqToOiOf: event.liqToOiOf,
      mostByMs: mostLiquidatedBy(flushBars, MOST_OF_FLUSH, barMs) ?? endMs,
      indexMovePct: event.priceMovePct,
    },
    day,
    afterFlush: sumBars(dayBars.filter((b) => b.openTimeMs > event.endMs)),
    peakHour: peakHour(dayBars, barMs),
    coinsInFlush: flush.coinsInFlush,
    coins: coinRows(market, flush, dayBars, day.totalUsd),
    otherCoins: otherCoins(series, dayBars, day.totalUsd),
    largestOrders: (series.beyond?.largest ?? [])
      .filter((l) => l.timeMs >= day.fromMs && l.timeMs < day.toMs)
      .slice(0, MAX_LARGEST_LIQUIDATIONS),
    unmappedSymbols: unmappedOver(series.beyond?.unmapped ?? [], day),
    venues: venueRows(series, dayBars),
    openInterest: openInterestFacts(series.asAsset, event, before ?? null, barMs),
    funding: {
      before8h: meanFunding(
        series.asAsset.bars.filter(
          (b) => b.openTimeMs < event.startMs && b.openTimeMs >= event.startMs - DAY_MS,
        ),
      ),
      now8h: last?.fundingRate8h ?? null,
    },
    beyondLeverage: beyondLeverageFacts(series, event.startMs, asOfMs),
    excludedReadings: series.beyond?.excludedReadings ?? [],
    rank: rankOfDay(series.bars, day, barMs, input.history ?? []),
    majors,
    sinceFlash:
      version === '1h' || input.flashAsOfMs === undefined
        ? null
        : sinceFlashFacts(input, input.flashAsOfMs, majors),
    excludedCoins: series.excludedCoins,
    unwatched: series.asAsset.unwatchedLiquidations.filter(
      (u) => u.toMs > event.startMs - DAY_MS && u.fromMs < asOfMs,
    ),
    missingCoins: input.missingCoins ?? [],
  };
}

/** The share of a flush's liquidations its "bulk" is: when this much was done, most of it was. */
export const MOST_OF_FLUSH = 0.95;

/**
 * The close of the first bar by which `share` of the bars' liquidations were done; undefined
 * without liquidations.
 * @example mostLiquidatedBy(flushBars, 0.95, 300_000) // 20:30 flush, over by the 21:35 bar's close
 */
function mostLiquidatedBy(
  bars: readonly MarketWideBar[],
  share: number,
  barMs: number,
): number | undefined {
  const total = bars.reduce((sum, b) => sum + liquidatedOf(b), 0);
  if (total <= 0) return undefined;
  let done = 0;
  for (const bar of bars) {
    done += liquidatedOf(bar);
    if (done >= share * total) return bar.openTimeMs + barMs;
  }
  return undefined;
}

/** Liquidations of a bar, both sides. */
const liquidatedOf = (bar: MarketWideBar) => bar.liqLongUsd + bar.liqShortUsd;

/**
 * Calls `visit` at each bar with the liquidations of the `perWindow` bars ending there (fewer at
 * the start) and the index of the window's first bar: one running sum for every sliding total.
 */
function slidingTotals(
  bars: readonly MarketWideBar[],
  perWindow: number,
  visit: (totalUsd: number, firstIndex: number, lastIndex: number) => void,
): void {
  let running = 0;
  bars.forEach((bar, i) => {
    running += liquidatedOf(bar);
    const out = bars[i - perWindow];
    if (out) running -= liquidatedOf(out);
    visit(running, Math.max(0, i - perWindow + 1), i);
  });
}

/** The last bar that opened before `ms`, or undefined. */
function lastBarBefore<T extends { openTimeMs: number }>(
  bars: readonly T[],
  ms: number,
): T | undefined {
  for (let i = bars.length - 1; i >= 0; i -= 1) {
    const bar = bars[i];
    if (bar && bar.openTimeMs < ms) return bar;
  }
  return undefined;
}

/** The 60 minutes of `bars` with the most liquidations (sliding bar by bar). */
function peakHour(bars: readonly MarketWideBar[], barMs: number) {
  const perHour = Math.max(1, Math.round(HOUR_MS / barMs));
  let best = {
    fromMs: bars[0]?.openTimeMs ?? 0,
    toMs: (bars[0]?.openTimeMs ?? 0) + HOUR_MS,
    totalUsd: 0,
  };
  slidingTotals(bars, perHour, (totalUsd, firstIndex, lastIndex) => {
    const first = bars[firstIndex];
    const last = bars[lastIndex];
    if (first && last && totalUsd > best.totalUsd)
      best = { fromMs: first.openTimeMs, toMs: last.openTimeMs + barMs, totalUsd };
  });
  return best;
}

function coinRows(
  market: MarketFlushes,
  flush: MarketFlush,
  dayBars: readonly MarketWideBar[],
  dayTotalUsd: number,
): MarketCoinRow[] {
  const event = flush.event;
  const down = event.side !== 'short' && !(event.side === 'two-sided' && event.priceMovePct > 0);
  return market.series.coinSeries
    .map((coinSeries) => {
      const coin = coinSeries.asset;
      let longUsd = 0;
      let shortUsd = 0;
      for (const b of dayBars) {
        longUsd += b.byCoin[coin]?.longUsd ?? 0;
        shortUsd += b.byCoin[coin]?.shortUsd ?? 0;
      }
      const totalUsd = longUsd + shortUsd;
      const now = coinSeries.bars.at(-1)?.close ?? null;
      const own = ownFlush(market, coin, flush, coinSeries.barMinutes * MINUTE_MS);
      const barBefore = lastBarBefore(coinSeries.bars, event.startMs);
      let before: number | null = own?.priceBefore ?? null;
      let extreme: number | null = own?.extremePrice ?? null;
      if (!own) {
        const inFlush = coinSeries.bars.filter(
          (b) => b.openTimeMs >= event.startMs && b.openTimeMs <= event.endMs,
        );
        before = barBefore?.close ?? null;
        extreme =
          inFlush.length === 0
            ? null
            : down
              ? Math.min(...inFlush.map((b) => b.low))
              : Math.max(...inFlush.map((b) => b.high));
      }
      return {
        coin,
        longUsd,
        shortUsd,
        totalUsd,
        shareOfTotal: dayTotalUsd > 0 ? totalUsd / dayTotalUsd : 0,
        oiBeforeUsd: barBefore?.oiUsd ?? null,
        flushed: own !== undefined,
        extremeMovePct: before !== null && extreme !== null ? extreme / before - 1 : null,
        nowMovePct: before !== null && now !== null ? now / before - 1 : null,
      };
    })
    .sort((a, b) => b.totalUsd - a.totalUsd);
}

/** A coin's own flush that overlaps the market's (bars apart count as touching). */
function ownFlush(
  market: MarketFlushes,
  coin: string,
  flush: MarketFlush,
  barMs: number,
): FlushEvent | undefined {
  return (market.coinFlushes[coin] ?? []).find(
    (f) => f.startMs <= flush.event.endMs + barMs && flush.event.startMs <= f.endMs + barMs,
  );
}

// One entry per venue and symbol over the day, the most liquidated first.
function unmappedOver(
  entries: NonNullable<MarketFlushes['series']['beyond']>['unmapped'],
  day: { fromMs: number; toMs: number },
): UnmappedLiquidations[] {
  const merged = new Map<string, UnmappedLiquidations>();
  for (const { fromMs, ...u } of entries) {
    if (fromMs < day.fromMs || fromMs >= day.toMs) continue;
    const key = `${u.venue} ${u.symbol}`;
    const known = merged.get(key);
    merged.set(
      key,
      known === undefined
        ? u
        : {
            ...known,
            count: known.count + u.count,
            usd: known.usd === null || u.usd === null ? null : known.usd + u.usd,
          },
    );
  }
  return [...merged.values()].sort((a, b) => b.count - a.count || a.symbol.localeCompare(b.symbol));
}

function otherCoins(
  series: MarketFlushes['series'],
  dayBars: readonly MarketWideBar[],
  dayTotalUsd: number,
): MarketOtherCoins | null {
  if (series.beyond === null) return null;
  const covered = new Set(series.coins);
  const byCoin = new Map<string, { longUsd: number; shortUsd: number }>();
  for (const b of dayBars)
    for (const [coin, share] of Object.entries(b.byCoin)) {
      if (covered.has(coin)) continue;
      const sum = byCoin.get(coin) ?? { longUsd: 0, shortUsd: 0 };
      sum.longUsd += share.longUsd;
      sum.shortUsd += share.shortUsd;
      byCoin.set(coin, sum);
    }
  const coins = [...byCoin]
    .map(([coin, s]) => ({ coin, totalUsd: s.longUsd + s.shortUsd }))
    .filter((c) => c.totalUsd > 0)
    .sort((a, b) => b.totalUsd - a.totalUsd || a.coin.localeCompare(b.coin));
  let longUsd = 0;
  let shortUsd = 0;
  for (const s of byCoin.values()) {
    longUsd += s.longUsd;
    shortUsd += s.shortUsd;
  }
  const total = liquidated(longUsd, shortUsd);
  return {
    ...total,
    count: coins.length,
    shareOfTotal: dayTotalUsd > 0 ? total.totalUsd / dayTotalUsd : 0,
    coins,
  };
}

function venueRows(
  series: MarketFlushes['series'],
  dayBars: readonly MarketWideBar[],
): MarketVenueRow[] {
  return series.venues
    .map((venue) => {
      let longUsd = 0;
      let shortUsd = 0;
      for (const b of dayBars) {
        longUsd += b.byVenue[venue]?.longUsd ?? 0;
        shortUsd += b.byVenue[venue]?.shortUsd ?? 0;
      }
      return {
        venue,
        ...liquidated(longUsd, shortUsd),
        feed: series.liquidationFeeds[venue] ?? 'none',
        scope: series.beyond?.scopes[venue] ?? null,
      };
    })
    .sort((a, b) => b.totalUsd - a.totalUsd);
}

function openInterestFacts(
  index: MarketSeries,
  event: FlushEvent,
  before: MarketSeries['bars'][number] | null,
  barMs: number,
): MarketFacts['openInterest'] {
  const after = index.bars.filter((b) => b.openTimeMs >= event.startMs && b.oiUsd !== null);
  const low = after.reduce<(typeof after)[number] | null>(
    (lowest, b) => (lowest === null || (b.oiUsd ?? 0) < (lowest.oiUsd ?? 0) ? b : lowest),
    null,
  );
  // Positions at the dollar low itself, so "positions fell X, prices the rest" splits one move.
  const lowPositions = low?.oiBase ?? null;
  return {
    beforeUsd: before?.oiUsd ?? null,
    lowUsd: low?.oiUsd ?? null,
    // Open interest is read at a bar's close.
    lowMs: low ? low.openTimeMs + barMs : null,
    nowUsd: index.bars.at(-1)?.oiUsd ?? null,
    positionsChangePct:
      before?.oiBase && lowPositions !== null ? lowPositions / before.oiBase - 1 : null,
  };
}

/** A bulk reading older than this at the flush's start (or the report's time) is not "before" (or "now"). */
const MAX_READING_AGE_MS = HOUR_MS;

function latestReadingAt(
  readings: readonly BeyondLeverageReading[],
  ms: number,
): BeyondLeverageReading | undefined {
  for (let i = readings.length - 1; i >= 0; i -= 1) {
    const reading = readings[i];
    if (reading !== undefined && reading.atMs <= ms)
      return reading.atMs >= ms - MAX_READING_AGE_MS ? reading : undefined;
  }
  return undefined;
}

function beyondLeverageFacts(
  series: MarketFlushes['series'],
  startMs: number,
  asOfMs: number,
): MarketFacts['beyondLeverage'] {
  const readings = series.beyond?.leverage ?? [];
  const before = latestReadingAt(readings, startMs);
  const now = latestReadingAt(readings, asOfMs);
  if (before === undefined || now === undefined || now.atMs <= before.atMs) return null;
  const covered = new Set(series.coins);
  const excluded = new Set(series.excludedCoins.map((e) => e.coin));
  const sums = { beforeUsd: 0, nowUsd: 0, beforeFunding: 0, nowFunding: 0 };
  const coins = new Map<string, number>();
  const venues = new Set<string>();
  for (const [coin, byVenue] of Object.entries(now.byCoin)) {
    if (covered.has(coin) || excluded.has(coin)) continue;
    for (const [venue, then] of Object.entries(before.byCoin[coin] ?? {})) {
      const latest = byVenue[venue];
      if (latest === undefined) continue;
      coins.set(coin, (coins.get(coin) ?? 0) + then.oiUsd);
      venues.add(venue);
      sums.beforeUsd += then.oiUsd;
      sums.nowUsd += latest.oiUsd;
      sums.beforeFunding += then.funding8h * then.oiUsd;
      sums.nowFunding += latest.funding8h * latest.oiUsd;
    }
  }
  if (coins.size === 0 || sums.beforeUsd <= 0 || sums.nowUsd <= 0) return null;
  const topN = Math.max(0, ...Object.values(series.beyond?.leverageTopN ?? {}));
  return {
    coins: coins.size,
    names: [...coins]
      .sort(([a, aUsd], [b, bUsd]) => bUsd - aUsd || a.localeCompare(b))
      .map(([coin]) => coin),
    topN,
    venues: [...venues].sort(),
    beforeMs: before.atMs,
    nowMs: now.atMs,
    beforeUsd: sums.beforeUsd,
    nowUsd: sums.nowUsd,
    funding: {
      before8h: sums.beforeFunding / sums.beforeUsd,
      now8h: sums.nowFunding / sums.nowUsd,
    },
  };
}

/** The last bar that had closed by `ms`: what a report as of `ms` read last. */
function lastClosedBy<T extends { openTimeMs: number }>(
  bars: readonly T[],
  ms: number,
  barMs: number,
): T | undefined {
  for (let i = bars.length - 1; i >= 0; i -= 1) {
    const bar = bars[i];
    if (bar !== undefined && bar.openTimeMs + barMs <= ms) return bar;
  }
  return undefined;
}

/**
 * A follow-up against its story's flash: from the close of the last bar the flash read to the
 * report's time, the market's liquidations, open interest and funding, and each major's price
 * and the furthest it went since in the flush's direction. Null when the flash read no bar, or
 * nothing has closed since.
 */
function sinceFlashFacts(
  input: MarketFactsInput,
  flashAsOfMs: number,
  majors: readonly MarketMajor[],
): MarketFacts['sinceFlash'] {
  const { series } = input.market;
  const barMs = series.barMinutes * MINUTE_MS;
  const then = lastClosedBy(series.asAsset.bars, flashAsOfMs, barMs);
  const now = series.asAsset.bars.at(-1);
  if (then === undefined || now === undefined || now.openTimeMs <= then.openTimeMs) return null;
  const fromMs = then.openTimeMs + barMs;
  const down = input.flush.event.side !== 'short';
  const sinceMajors = majors.flatMap((m) => {
    const bars = series.coinSeries.find((s) => s.asset === m.coin)?.bars ?? [];
    const thenBar = lastClosedBy(bars, flashAsOfMs, barMs);
    const after = bars.filter((b) => b.openTimeMs >= fromMs);
    if (thenBar === undefined || after.length === 0) return [];
    const extremeSince = down
      ? Math.min(...after.map((b) => b.low))
      : Math.max(...after.map((b) => b.high));
    return [{ coin: m.coin, priceThen: thenBar.close, priceNow: m.priceNow, extremeSince }];
  });
  return {
    fromMs,
    liquidated: sumBars(series.bars.filter((b) => b.openTimeMs >= fromMs)),
    oiThenUsd: then.oiUsd,
    oiNowUsd: now.oiUsd,
    fundingThen8h: then.fundingRate8h,
    fundingNow8h: now.fundingRate8h,
    majors: sinceMajors,
  };
}

/**
 * The version of a market flush's story as of `asOfMs`: its latest checkpoint reached, '1h' (the
 * flash) before any.
 * @example marketVersionAt(event, checkpointAsOfMs(event, '24h', 5) + 1, 5) // '24h'
 */
export function marketVersionAt(event: FlushEvent, asOfMs: number, barMinutes: number): Checkpoint {
  return latestCheckpoint(event, asOfMs, barMinutes) ?? '1h';
}

function meanFunding(bars: MarketSeries['bars']): number | null {
  const rates = bars.map((b) => b.fundingRate8h).filter((r): r is number => r !== null);
  return rates.length === 0 ? null : rates.reduce((a, b) => a + b, 0) / rates.length;
}

/**
 * Compares the day with every earlier 24 hours of the series that ended before it began (sliding
 * bar by bar): the latest one with at least as much liquidated, if any; failing that, with every
 * earlier 24 clock hours of the stored history and the series ({@link largerInHours}).
 */
function rankOfDay(
  bars: readonly MarketWideBar[],
  day: { fromMs: number; totalUsd: number },
  barMs: number,
  history: readonly MarketHour[],
): MarketFacts['rank'] {
  const stored = history.filter((h) => h.hourMs + HOUR_MS <= day.fromMs);
  const firstMs = Math.min(bars[0]?.openTimeMs ?? day.fromMs, stored[0]?.hourMs ?? day.fromMs);
  const earlier = bars.filter((b) => b.openTimeMs < day.fromMs);
  const perDay = Math.round(DAY_MS / barMs);
  let largerBefore: MarketFacts['rank']['largerBefore'] = null;
  slidingTotals(earlier, perDay, (totalUsd, _firstIndex, lastIndex) => {
    const last = earlier[lastIndex];
    if (last && lastIndex + 1 >= perDay && totalUsd >= day.totalUsd)
      largerBefore = { endMs: last.openTimeMs + barMs, totalUsd };
  });
  if (largerBefore === null && stored.length > 0)
    largerBefore = largerInHours(hourlyTotals(stored, earlier, day.fromMs), day.totalUsd);
  return { historyDays: Math.floor((day.fromMs - firstMs) / DAY_MS), largerBefore };
}

/**
 * Liquidations per clock hour that closed by `toMs`: the stored history's hours, and the
 * series' bars summed by hour where the history has none.
 */
function hourlyTotals(
  stored: readonly MarketHour[],
  bars: readonly MarketWideBar[],
  toMs: number,
): Map<number, number> {
  const totals = new Map(stored.map((h) => [h.hourMs, h.longUsd + h.shortUsd]));
  const fromBars = new Map<number, number>();
  for (const bar of bars) {
    const hourMs = Math.floor(bar.openTimeMs / HOUR_MS) * HOUR_MS;
    if (hourMs + HOUR_MS <= toMs)
      fromBars.set(hourMs, (fromBars.get(hourMs) ?? 0) + liquidatedOf(bar));
  }
  for (const [hourMs, usd] of fromBars) if (!totals.has(hourMs)) totals.set(hourMs, usd);
  return totals;
}

/**
 * The latest 24 clock hours with at least `totalUsd` liquidated, by the hours known (an hour
 * not collected adds nothing, so a window found holds at least that much).
 */
function largerInHours(
  totals: ReadonlyMap<number, number>,
  totalUsd: number,
): MarketFacts['rank']['largerBefore'] {
  const hours = [...totals.keys()].sort((a, b) => a - b);
  let running = 0;
  let first = 0;
  let found: MarketFacts['rank']['largerBefore'] = null;
  for (const hourMs of hours) {
    running += totals.get(hourMs) ?? 0;
    while ((hours[first] ?? hourMs) <= hourMs - DAY_MS) {
      running -= totals.get(hours[first] ?? 0) ?? 0;
      first += 1;
    }
    if (running >= totalUsd) found = { endMs: hourMs + HOUR_MS, totalUsd: running };
  }
  return found;
}

/**
 * When the story's version before this one was read: the flash's own time (`flashAsOfMs`, or
 * its checkpoint) before the first follow-up, the checkpoint before otherwise; null for the flash.
 */
function previousVersionAsOfMs(input: MarketFactsInput): number | null {
  const { event } = input.flush;
  const barMinutes = input.market.series.barMinutes;
  const version = latestCheckpoint(event, input.asOfMs, barMinutes);
  const before = version === null ? null : checkpointBefore(version);
  if (before === null) return null;
  return before === '1h'
    ? (input.flashAsOfMs ?? checkpointAsOfMs(event, '1h', barMinutes))
    : checkpointAsOfMs(event, before, barMinutes);
}

function majorOf(
  coin: string,
  input: MarketFactsInput,
  dayBars: readonly MarketWideBar[],
): MarketMajor[] {
  const { market, flush, asOfMs } = input;
  const coinSeries = market.series.coinSeries.find((s) => s.asset === coin);
  const first = coinSeries?.bars.find((b) => b.openTimeMs >= flush.event.startMs);
  const last = coinSeries?.bars.at(-1);
  if (!coinSeries || !first || !last) return [];
  const own = ownFlush(market, coin, flush, coinSeries.barMinutes * MINUTE_MS);
  const liqDayUsd = dayBars.reduce(
    (sum, b) => sum + (b.byCoin[coin]?.longUsd ?? 0) + (b.byCoin[coin]?.shortUsd ?? 0),
    0,
  );
  if (!own) {
    return [
      {
        coin,
        liqTotalUsd: liqDayUsd,
        liqDayUsd,
        flushed: false,
        reading: null,
        firstReadingMs: null,
        priceBefore: first.open,
        extremePrice: null,
        priceNow: last.close,
      },
    ];
  }
  const checkpoint = latestCheckpoint(own, asOfMs, coinSeries.barMinutes);
  const readAt = (at: Checkpoint | null) =>
    at === null || own.side === 'two-sided'
      ? null
      : classifyRegime(coinSeries, own, at, input.regime);
  const assessment = readAt(checkpoint);
  // What the story's version before this one published for the coin: the coin's own checkpoint
  // before may have come after it (BTC's 1h at 23:50, after the 23:20 market flash), and a
  // reader was never told it; then this reading is the coin's first in the story.
  const previousVersionMs = previousVersionAsOfMs(input);
  const previous =
    previousVersionMs === null
      ? null
      : latestCheckpoint(own, previousVersionMs, coinSeries.barMinutes);
  return [
    {
      coin,
      liqTotalUsd: own.liqTotalUsd,
      liqDayUsd,
      flushed: true,
      reading: assessment
        ? {
            label: assessment.label,
            checkpoint: assessment.checkpoint,
            confidence: assessment.confidence,
            previousLabel:
              previous === checkpoint ? assessment.label : (readAt(previous)?.label ?? null),
            previousCheckpoint: previous,
          }
        : null,
      firstReadingMs: checkpointAsOfMs(own, '1h', coinSeries.barMinutes),
      priceBefore: own.priceBefore,
      extremePrice: own.extremePrice,
      priceNow: last.close,
    },
  ];
}
