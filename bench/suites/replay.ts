import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../../lambdas/load-config.ts';
import {
  type HistorySeries,
  loadHistoryFolder,
  type ReplayOptions,
  replayHistory,
} from '../../lambdas/market/history/index.ts';
import { type BenchSuite, COINGLASS_DIR, coinglassMissing, figure } from '../bench-support.ts';
import { syntheticHistory } from '../synthetic-history.ts';

/** Issue #12 item 4: detection + classification at 500,000 bars/s or more, growing linearly. */
const TARGET_BARS_PER_SECOND = 500_000;
/** A year of 1-minute bars for one asset. */
const YEAR_OF_MINUTES = 525_600;

const options = (): ReplayOptions => {
  const config = parseConfig({});
  return { detector: config.detector, regime: config.regime, fromMs: null, toMs: null };
};

/** One timed replay: wall and CPU milliseconds, and what it found. */
function timeReplay(series: HistorySeries[], replay: ReplayOptions) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const segments = replayHistory(series, replay);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const findings = segments.flatMap((s) => s.findings);
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    flushes: findings.length,
    readings: findings.reduce((n, f) => n + Object.values(f.regimes).filter(Boolean).length, 0),
  };
}

/**
 * Replays a synthetic history of `bars` bars `runs` times. Each run gets its own copy of the
 * bar array, so nothing measured on one run (the baselines' index is kept per bar array) is
 * reused by the next: every run costs what a first replay costs.
 */
function measureSynthetic(
  bars: number,
  barMinutes: number,
  runs: number,
  targetMs = Math.round((bars / TARGET_BARS_PER_SECOND) * 1000),
) {
  const series = syntheticHistory({ bars, barMinutes, seed: 12 });
  const replay = options();
  const samples = Array.from({ length: runs }, () => {
    const copy = { ...series, bars: [...series.bars] };
    return timeReplay(
      [{ label: 'synthetic', source: 'coinglass', symbol: 'SYN', series: copy, files: [] }],
      replay,
    );
  });
  const wall = figure(
    samples.map((s) => s.wallMs),
    targetMs,
  );
  const cpu = figure(
    samples.map((s) => s.cpuMs),
    null,
  );
  return {
    bars,
    barMinutes,
    flushes: samples[0]?.flushes ?? 0,
    readings: samples[0]?.readings ?? 0,
    detectClassifyMs: wall,
    cpuMs: cpu,
    barsPerSecond: Math.round(bars / (wall.median / 1000)),
    // Per second of this process's CPU (GC threads included): what a quiet machine would see.
    barsPerCpuSecond: Math.round(bars / (cpu.median / 1000)),
  };
}

/** The CoinGlass 6-month hourly file: import, then detect + classify (the real-data figure). */
async function measureCoinglass() {
  const replay = options();
  const importMs: number[] = [];
  const analyseMs: number[] = [];
  let bars = 0;
  let flushes = 0;
  for (let run = 0; run < 4; run += 1) {
    const started = performance.now();
    const { series } = await loadHistoryFolder(COINGLASS_DIR, { barMinutes: 60 });
    importMs.push(performance.now() - started);
    bars = series.reduce((n, s) => n + s.series.bars.length, 0);
    const timed = timeReplay(series, replay);
    analyseMs.push(timed.wallMs);
    flushes = timed.flushes;
  }
  // The first run warms the JIT; report the rest.
  const detectClassifyMs = figure(analyseMs.slice(1), null);
  return {
    bars,
    flushes,
    importMs: figure(importMs.slice(1), null),
    detectClassifyMs,
    detectClassifyBarsPerSecond: Math.round(bars / (detectClassifyMs.median / 1000)),
  };
}

/**
 * Replay throughput. `scaling`: synthetic 5-minute histories of 10k, 100k and 1M bars (shocks
 * every ~4 days, so detection and classification have flushes to read at every size), wall time
 * per size against 500,000 bars/s, and `growth`: how the time per bar changes from size to size
 * (1.0 = linear). `yearOfMinutes`: 525,600 1-minute bars, target under 2 s (DESIGN.md §8). `coinglass`:
 * the real 6-month hourly file, measured only when ../shared/data is beside the repository. The
 * machine is shared: `cpuMs` beside each wall time shows how much of it was this process's.
 */
export const replaySuite: BenchSuite = {
  name: 'replay',
  async run() {
    const loadAtStart = Math.round((loadavg()[0] ?? 0) * 10) / 10;
    // Warm the JIT first, so the smallest size measures replay, not compilation.
    measureSynthetic(50_000, 5, 1);
    const sizes = [
      measureSynthetic(10_000, 5, 5),
      measureSynthetic(100_000, 5, 3),
      measureSynthetic(1_000_000, 5, 3),
    ];
    const growth = (ms: (s: (typeof sizes)[number]) => number) => {
      const perBar = sizes.map((s) => ms(s) / s.bars);
      const ratio = (i: number) =>
        Math.round(((perBar[i + 1] ?? 0) / (perBar[i] ?? 1)) * 100) / 100;
      return { timePerBar10kTo100k: ratio(0), timePerBar100kTo1M: ratio(1) };
    };
    const year = measureSynthetic(YEAR_OF_MINUTES, 1, 3, 2000);
    const coinglassSkipped = coinglassMissing();
    return {
      // Other work on the machine inflates wall time: the 1-minute load average, before and after.
      loadAverage: { before: loadAtStart, after: Math.round((loadavg()[0] ?? 0) * 10) / 10 },
      targetBarsPerSecond: TARGET_BARS_PER_SECOND,
      scaling: sizes,
      growth: {
        wall: growth((s) => s.detectClassifyMs.median),
        cpu: growth((s) => s.cpuMs.median),
      },
      yearOfMinutes: year,
      coinglass:
        coinglassSkipped === null ? await measureCoinglass() : { skipped: coinglassSkipped },
    };
  },
};
