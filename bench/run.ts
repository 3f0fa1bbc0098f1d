import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../lambdas/load-config.ts';
import { DEFAULT_SAMPLE_SCENARIO, generateScenario } from '../lambdas/market/scenarios/index.ts';
import { renderReportCharts } from '../lambdas/report/index.ts';
import { buildReport } from '../lambdas/use-cases/build-report.ts';

/**
 * `npm run bench`: measures, never asserts. Figures go to bench/results/latest.json
 * with the targets beside them, so a reader sees the ratio measured in one run.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

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

async function reportStageMs(runs: number): Promise<{ reportMs: number[]; chartMs: number[] }> {
  const config = parseConfig({});
  const scenario = generateScenario(DEFAULT_SAMPLE_SCENARIO, { seed: 1 });
  const asOfMs = Date.parse(scenario.snapshots.at(-1)?.takenAt ?? '');
  const input = {
    snapshots: scenario.snapshots,
    asset: scenario.asset,
    configuredVenues: scenario.configuredVenues,
    asOfMs,
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
    const charts = renderReportCharts({
      series: built.series,
      flush: built.flush,
      assessment: built.assessment,
    });
    chartMs.push((performance.now() - started) / charts.length);
  }
  return { reportMs, chartMs };
}

const cold = coldStartMs(3);
const { reportMs, chartMs } = await reportStageMs(5);
const results = {
  measuredAt: new Date().toISOString(),
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
  npmStartColdMs: { median: Math.round(median(cold)), runs: cold.map(Math.round), targetMs: 3000 },
  reportStageWarmMs: {
    median: Math.round(median(reportMs)),
    runs: reportMs.map(Math.round),
    targetMs: 1000,
  },
  chartWarmMsEach: {
    median: Math.round(median(chartMs)),
    runs: chartMs.map(Math.round),
    targetMs: 50,
  },
};
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
