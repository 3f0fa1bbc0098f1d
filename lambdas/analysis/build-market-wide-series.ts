import { InsufficientDataError } from '../errors.ts';
import type {
  CoinBarShare,
  ExcludedCoin,
  LiquidationFeedClass,
  MarketBeyond,
  MarketSeries,
  MarketWideBar,
  MarketWideSeries,
  SeriesBar,
} from '../model/index.ts';
import { MARKET_ASSET } from '../model/index.ts';
import { sumOrNull } from './aggregate-series-bar.ts';
import { findSeriesGaps } from './build-market-series.ts';
import { liquidationsAreLowerBound } from './find-unwatched-liquidations.ts';
import { ratioText } from './gates/ratio-text.ts';

/**
 * A coin whose typical open interest is more than this many times that of every other coin
 * together is a misreading, not a market: BTC, the largest, holds about as much as the rest.
 */
export const MAX_COIN_OI_SHARE_FACTOR = 5;

/** Fewest other coins before one coin's open interest can be judged against theirs. */
const MIN_COINS_TO_COMPARE = 2;

const FEED_STRENGTH: Record<LiquidationFeedClass, number> = { none: 0, throttled: 1, complete: 2 };

/**
 * Adds per-coin series up into the whole market (DESIGN.md §4 "The whole market"): per bar the
 * coins' long and short liquidations, the open interest of the coins that reported it, per-coin
 * and per-venue breakdowns and an OI-weighted price index. Bars are aligned on open time; a coin
 * without a bar at a time is simply not counted then (`coinsReporting` says how many were).
 *
 * A coin with absurd values is left out and named in `excludedCoins`: its liquidations in one bar
 * above its whole open interest, or a typical open interest more than
 * {@link MAX_COIN_OI_SHARE_FACTOR} times all other coins' together. Breadth starts at 0; the
 * market flush detector fills it in from each coin's own flushes.
 *
 * `beyond` (the feeds' other coins, see {@link readMarketBeyond}) is added into the bars' totals,
 * `byCoin` and `byVenue` where the covered coins have a bar, never into `asAsset`.
 * @throws InsufficientDataError when no series is given, bar sizes differ or every coin is excluded.
 * @example buildMarketWideSeries([btc, eth, sol]).bars.at(-1)?.liqLongUsd // sum of the three
 */
export function buildMarketWideSeries(
  coinSeries: readonly MarketSeries[],
  beyond: MarketBeyond | null = null,
): MarketWideSeries {
  if (coinSeries.length === 0) throw new InsufficientDataError('No coin series for the market.');
  const barMinutes = coinSeries[0]?.barMinutes ?? 0;
  const mixed = coinSeries.find((s) => s.barMinutes !== barMinutes);
  if (mixed)
    throw new InsufficientDataError(
      `Coin series mix bar sizes (${mixed.asset} has ${mixed.barMinutes} minutes, ${coinSeries[0]?.asset} ${barMinutes}); build the market from one bar size.`,
    );
  const excludedCoins = findAbsurdCoins(coinSeries);
  const kept = coinSeries.filter((s) => !excludedCoins.some((e) => e.coin === s.asset));
  if (kept.length === 0)
    throw new InsufficientDataError(
      `Every coin was left out of the market: ${excludedCoins.map((e) => `${e.coin} (${e.reason})`).join('; ')}.`,
    );
  const coins = [...kept].sort((a, b) => typicalOiUsd(b) - typicalOiUsd(a)).map((s) => s.asset);
  const ordered = coins.map((coin) => kept.find((s) => s.asset === coin) as MarketSeries);
  const byTime = barsByOpenTime(ordered);
  const bars: MarketWideBar[] = [];
  const indexBars: SeriesBar[] = [];
  const index = new MarketIndex();
  const excluded = new Set(excludedCoins.map((e) => e.coin));
  const beyondAt = new Map((beyond?.bars ?? []).map((b) => [b.openTimeMs, b]));
  for (const [openTimeMs, coinBars] of byTime) {
    bars.push(addBeyond(marketBar(openTimeMs, coinBars), beyondAt.get(openTimeMs), excluded));
    indexBars.push(index.next(openTimeMs, coinBars));
  }
  const range = { fromMs: bars[0]?.openTimeMs ?? 0, toMs: (bars.at(-1)?.openTimeMs ?? 0) + 1 };
  const venues = [...new Set(kept.flatMap((s) => s.venues))].sort();
  const liquidationFeeds = weakestFeeds(kept);
  const simulated = kept.some((s) => s.simulated);
  return {
    barMinutes,
    simulated,
    coins,
    venues,
    liquidationFeeds,
    liqIsLowerBound:
      kept.some((s) => liquidationsAreLowerBound(s, range)) ||
      (beyond?.cappedVenues.length ?? 0) > 0,
    excludedCoins,
    beyond,
    bars,
    coinSeries: ordered,
    asAsset: {
      asset: MARKET_ASSET,
      barMinutes,
      simulated,
      venues,
      missingVenues: [...new Set(kept.flatMap((s) => s.missingVenues))].sort(),
      liquidationFeeds,
      liquidationsEstimated: kept.every((s) => s.liquidationsEstimated),
      bars: indexBars,
      gaps: findSeriesGaps(
        indexBars.map((b) => b.openTimeMs),
        barMinutes * 60_000,
      ),
      // One venue's stream serves every coin: a drop shows once, not once per coin.
      unwatchedLiquidations: [
        ...new Map(
          kept
            .flatMap((s) => s.unwatchedLiquidations)
            .map((u) => [`${u.venue} ${u.fromMs} ${u.toMs}`, u] as const),
        ).values(),
      ].sort((a, b) => a.fromMs - b.fromMs),
      excludedInputs: [],
    },
  };
}

/** Median of a coin's open interest in USD over its bars (0 without any). */
function typicalOiUsd(series: MarketSeries): number {
  const values = series.bars
    .map((b) => b.oiUsd)
    .filter((v): v is number => v !== null && Number.isFinite(v))
    .sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? 0;
}

function findAbsurdCoins(coinSeries: readonly MarketSeries[]): ExcludedCoin[] {
  const excluded: ExcludedCoin[] = [];
  for (const series of coinSeries) {
    const over = series.bars.find(
      (b) =>
        b.oiUsd !== null && b.oiUsd > 0 && (b.liqLongUsd ?? 0) + (b.liqShortUsd ?? 0) > b.oiUsd,
    );
    if (over) {
      const liq = (over.liqLongUsd ?? 0) + (over.liqShortUsd ?? 0);
      excluded.push({
        coin: series.asset,
        reason: `its liquidations in the bar of ${new Date(over.openTimeMs).toISOString().slice(0, 16)} UTC read ${ratioText(liq, over.oiUsd ?? 1)} its whole open interest`,
      });
    }
  }
  const typical = new Map(coinSeries.map((s) => [s.asset, typicalOiUsd(s)]));
  for (const series of coinSeries) {
    if (excluded.some((e) => e.coin === series.asset)) continue;
    const others = coinSeries.filter(
      (s) => s.asset !== series.asset && !excluded.some((e) => e.coin === s.asset),
    );
    if (others.length < MIN_COINS_TO_COMPARE) continue;
    const own = typical.get(series.asset) ?? 0;
    const rest = others.reduce((sum, s) => sum + (typical.get(s.asset) ?? 0), 0);
    if (rest > 0 && own > MAX_COIN_OI_SHARE_FACTOR * rest)
      excluded.push({
        coin: series.asset,
        reason: `its open interest read ${ratioText(own, rest)} that of all other coins together`,
      });
  }
  return excluded;
}

function barsByOpenTime(series: readonly MarketSeries[]): Map<number, Map<string, SeriesBar>> {
  const byTime = new Map<number, Map<string, SeriesBar>>();
  for (const s of series)
    for (const bar of s.bars) {
      const at = byTime.get(bar.openTimeMs) ?? new Map<string, SeriesBar>();
      at.set(s.asset, bar);
      byTime.set(bar.openTimeMs, at);
    }
  return new Map([...byTime].sort((a, b) => a[0] - b[0]));
}

/**
 * The market read as one asset, bar after bar (see {@link MarketWideSeries.asAsset}): the price
 * index chained from each coin's log return, weighted by its OI in USD at the previous close.
 */
class MarketIndex {
  private close = 100;
  private readonly previous = new Map<string, SeriesBar>();
  private readonly firstClose = new Map<string, number>();

  public next(openTimeMs: number, coinBars: ReadonlyMap<string, SeriesBar>): SeriesBar {
    const open = this.close;
    const returns = new Weighted();
    const highs = new Weighted();
    const lows = new Weighted();
    for (const [coin, bar] of coinBars) {
      const before = this.previous.get(coin);
      if (!this.firstClose.has(coin)) this.firstClose.set(coin, bar.close);
      const weight = before?.oiUsd ?? bar.oiUsd ?? 0;
      if (before) returns.add(Math.log(bar.close / before.close), weight);
      highs.add(Math.log(bar.high / bar.close), weight);
      lows.add(Math.log(bar.low / bar.close), weight);
    }
    const close = open * Math.exp(returns.mean() ?? 0);
    const high = Math.max(open, close, close * Math.exp(highs.mean() ?? 0));
    const low = Math.min(open, close, close * Math.exp(lows.mean() ?? 0));
    for (const [coin, bar] of coinBars) this.previous.set(coin, bar);
    this.close = close;
    const all = [...coinBars.values()];
    const oiWeighted = (pick: (b: SeriesBar) => number | null) => {
      const mean = new Weighted();
      for (const b of all) {
        const value = pick(b);
        if (value !== null) mean.add(value, b.oiUsd ?? 0);
      }
      return mean.mean();
    };
    return {
      openTimeMs,
      open,
      high,
      low,
      close,
      oiBase: sumOrNull(
        [...coinBars].map(([coin, b]) =>
          b.oiBase === null ? null : (b.oiBase * (this.firstClose.get(coin) ?? b.close)) / 100,
        ),
      ),
      oiUsd: sumOrNull(all.map((b) => b.oiUsd)),
      // Like oiUsd, but unknown when a coin with open interest does not say its fed venues' part.
      fedOiUsd: all.some((b) => b.oiUsd !== null && b.fedOiUsd === null)
        ? null
        : sumOrNull(all.map((b) => b.fedOiUsd)),
      fundingRate8h: oiWeighted((b) => b.fundingRate8h),
      premium: oiWeighted((b) => b.premium),
      perpVolumeUsd: sumOrNull(all.map((b) => b.perpVolumeUsd)),
      spotVolumeUsd: sumOrNull(all.map((b) => b.spotVolumeUsd)),
      perpTakerDeltaUsd: sumOrNull(all.map((b) => b.perpTakerDeltaUsd)),
      spotTakerDeltaUsd: sumOrNull(all.map((b) => b.spotTakerDeltaUsd)),
      liqLongUsd: sumOrNull(all.map((b) => b.liqLongUsd)),
      liqShortUsd: sumOrNull(all.map((b) => b.liqShortUsd)),
      liqByVenue: sumByVenue(all),
      coverage: oiWeighted((b) => b.coverage) ?? 0,
    };
  }
}

/** A mean weighted by OI; the plain mean where no value has a weight; null without values. */
class Weighted {
  private weighted = 0;
  private weights = 0;
  private plain = 0;
  private count = 0;

  public add(value: number, weight: number): void {
    if (!Number.isFinite(value)) return;
    this.plain += value;
    this.count += 1;
    if (weight > 0) {
      this.weighted += value * weight;
      this.weights += weight;
    }
  }

  public mean(): number | null {
    if (this.count === 0) return null;
    return this.weights > 0 ? this.weighted / this.weights : this.plain / this.count;
  }
}

function sumByVenue(
  bars: readonly SeriesBar[],
): Record<string, { longUsd: number; shortUsd: number }> {
  const byVenue: Record<string, { longUsd: number; shortUsd: number }> = {};
  for (const bar of bars)
    for (const [venue, v] of Object.entries(bar.liqByVenue)) {
      const sum = byVenue[venue] ?? { longUsd: 0, shortUsd: 0 };
      sum.longUsd += v.longUsd;
      sum.shortUsd += v.shortUsd;
      byVenue[venue] = sum;
    }
  return byVenue;
}

function marketBar(openTimeMs: number, coinBars: ReadonlyMap<string, SeriesBar>): MarketWideBar {
  const byCoin: Record<string, CoinBarShare> = {};
  let liqLongUsd = 0;
  let liqShortUsd = 0;
  for (const [coin, bar] of coinBars) {
    const share = {
      longUsd: bar.liqLongUsd ?? 0,
      shortUsd: bar.liqShortUsd ?? 0,
      oiUsd: bar.oiUsd,
    };
    byCoin[coin] = share;
    liqLongUsd += share.longUsd;
    liqShortUsd += share.shortUsd;
  }
  const all = [...coinBars.values()];
  return {
    openTimeMs,
    liqLongUsd,
    liqShortUsd,
    oiUsd: sumOrNull(all.map((b) => b.oiUsd)),
    coinsReporting: coinBars.size,
    breadth: 0,
    byCoin,
    byVenue: sumByVenue(all),
  };
}

// The feeds' other coins join the bar: a coin also covered (an inverse perp, a venue whose
// instrument read failed) adds to its share, a coin left out as absurd stays out.
function addBeyond(
  bar: MarketWideBar,
  beyond: MarketBeyond['bars'][number] | undefined,
  excluded: ReadonlySet<string>,
): MarketWideBar {
  if (beyond === undefined) return bar;
  const byCoin = { ...bar.byCoin };
  const byVenue = { ...bar.byVenue };
  let { liqLongUsd, liqShortUsd } = bar;
  for (const [coin, venues] of Object.entries(beyond.byCoin)) {
    if (excluded.has(coin)) continue;
    for (const [venue, part] of Object.entries(venues)) {
      const share = byCoin[coin] ?? { longUsd: 0, shortUsd: 0, oiUsd: null };
      byCoin[coin] = {
        ...share,
        longUsd: share.longUsd + part.longUsd,
        shortUsd: share.shortUsd + part.shortUsd,
      };
      const own = byVenue[venue] ?? { longUsd: 0, shortUsd: 0 };
      byVenue[venue] = {
        longUsd: own.longUsd + part.longUsd,
        shortUsd: own.shortUsd + part.shortUsd,
      };
      liqLongUsd += part.longUsd;
      liqShortUsd += part.shortUsd;
    }
  }
  return { ...bar, liqLongUsd, liqShortUsd, byCoin, byVenue };
}

function weakestFeeds(series: readonly MarketSeries[]): Record<string, LiquidationFeedClass> {
  const feeds: Record<string, LiquidationFeedClass> = {};
  for (const s of series)
    for (const [venue, feed] of Object.entries(s.liquidationFeeds)) {
      const known = feeds[venue];
      if (known === undefined || FEED_STRENGTH[feed] < FEED_STRENGTH[known]) feeds[venue] = feed;
    }
  return feeds;
}
