import {
  type LargestLiquidation,
  MAX_LARGEST_LIQUIDATIONS,
  type MarketDerivatives,
  type MarketLiquidations,
  type Snapshot,
  type VenueSnapshot,
} from '../../model/index.ts';
import { generateScenario } from './generate-scenario.ts';
import { SIM_VENUES } from './market-profile.ts';
import { createPrng, type Prng } from './prng.ts';
import {
  DEFAULT_SCENARIO_FLUSH_AT_MS,
  type Scenario,
  type ScenarioName,
} from './scenario-catalog.ts';

/** One coin of the simulated market and the plan it follows through the wipeout. */
export interface MarketCoinPlan {
  coin: string;
  plan: ScenarioName;
}

/**
 * The simulated market-wide wipeout (DESIGN.md §4 "The whole market"): twelve coins on the four
 * simulated venues, ten of them flushed together at the same moment and two calm through it,
 * each reading its own aftermath, so the report has a breadth to count and coins to tell apart.
 */
export const MARKET_WIPEOUT_COINS: readonly MarketCoinPlan[] = [
  { coin: 'BTC', plan: 'long-flush-reclaim' },
  { coin: 'ETH', plan: 'long-flush-stabilizing' },
  { coin: 'SOL', plan: 'long-flush-grind-lower' },
  { coin: 'XRP', plan: 'long-flush-reclaim' },
  { coin: 'DOGE', plan: 'long-flush-grind-lower' },
  { coin: 'HYPE', plan: 'long-flush-shorts-trapped' },
  { coin: 'BNB', plan: 'calm' },
  { coin: 'SUI', plan: 'long-flush-releveraging' },
  { coin: 'ADA', plan: 'long-flush-stabilizing' },
  { coin: 'LINK', plan: 'long-flush-reclaim' },
  { coin: 'AVAX', plan: 'calm' },
  { coin: 'LTC', plan: 'long-flush-stabilizing' },
];

/**
 * Coins beyond the covered ones that the simulated venues' all-market feeds carry (DESIGN.md §4):
 * their liquidations and the bulk open interest and funding, as a live tick keeps them, with no
 * bars read.
 */
export const MARKET_WIPEOUT_LONG_TAIL: readonly MarketCoinPlan[] = [
  { coin: 'PEPE', plan: 'long-flush-grind-lower' },
  { coin: 'WIF', plan: 'long-flush-reclaim' },
  { coin: 'TRX', plan: 'calm' },
  { coin: 'TON', plan: 'long-flush-stabilizing' },
  { coin: 'NEAR', plan: 'long-flush-reclaim' },
  { coin: 'APT', plan: 'long-flush-stabilizing' },
];

/**
 * Symbols the simulated Bybit listens to (its `allLiquidation` topic is per symbol), and the top N
 * coins each simulated venue reads open interest and funding for.
 */
const SIM_TOP_N = 30;

/** A simulated market of many coins: one snapshot per tick holding every coin, as a live tick does. */
export interface MarketScenario {
  name: 'market-wipeout';
  description: string;
  coins: string[];
  configuredVenues: string[];
  /** Every tick, all coins' instruments merged into one snapshot per venue. */
  snapshots: Snapshot[];
  /** Each coin's own scenario, with what the analysis is expected to find in it. */
  coinScenarios: Scenario[];
  expected: { flush: true; side: 'long'; coinsInFlush: string[] };
}

/**
 * Generates {@link MARKET_WIPEOUT_COINS} deterministically: each coin is its scenario plan on its
 * own market scale and random stream (seed × 100 + its place), all cascading at `flushAtMs`,
 * then merged tick by tick.
 * @example generateMarketScenario({ seed: 1 }).coins.length // 12
 */
export function generateMarketScenario(
  options: {
    seed?: number;
    flushAtMs?: number;
    coins?: readonly MarketCoinPlan[];
    /** Coins only the all-market feeds carry; default: {@link MARKET_WIPEOUT_LONG_TAIL} with the default coins, none with given ones. */
    longTail?: readonly MarketCoinPlan[];
  } = {},
): MarketScenario {
  const seed = options.seed ?? 1;
  const plans = options.coins ?? MARKET_WIPEOUT_COINS;
  const longTail =
    options.longTail ?? (options.coins === undefined ? MARKET_WIPEOUT_LONG_TAIL : []);
  const generate = (list: readonly MarketCoinPlan[], offset: number) =>
    list.map(({ coin, plan }, index) =>
      generateScenario(plan, {
        asset: coin,
        seed: seed * 100 + offset + index,
        flushAtMs: options.flushAtMs ?? DEFAULT_SCENARIO_FLUSH_AT_MS,
      }),
    );
  const coinScenarios = generate(plans, 0);
  const tailScenarios = generate(longTail, plans.length);
  const merged = mergeTicks(coinScenarios.map((s) => s.snapshots));
  const snapshots =
    longTail.length === 0
      ? merged
      : withMarketFeeds(merged, mergeTicks(tailScenarios.map((s) => s.snapshots)), seed);
  return {
    name: 'market-wipeout',
    description: `A market-wide long wipeout: ${plans.filter((p) => p.plan !== 'calm').length} of ${plans.length} coins flushed at once on four venues${longTail.length > 0 ? `, with ${longTail.length} more coins on the all-market feeds` : ''}.`,
    coins: plans.map((p) => p.coin),
    configuredVenues: SIM_VENUES.map((v) => v.id),
    snapshots,
    coinScenarios,
    expected: {
      flush: true,
      side: 'long',
      coinsInFlush: plans.filter((p) => p.plan !== 'calm').map((p) => p.coin),
    },
  };
}

/** Merges per-coin snapshot streams into one snapshot per tick time, venue by venue. */
function mergeTicks(streams: ReadonlyArray<readonly Snapshot[]>): Snapshot[] {
  const byTime = new Map<string, Snapshot>();
  for (const stream of streams)
    for (const snapshot of stream) {
      const known = byTime.get(snapshot.takenAt);
      if (!known) {
        byTime.set(snapshot.takenAt, {
          ...snapshot,
          venues: snapshot.venues.map((v) => ({ ...v, instruments: [...v.instruments] })),
        });
        continue;
      }
      for (const venue of snapshot.venues) {
        const into = known.venues.find((v) => v.venue === venue.venue);
        if (!into) known.venues.push({ ...venue, instruments: [...venue.instruments] });
        else {
          into.instruments.push(...venue.instruments);
          if (venue.status !== 'ok' && into.status === 'ok') into.status = 'partial';
        }
      }
    }
  return [...byTime.values()].sort((a, b) => a.takenAt.localeCompare(b.takenAt));
}

/**
 * Adds what a live tick listening to the whole market keeps (DESIGN.md §4): each fed venue's
 * long-tail coins (their liquidations, not their instruments) and its largest single orders, and
 * every venue's bulk open interest and funding of the long tail. A
 * simulated bucket has no orders, so each is given one largest order of 5–30 % of its side's
 * total, at the bar's close: simulated figures, labelled as such with the rest of the scenario.
 */
function withMarketFeeds(covered: Snapshot[], tail: readonly Snapshot[], seed: number): Snapshot[] {
  const tailAt = new Map(tail.map((s) => [s.takenAt, s]));
  const rng = createPrng(seed * 7919 + 17);
  return covered.map((snapshot) => {
    const extra = tailAt.get(snapshot.takenAt);
    return {
      ...snapshot,
      venues: snapshot.venues.map((venue) => {
        if (venue.status === 'failed') return venue;
        const tailVenue = extra?.venues.find((v) => v.venue === venue.venue);
        const withDerivatives = { ...venue, marketDerivatives: derivativesPart(venue, tailVenue) };
        if (venue.liquidationFeed === 'none') return withDerivatives;
        return { ...withDerivatives, marketLiquidations: marketPart(venue, tailVenue, rng) };
      }),
    };
  });
}

// The bulk open interest and funding a live tick reads of the venue's top coins: here the long
// tail's simulated instruments, as a venue's bulk answers would give them.
function derivativesPart(venue: VenueSnapshot, tail: VenueSnapshot | undefined): MarketDerivatives {
  const coins = (tail?.instruments ?? []).flatMap((i) =>
    i.openInterest === null || i.funding === null || i.markPrice === null
      ? []
      : [
          {
            coin: i.asset,
            symbol: i.symbol,
            openInterestUsd: i.openInterest.usd,
            fundingRate: i.funding.rate,
            fundingIntervalHours: i.funding.intervalHours,
            markPrice: i.markPrice,
            indexPrice: i.indexPrice,
          },
        ],
  );
  return {
    // Binance publishes no open interest in bulk: its top N are ranked by 24-hour volume.
    ranking: venue.venue === 'binanceusdm' ? 'volume-24h' : 'open-interest',
    topN: SIM_TOP_N,
    coins: coins.sort((a, b) => b.openInterestUsd - a.openInterestUsd),
    excluded: [],
  };
}

function marketPart(
  venue: VenueSnapshot,
  tail: VenueSnapshot | undefined,
  rng: Prng,
): MarketLiquidations {
  const largest: LargestLiquidation[] = [];
  for (const instrument of [...venue.instruments, ...(tail?.instruments ?? [])])
    for (const bucket of instrument.liquidations) {
      const close =
        instrument.perpBars.find((b) => b.openTimeMs === bucket.openTimeMs)?.close ??
        instrument.markPrice;
      if (close === null || close === undefined || close <= 0) continue;
      for (const side of ['long', 'short'] as const) {
        const sideUsd = side === 'long' ? bucket.longUsd : bucket.shortUsd;
        const count = side === 'long' ? bucket.longCount : bucket.shortCount;
        if (sideUsd <= 0 || count === 0) continue;
        const usd = count === 1 ? sideUsd : sideUsd * (0.05 + 0.25 * rng.uniform());
        largest.push({
          coin: instrument.asset,
          symbol: instrument.symbol,
          side,
          usd,
          price: close,
          timeMs: bucket.openTimeMs + Math.floor(rng.uniform() * 300) * 1000,
        });
      }
    }
  largest.sort((a, b) => b.usd - a.usd);
  return {
    scope: venue.venue === 'bybit' ? SIM_TOP_N : 'all',
    coins: (tail?.instruments ?? [])
      .filter((i) => i.liquidations.length > 0)
      .map((i) => ({ coin: i.asset, symbols: [i.symbol], liquidations: i.liquidations })),
    largest: largest.slice(0, MAX_LARGEST_LIQUIDATIONS),
    unmapped: [],
    capped: false,
  };
}
