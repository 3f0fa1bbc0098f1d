import type { Snapshot } from '../../model/index.ts';
import { generateScenario } from './generate-scenario.ts';
import { SIM_VENUES } from './market-profile.ts';
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
  options: { seed?: number; flushAtMs?: number; coins?: readonly MarketCoinPlan[] } = {},
): MarketScenario {
  const seed = options.seed ?? 1;
  const plans = options.coins ?? MARKET_WIPEOUT_COINS;
  const coinScenarios = plans.map(({ coin, plan }, index) =>
    generateScenario(plan, {
      asset: coin,
      seed: seed * 100 + index,
      flushAtMs: options.flushAtMs ?? DEFAULT_SCENARIO_FLUSH_AT_MS,
    }),
  );
  return {
    name: 'market-wipeout',
    description: `A market-wide long wipeout: ${plans.filter((p) => p.plan !== 'calm').length} of ${plans.length} coins flushed at once on four venues.`,
    coins: plans.map((p) => p.coin),
    configuredVenues: SIM_VENUES.map((v) => v.id),
    snapshots: mergeTicks(coinScenarios.map((s) => s.snapshots)),
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
