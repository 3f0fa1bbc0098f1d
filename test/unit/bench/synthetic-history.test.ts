import { describe, expect, it } from 'vitest';
import { syntheticHistory } from '../../../bench/synthetic-history.ts';
import { detectFlushes } from '../../../lambdas/analysis/index.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';

describe('syntheticHistory (the replay benchmark input)', () => {
  it('makes the same bars from the same seed, labelled as simulated', () => {
    const a = syntheticHistory({ bars: 2_000, barMinutes: 5, seed: 4 });
    const b = syntheticHistory({ bars: 2_000, barMinutes: 5, seed: 4 });
    expect(a).toEqual(b);
    expect(a.simulated).toBe(true);
    expect(a.bars).toHaveLength(2_000);
    expect(syntheticHistory({ bars: 2_000, barMinutes: 5, seed: 5 }).bars).not.toEqual(a.bars);
  });

  it('plants shocks the detector finds as flushes, so the benchmark measures real work', () => {
    const series = syntheticHistory({ bars: 60 * 288, barMinutes: 5, seed: 12 });
    const flushes = detectFlushes(series, parseConfig({}).detector);
    // ~60 days with a shock every ~4 days after the first 3: a dozen or so.
    expect(flushes.length).toBeGreaterThanOrEqual(8);
    expect(flushes.every((f) => f.liqTotalUsd >= 30e6)).toBe(true);
  });
});
