import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../../lambdas/load-config.ts';
import { DEFAULT_SAMPLE_SCENARIO, generateScenario } from '../../lambdas/market/scenarios/index.ts';
import { renderReportCharts } from '../../lambdas/report/index.ts';
import { buildReport } from '../../lambdas/use-cases/build-report.ts';
import { type BenchSuite, figure } from '../bench-support.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function coldStartMs(runs: number): number[] {
  return Array.from({ length: runs }, () => {
    const out = mkdtempSync(path.join(tmpdir(), 'aftershock-bench-'));
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'bin', 'aftershock.ts'), 'generate', '--out', out],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`generate failed: ${result.stderr}`);
    return performance.now() - started;
  });
}

async function warmStages(runs: number) {
  const config = parseConfig({});
  const scenario = generateScenario(DEFAULT_SAMPLE_SCENARIO, { seed: 1 });
  const input = {
    snapshots: scenario.snapshots,
    asset: scenario.asset,
    configuredVenues: scenario.configuredVenues,
    asOfMs: Date.parse(scenario.snapshots.at(-1)?.takenAt ?? ''),
    kind: 'flash' as const,
    config,
  };
  const built = await buildReport(input); // warm-up: font registration, template compile
  const reportMs: number[] = [];
  const chartMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    await buildReport(input);
    reportMs.push(performance.now() - started);
    started = performance.now();
    const charts = await renderReportCharts({
      series: built.series,
      flush: built.flush,
      assessment: built.assessment,
    });
    chartMs.push((performance.now() - started) / charts.length);
  }
  return { reportMs, chartMs };
}

/** Cold `npm start` (the market sample), the BTC report stage alone (analysis + render) and ms per chart, warm. */
export const reportSuite: BenchSuite = {
  name: 'report',
  async run() {
    const cold = coldStartMs(3);
    const { reportMs, chartMs } = await warmStages(5);
    return {
      // The default sample is the 12-coin market since it replaced BTC alone (about 3 s then).
      npmStartColdMs: figure(cold, 15_000),
      reportStageWarmMs: figure(reportMs, 1000),
      chartWarmMsEach: figure(chartMs, 50),
    };
  },
};
