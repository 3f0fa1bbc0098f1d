import { performance } from 'node:perf_hooks';
import { parseConfig } from '../../lambdas/load-config.ts';
import { loadHistoryFolder, replayHistory } from '../../lambdas/market/history/index.ts';
import { type BenchSuite, COINGLASS_DIR, coinglassMissing, figure } from '../bench-support.ts';

/**
 * Replay throughput over the CoinGlass 6-month hourly file: import (parse +
 * build series) and detect + classify, in bars per second. Measured only when
 * ../shared/data is beside the repository.
 */
export const replaySuite: BenchSuite = {
  name: 'replay',
  async run() {
    const missing = coinglassMissing();
    if (missing !== null) return { skipped: missing };
    const config = parseConfig({});
    const options = { detector: config.detector, regime: config.regime, fromMs: null, toMs: null };
    const importMs: number[] = [];
    const analyseMs: number[] = [];
    let bars = 0;
    let flushes = 0;
    for (let run = 0; run < 4; run += 1) {
      let started = performance.now();
      const { series } = await loadHistoryFolder(COINGLASS_DIR, { barMinutes: 60 });
      importMs.push(performance.now() - started);
      bars = series.reduce((n, s) => n + s.series.bars.length, 0);
      started = performance.now();
      const segments = replayHistory(series, options);
      analyseMs.push(performance.now() - started);
      flushes = segments.reduce((n, s) => n + s.findings.length, 0);
    }
    // The first run warms the JIT; report the rest. Target: six months of hourly bars in under 10 s.
    const warm = analyseMs.slice(1);
    const detectClassifyMs = figure(warm, null);
    return {
      bars,
      flushes,
      importMs: figure(importMs.slice(1), null),
      detectClassifyMs,
      detectClassifyBarsPerSecond: Math.round(bars / (detectClassifyMs.median / 1000)),
    };
  },
};
