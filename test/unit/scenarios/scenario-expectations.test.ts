import { describe, expect, it } from 'vitest';
import {
  buildMarketSeries,
  classifyRegime,
  detectFlushes,
} from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import {
  generateScenario,
  SCENARIO_NAMES,
  type ScenarioName,
} from '../../../lambdas/market/scenarios/index.ts';
import type { Checkpoint } from '../../../lambdas/model/index.ts';
import { scenarioSeries } from './scenario-series.ts';

const { detector, regime } = configSchema.parse({});
const flushScenarios = SCENARIO_NAMES.filter(
  (name) => scenarioSeries(name).scenario.expected.label,
);

describe('scenario expectations', () => {
  it.each(SCENARIO_NAMES)(
    '%s: the detector finds exactly the expected flush',
    (name: ScenarioName) => {
      const { scenario, series } = scenarioSeries(name);
      const flushes = detectFlushes(series, detector);
      if (!scenario.expected.flush) {
        expect(flushes, 'a calm market has no flush').toEqual([]);
        return;
      }
      expect(flushes.map((f) => f.side)).toEqual([scenario.expected.side]);
    },
  );

  it.each(flushScenarios)(
    '%s: the reading at each checkpoint is the expected one',
    (name: ScenarioName) => {
      const { scenario, series } = scenarioSeries(name);
      const [flush] = detectFlushes(series, detector);
      if (flush === undefined) throw new Error(`${name}: no flush detected`);
      for (const [checkpoint, label] of Object.entries(scenario.expected.labels)) {
        const assessment = classifyRegime(series, flush, checkpoint as Checkpoint, regime);
        expect(
          assessment.label,
          `${checkpoint}: ${assessment.evidence.map((e) => `${e.ruleId}:${e.status}`).join(' ')}`,
        ).toBe(label);
        expect(assessment.candidates[0]).toBe(label);
      }
    },
  );

  it('has a path for every reading on both sides', () => {
    const readings = new Set(
      SCENARIO_NAMES.flatMap((name) =>
        Object.values(scenarioSeries(name).scenario.expected.labels),
      ),
    );
    expect([...readings].sort()).toEqual(
      [
        'failed-reclaim',
        'failed-rejection',
        'grind-higher',
        'grind-lower',
        'longs-trapped',
        'reclaim',
        'rejection',
        'releveraging-risk',
        'shorts-trapped',
        'stabilizing',
      ].sort(),
    );
  });

  it.each([
    { seed: 2, asset: 'BTC' },
    { seed: 3, asset: 'ETH' },
  ])('holds for seed $seed on $asset too', ({ seed, asset }) => {
    for (const name of SCENARIO_NAMES) {
      const scenario = generateScenario(name, { seed, asset });
      const series = buildMarketSeries(scenario.snapshots, asset, {
        configuredVenues: scenario.configuredVenues,
      });
      const flushes = detectFlushes(series, detector);
      expect(
        flushes.map((f) => f.side),
        name,
      ).toEqual(scenario.expected.flush ? [scenario.expected.side] : []);
      const [flush] = flushes;
      if (flush === undefined) continue;
      for (const [checkpoint, label] of Object.entries(scenario.expected.labels))
        expect(
          classifyRegime(series, flush, checkpoint as Checkpoint, regime).label,
          `${name} ${checkpoint}`,
        ).toBe(label);
    }
  });

  it('classifies the washout as two-sided, dominated by neither side', () => {
    const [flush] = detectFlushes(scenarioSeries('two-sided-washout').series, detector);
    expect(flush?.side).toBe('two-sided');
    expect(flush?.dominance).toBeLessThan(detector.minDominance);
  });

  it('reports low confidence and names the failed venue when coverage drops', () => {
    const { series } = scenarioSeries('long-flush-venue-missing');
    const [flush] = detectFlushes(series, detector);
    if (flush === undefined) throw new Error('no flush detected');
    const assessment = classifyRegime(series, flush, '24h', regime);
    expect(assessment.coverage).toBeLessThan(0.6);
    expect(assessment.confidence).toBe('low');
    expect(series.missingVenues).toContain('binanceusdm');
    expect(
      flush.oiChangePct ?? 0,
      'a silent venue must not read as an OI collapse',
    ).toBeGreaterThan(-0.2);
  });

  it('gives a flush of realistic BTC size in the default scenario', () => {
    const [flush] = detectFlushes(scenarioSeries('long-flush-reclaim').series, detector);
    expect(flush?.liqLongUsd).toBeGreaterThan(300e6);
    expect(flush?.liqLongUsd).toBeLessThan(1e9);
    expect(flush?.oiChangePct).toBeLessThan(-0.08);
    expect(flush?.oiChangePct).toBeGreaterThan(-0.12);
    expect(flush?.liqIsLowerBound, 'Binance and OKX feeds are throttled').toBe(true);
    expect(flush?.oiConfirmation).toBe('deep-reset');
  });
});
