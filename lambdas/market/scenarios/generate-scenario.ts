import { buildScenarioSnapshots } from './build-scenario-snapshots.ts';
import { marketProfile, SIM_VENUES } from './market-profile.ts';
import { createPrng } from './prng.ts';
import { resolvePlan } from './resolve-plan.ts';
import {
  DEFAULT_SCENARIO_FLUSH_AT_MS,
  type Scenario,
  type ScenarioName,
} from './scenario-catalog.ts';
import { simulateMarketPath } from './simulate-market-path.ts';

/** Options of {@link generateScenario}. */
export interface GenerateScenarioOptions {
  /** PRNG seed; the same seed gives byte-identical snapshots. Default 1. */
  seed?: number;
  /** Asset ticker; BTC, ETH and SOL have realistic scales, others a generic one. Default BTC. */
  asset?: string;
  /** Start of the flush cascade (epoch ms); default {@link DEFAULT_SCENARIO_FLUSH_AT_MS}. */
  flushAtMs?: number;
}

/**
 * Generates a deterministic simulated market (`simulated: true` snapshots on
 * binanceusdm, bybit, okx and hyperliquid) with ten calm days, a flush cascade
 * starting at `flushAtMs`, and 27 hours after it (75 for plans read at 72h too), shaped so that the analysis
 * finds the scenario's expected flush and regime label.
 * @example generateScenario('long-flush-reclaim', { seed: 7 }).snapshots.length // 3218
 */
export function generateScenario(
  name: ScenarioName,
  options: GenerateScenarioOptions = {},
): Scenario {
  const asset = options.asset ?? 'BTC';
  const plan = resolvePlan(name);
  const rng = createPrng(options.seed ?? 1);
  const profile = marketProfile(asset);
  const path = simulateMarketPath(
    plan,
    profile,
    options.flushAtMs ?? DEFAULT_SCENARIO_FLUSH_AT_MS,
    rng,
  );
  const snapshots = buildScenarioSnapshots(path.bars, {
    asset,
    venues: SIM_VENUES,
    failure: plan.failedVenue
      ? { venue: plan.failedVenue, fromIndex: path.postStartIndex }
      : undefined,
    rng,
    priceDigits: profile.price >= 1000 ? 1 : profile.price >= 1 ? 4 : 6,
  });
  const side = plan.cascade === 'none' ? undefined : plan.cascade;
  return {
    name,
    description: plan.description,
    asset,
    expected: {
      flush: plan.cascade !== 'none',
      side,
      label: plan.label,
      labels: {
        ...(plan.label === undefined ? {} : { '24h': plan.label }),
        ...(plan.label72h === undefined ? {} : { '72h': plan.label72h }),
      },
    },
    configuredVenues: SIM_VENUES.map((v) => v.id),
    snapshots,
  };
}
