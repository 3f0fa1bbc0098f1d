import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { simulationWorld } from '../../bin/commands/simulate-wiring.ts';
import { parseConfig } from '../../lambdas/load-config.ts';
import { simulatedMarketOf } from '../../lambdas/market/history/history-ticks.ts';
import { loadHistoryFolder } from '../../lambdas/market/history/index.ts';
import { simulateSchedule } from '../../lambdas/use-cases/simulate-schedule.ts';
import { type BenchSuite, COINGLASS_DIR, coinglassMissing, figure } from '../bench-support.ts';

/**
 * The time machine (`aftershock simulate`) over the CoinGlass 6-month hourly file: ~52k
 * five-minute clock steps, every flash, follow-up and digest rendered, published to a local
 * site and mailed to one simulated subscriber. Target (issue #12): under a minute. One run per
 * sample (a run is long); measured only when ../shared/data is beside the repository.
 */
export const simulateSuite: BenchSuite = {
  name: 'simulate',
  async run() {
    const missing = coinglassMissing();
    if (missing !== null) return { skipped: missing };
    const wallMs: number[] = [];
    const publishingMs: number[] = [];
    const quietMs: number[] = [];
    let counts: Record<string, number> = {};
    for (let run = 0; run < 2; run += 1) {
      const dir = await mkdtemp(path.join(tmpdir(), 'bench-simulate-'));
      try {
        const started = performance.now();
        const { series } = await loadHistoryFolder(COINGLASS_DIR, { barMinutes: 60 });
        const { market } = simulatedMarketOf(series);
        const fromMs = market.tickTimesMs[0] ?? 0;
        const toMs = market.tickTimesMs.at(-1) ?? 0;
        const world = await simulationWorld(parseConfig({}), market, dir, fromMs);
        const result = await simulateSchedule({ market, fromMs, toMs, runInput: world.runInput });
        wallMs.push(performance.now() - started);
        publishingMs.push(result.runMs.publishing);
        quietMs.push(result.runMs.quiet);
        const published = result.entries.filter((e) => e.outcome === 'published');
        counts = {
          ticks: market.tickTimesMs.length,
          steps: result.steps,
          detectRuns: result.detectRuns,
          detectRunsSkipped: result.detectRunsSkipped,
          followUpRuns: result.followUpRuns,
          digestRuns: result.digestRuns,
          reportsPublished: published.length,
          flashes: published.filter((e) => e.task === 'flash').length,
          emailsSent: [...world.mailings.values()].reduce((n, m) => n + m.sent, 0),
        };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    return {
      ...counts,
      wallMs: figure(wallMs, 60_000),
      // Runs that rendered, published and mailed a report vs runs that only read and detected.
      publishingRunsMs: figure(publishingMs, null),
      quietRunsMs: figure(quietMs, null),
    };
  },
};
