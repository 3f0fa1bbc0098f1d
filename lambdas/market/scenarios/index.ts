export { type GenerateScenarioOptions, generateScenario } from './generate-scenario.ts';
export {
  DEFAULT_SAMPLE_SCENARIO,
  DEFAULT_SCENARIO_FLUSH_AT_MS,
  SCENARIO_NAMES,
  type Scenario,
  type ScenarioName,
} from './scenario-catalog.ts';
