import type { DetectorConfig } from '../config.ts';
import type { FlushEvent, LiquidationSpike, MarketSeries } from '../model/index.ts';
import { liquidationsAreLowerBound } from './find-unwatched-liquidations.ts';
import { type FlushArrays, oiAt, rangeSum } from './flush-arrays.ts';
import type { SpikeWindow } from './scan-flush-windows.ts';

/** Spike windows that overlap or touch (in scan order) become one run of bars. */
function mergeSpikeWindows(windows: readonly SpikeWindow[]): SpikeWindow[] {
  const runs: SpikeWindow[] = [];
  for (const w of windows) {
    const last = runs.at(-1);
    if (last !== undefined && w.startIndex <= last.endIndex + 1) {
      runs[runs.length - 1] = {
        startIndex: last.startIndex,
        endIndex: Math.max(last.endIndex, w.endIndex),
        moveSigma: Math.max(last.moveSigma, w.moveSigma),
        liqZScore: Math.max(last.liqZScore, w.liqZScore),
      };
    } else runs.push(w);
  }
  return runs;
}

function priceRange(a: FlushArrays, from: number, to: number) {
  let high = 0;
  let low = Number.POSITIVE_INFINITY;
  for (let k = from; k <= to; k += 1) {
    high = Math.max(high, a.high[k] ?? 0);
    low = Math.min(low, a.low[k] ?? low);
  }
  return { high, low };
}

function toSpike(run: SpikeWindow, a: FlushArrays, series: MarketSeries, config: DetectorConfig) {
  const { startIndex: from, endIndex: to } = run;
  const liqLongUsd = rangeSum(a.cumLong, from, to);
  const liqShortUsd = rangeSum(a.cumShort, from, to);
  const liqTotalUsd = liqLongUsd + liqShortUsd;
  const dominant = Math.max(liqLongUsd, liqShortUsd) >= config.minDominance * liqTotalUsd;
  const side = !dominant ? 'two-sided' : liqLongUsd >= liqShortUsd ? 'long' : 'short';
  const open = a.open[from] ?? 0;
  const { high, low } = priceRange(a, from, to);
  const down = low / open - 1;
  const up = high / open - 1;
  const startMs = a.openTimeMs[from] ?? 0;
  const endMs = (a.openTimeMs[to] ?? startMs) + a.barMinutes * 60_000;
  const oiUsd = oiAt(a.liqOiUsd, from - 1);
  const spike: LiquidationSpike = {
    asset: series.asset,
    side,
    startMs,
    endMs,
    liqLongUsd,
    liqShortUsd,
    liqTotalUsd,
    liqIsLowerBound: liquidationsAreLowerBound(series, { fromMs: startMs, toMs: endMs }),
    liqEstimated: series.liquidationsEstimated,
    liqToOi: oiUsd !== null && oiUsd > 0 ? liqTotalUsd / oiUsd : 0,
    priceMoveFrac: open > 0 ? (a.close[to] ?? open) / open - 1 : 0,
    maxMoveFrac: side === 'long' ? down : side === 'short' ? up : Math.abs(down) > up ? down : up,
    maxMoveSigma: run.moveSigma,
    liqZScore: run.liqZScore,
  };
  return spike;
}

/**
 * Liquidation spikes (DESIGN.md §5): windows that passed the liquidation trigger but not the
 * displacement test, adjacent ones merged, measured over their bars. A spike that overlaps a
 * flush is part of that flush, not a spike of its own.
 * @example findLiquidationSpikes(windows, flushes, { arrays, series, config })[0]?.maxMoveFrac
 */
export function findLiquidationSpikes(
  windows: readonly SpikeWindow[],
  flushes: readonly FlushEvent[],
  ctx: { arrays: FlushArrays; series: MarketSeries; config: DetectorConfig },
): LiquidationSpike[] {
  const barMs = ctx.arrays.barMinutes * 60_000;
  return mergeSpikeWindows(windows)
    .map((run) => toSpike(run, ctx.arrays, ctx.series, ctx.config))
    .filter(
      (spike) => !flushes.some((f) => spike.startMs < f.endMs + barMs && f.startMs < spike.endMs),
    );
}
