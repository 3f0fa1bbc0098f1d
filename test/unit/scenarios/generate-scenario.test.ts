import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SAMPLE_SCENARIO,
  DEFAULT_SCENARIO_FLUSH_AT_MS,
  generateScenario,
  SCENARIO_NAMES,
} from '../../../lambdas/market/scenarios/index.ts';
import { snapshotSchema } from '../../../lambdas/model/index.ts';

describe('generateScenario', () => {
  it('produces snapshots the snapshot schema accepts, all marked simulated', () => {
    const scenario = generateScenario('long-flush-venue-missing');
    for (const snapshot of scenario.snapshots) snapshotSchema.parse(snapshot);
    expect(scenario.snapshots.every((s) => s.simulated)).toBe(true);
  });

  it('is deterministic: the same seed gives identical snapshots JSON', () => {
    const a = JSON.stringify(generateScenario('short-squeeze-rejection', { seed: 9 }).snapshots);
    const b = JSON.stringify(generateScenario('short-squeeze-rejection', { seed: 9 }).snapshots);
    expect(a === b).toBe(true);
    const c = JSON.stringify(generateScenario('short-squeeze-rejection', { seed: 10 }).snapshots);
    expect(a === c, 'a different seed gives a different market').toBe(false);
  });

  it('simulates four venues with their feed classes, funding intervals and spot markets', () => {
    const [first] = generateScenario(DEFAULT_SAMPLE_SCENARIO).snapshots;
    const byVenue = Object.fromEntries((first?.venues ?? []).map((v) => [v.venue, v]));
    expect(Object.keys(byVenue)).toEqual(['binanceusdm', 'bybit', 'okx', 'hyperliquid']);
    expect(byVenue.binanceusdm?.liquidationFeed).toBe('throttled');
    expect(byVenue.bybit?.liquidationFeed).toBe('complete');
    expect(byVenue.hyperliquid?.liquidationFeed).toBe('none');
    expect(byVenue.hyperliquid?.instruments[0]?.funding?.intervalHours).toBe(1);
    expect(byVenue.okx?.instruments[0]?.spotBars).not.toBeNull();
    expect(byVenue.bybit?.instruments[0]?.spotBars).toBeNull();
    expect(first?.barMinutes).toBe(5);
  });

  it('starts the cascade at the given time and covers ten days before and a day after', () => {
    const flushAtMs = Date.UTC(2026, 5, 1, 8, 0);
    const { snapshots } = generateScenario('calm', { flushAtMs });
    const first = Date.parse(snapshots[0]?.takenAt ?? '');
    const last = Date.parse(snapshots[snapshots.length - 1]?.takenAt ?? '');
    expect(flushAtMs - first).toBeGreaterThanOrEqual(10 * 86_400_000 - 600_000);
    expect(last - flushAtMs).toBeGreaterThan(25 * 3_600_000);
    expect(DEFAULT_SCENARIO_FLUSH_AT_MS).toBe(Date.parse('2026-03-12T20:30:00Z'));
  });

  it('fails the chosen venue with an error after the flush in the venue-missing scenario', () => {
    const { snapshots } = generateScenario('long-flush-venue-missing');
    const last = snapshots[snapshots.length - 1]?.venues.find((v) => v.venue === 'binanceusdm');
    expect(last).toMatchObject({ status: 'failed', instruments: [] });
    expect(last?.error).toMatch(/NetworkError/);
  });

  it('scales to other assets', () => {
    const [first] = generateScenario('calm', { asset: 'ETH' }).snapshots;
    const instrument = first?.venues[0]?.instruments[0];
    expect(instrument?.symbol).toBe('ETH/USDT:USDT');
    expect(instrument?.indexPrice).toBeGreaterThan(1000);
    expect(instrument?.indexPrice).toBeLessThan(10_000);
  });

  it('describes every scenario and lists exactly the nineteen names', () => {
    expect(SCENARIO_NAMES).toHaveLength(19);
    for (const name of SCENARIO_NAMES)
      expect(generateScenario(name).description.length).toBeGreaterThan(10);
  });
});
