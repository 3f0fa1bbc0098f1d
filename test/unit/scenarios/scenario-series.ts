import { buildMarketSeries } from '../../../lambdas/analysis/index.ts';
import {
  generateScenario,
  type Scenario,
  type ScenarioName,
} from '../../../lambdas/market/scenarios/index.ts';
import type { MarketSeries } from '../../../lambdas/model/index.ts';

const cache = new Map<ScenarioName, { scenario: Scenario; series: MarketSeries }>();

/** A scenario (default seed) and its series, built once per test file. */
export function scenarioSeries(name: ScenarioName): { scenario: Scenario; series: MarketSeries } {
  const cached = cache.get(name);
  if (cached) return cached;
  const scenario = generateScenario(name);
  const series = buildMarketSeries(scenario.snapshots, scenario.asset, {
    configuredVenues: scenario.configuredVenues,
  });
  const built = { scenario, series };
  cache.set(name, built);
  return built;
}
