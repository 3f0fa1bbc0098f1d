export { type GenerateScenarioOptions, generateScenario } from './generate-scenario.ts';
export {
  generateMarketScenario,
  MARKET_WIPEOUT_COINS,
  type MarketCoinPlan,
  type MarketScenario,
} from './market-scenario.ts';
export {
  DEFAULT_SAMPLE_SCENARIO,
  DEFAULT_SCENARIO_FLUSH_AT_MS,
  SCENARIO_NAMES,
  type Scenario,
  type ScenarioName,
} from './scenario-catalog.ts';
