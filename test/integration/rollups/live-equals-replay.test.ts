import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMarketSeries } from '../../../lambdas/analysis/index.ts';
import { configSchema, venueConfigSchema } from '../../../lambdas/config.ts';
import { loadHistoryFolder, replayHistory } from '../../../lambdas/market/history/index.ts';
import { fsRollupStore } from '../../../lambdas/market/rollups/fs-rollup-store.ts';
import { rollupsOfSeries } from '../../../lambdas/market/rollups/rollups-of-series.ts';
import { generateScenario } from '../../../lambdas/market/scenarios/generate-scenario.ts';
import { withFileLock } from '../../../lambdas/publish/file-lock.ts';
import { rollupSeriesSource } from '../../../lambdas/use-cases/market-series-source.ts';
import { rebuildRollups } from '../../../lambdas/use-cases/roll-up-snapshots.ts';
import { replayedFlushes, scheduledFlushes } from './live-support.ts';

/** Real history beside the repository (CI has it); never copied in. */
const DATA_DIR = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data');
const HOUR = 3_600_000;

describe('the scheduled detector on a simulated market', () => {
  it('flashes the same flushes replay finds when the collector path rolled the snapshots up', {
    timeout: 180_000,
  }, async () => {
    const scenario = generateScenario('long-flush-reclaim', { seed: 3 });
    const venues = scenario.configuredVenues.map((id) => venueConfigSchema.parse({ id }));
    const config = configSchema.parse({ assets: ['BTC'], venues });
    const series = buildMarketSeries(scenario.snapshots, 'BTC', {
      configuredVenues: scenario.configuredVenues,
    });
    const history = {
      label: 'scenario',
      source: 'coinglass' as const,
      symbol: 'BTC',
      series,
      files: [],
    };
    const replayed = replayedFlushes(
      replayHistory([history], {
        detector: config.detector,
        regime: config.regime,
        fromMs: null,
        toMs: null,
      }),
    );
    const dir = await mkdtemp(path.join(tmpdir(), 'aftershock-rollups-'));
    const snapshots = {
      list: async ({ fromMs, toMs }: { fromMs: number; toMs: number }) =>
        scenario.snapshots.filter(
          (s) => Date.parse(s.takenAt) >= fromMs && Date.parse(s.takenAt) < toMs,
        ),
    };
    const rollups = fsRollupStore(dir, (file, fn) => withFileLock(file, fn));
    const firstMs = series.bars[0]?.openTimeMs ?? 0;
    const endMs = (series.bars.at(-1)?.openTimeMs ?? 0) + 5 * 60_000;
    await rebuildRollups({ snapshots, rollups, config }, { fromMs: firstMs, toMs: endMs });
    const live = await scheduledFlushes({
      market: rollupSeriesSource(rollups),
      config: { assets: ['BTC'], venues },
      settings: { cooldownHours: 0 },
      fromMs: firstMs + 24 * HOUR,
      toMs: endMs,
      stepMs: HOUR,
    });
    expect(live.failures).toEqual([]);
    expect(replayed.length).toBeGreaterThan(0);
    expect(live.flushes).toEqual(replayed);
  });
});

describe.runIf(existsSync(DATA_DIR))('the scheduled detector on real history', () => {
  it('flashes the same flushes replay finds when it runs once a day over six months of CoinGlass BTC', {
    timeout: 180_000,
  }, async () => {
    const { series } = await loadHistoryFolder(path.join(DATA_DIR, 'coinglass'), {
      barMinutes: 60,
    });
    const history = series.filter((h) => h.label === 'coinglass BTC 60m');
    expect(history.length, history.map((h) => h.label).join(', ')).toBe(1);
    const config = configSchema.parse({ assets: ['BTC'] });
    const replayed = replayedFlushes(
      replayHistory(history, {
        detector: config.detector,
        regime: config.regime,
        fromMs: null,
        toMs: null,
      }),
    );
    const dir = await mkdtemp(path.join(tmpdir(), 'aftershock-rollups-'));
    const store = fsRollupStore(dir, (file, fn) => withFileLock(file, fn));
    for (const rollup of rollupsOfSeries(history.map((h) => h.series)))
      await store.put(rollup, null);
    const bars = history[0]?.series.bars ?? [];
    const live = await scheduledFlushes({
      market: rollupSeriesSource(store),
      config: { assets: ['BTC'] },
      settings: { barMinutes: 60, maxFlashAgeHours: 25, cooldownHours: 0 },
      fromMs: (bars[0]?.openTimeMs ?? 0) + 24 * HOUR,
      toMs: (bars.at(-1)?.openTimeMs ?? 0) + 25 * HOUR,
      stepMs: 24 * HOUR,
    });
    expect(live.failures).toEqual([]);
    expect(replayed.length).toBeGreaterThan(10);
    expect(live.flushes).toEqual(replayed);
  });
});
