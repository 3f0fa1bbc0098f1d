import type { DetectorConfig } from '../config.ts';
import { type FlushArrays, liqTotal, oiAt, rangeSum, windowReturnSigma } from './flush-arrays.ts';
import { percentile, robustZScore } from './robust-stats.ts';
import { type BarRange, baselineWindows, type WindowGeometry } from './window-baseline.ts';

/** A window that met every trigger condition of DESIGN.md §5. */
export interface TriggerWindow {
  /** First and last bar index of the window. */
  startIndex: number;
  endIndex: number;
  /** Price direction of the window: -1 down, +1 up. */
  direction: -1 | 1;
  displacementSigma: number;
  liqZScore: number;
  /** First bar index of the trailing baseline used for this window. */
  baselineFrom: number;
  /** Liquidations (USD) of the baseline windows it was compared with, flushes left out. */
  baseline: number[];
}

export type { WindowGeometry } from './window-baseline.ts';

/** Converts minute/day/hour settings into bar counts for a series' bar size. */
export function windowGeometry(config: DetectorConfig, barMinutes: number): WindowGeometry {
  const windowBars = Math.max(1, Math.round(config.windowMinutes / barMinutes));
  return {
    windowBars,
    baselineBars: Math.max(1, Math.round((config.baselineDays * 24 * 60) / barMinutes)),
    minBaselineMs: config.minBaselineHours * 3_600_000,
    windowMs: windowBars * barMinutes * 60_000,
  };
}

/**
 * Bars of quiet that end an event: at least `quietMinutes`, and at least one bar (a 30-minute
 * quiet is one bar at 30 minutes and one, a whole hour, at 60: hourly bars cannot see less).
 * @example quietBars(configSchema.parse({}).detector, 5) // 6
 */
export function quietBars(config: DetectorConfig, barMinutes: number): number {
  return Math.max(1, Math.ceil(config.quietMinutes / barMinutes));
}

function windowExtremes(a: FlushArrays, from: number, to: number) {
  let high = 0;
  let low = Number.POSITIVE_INFINITY;
  for (let k = from; k <= to; k += 1) {
    high = Math.max(high, a.high[k] ?? 0);
    low = Math.min(low, a.low[k] ?? low);
  }
  return { high, low };
}

/** Signed displacement of the window and its high–low range, in σ of window-length returns. */
function displacements(a: FlushArrays, s: number, i: number, g: WindowGeometry) {
  const scale = Math.max(1e-9, windowReturnSigma(a, Math.max(0, s - g.baselineBars), s - 1));
  const net = Math.log((a.close[i] ?? 1) / (a.open[s] ?? 1)) / scale;
  const { high, low } = windowExtremes(a, s, i);
  const range = low > 0 && high > 0 ? Math.log(high / low) / scale : 0;
  const open = a.open[s] ?? 0;
  // How far price reached inside the window: on hourly bars a 60-minute window is one bar,
  // and a wick that liquidated the market then recovered before the close is invisible to `net`.
  const reachDown = low > 0 && open > 0 ? Math.log(low / open) / scale : 0;
  const reachUp = high > 0 && open > 0 ? Math.log(high / open) / scale : 0;
  return { net, range, reachDown, reachUp };
}

/**
 * A window whose liquidations passed the trigger (size against the baseline, L/OI) while the
 * price moved less than `minDisplacementSigma`: a liquidation spike, not a flush.
 */
export interface SpikeWindow {
  startIndex: number;
  endIndex: number;
  /** Its move in σ in the liquidated side's direction (high–low range when two-sided). */
  moveSigma: number;
  liqZScore: number;
}

/** What the §5 trigger made of one window: a flush trigger, a spike, or nothing (null). */
export type WindowVerdict =
  | { kind: 'flush'; trigger: TriggerWindow }
  | { kind: 'spike'; window: SpikeWindow }
  | null;

/** The window's move in σ that the trigger asks for: towards the dominant side, else its range. */
function wantedMove(a: FlushArrays, s: number, i: number, g: WindowGeometry, c: DetectorConfig) {
  const longUsd = rangeSum(a.cumLong, s, i);
  const shortUsd = rangeSum(a.cumShort, s, i);
  const move = displacements(a, s, i, g);
  const dominance = Math.max(longUsd, shortUsd) / (longUsd + shortUsd);
  if (dominance < c.minDominance) return { move, sigma: move.range };
  const sigma =
    longUsd >= shortUsd ? -Math.min(move.net, move.reachDown) : Math.max(move.net, move.reachUp);
  return { move, sigma };
}

/**
 * Tests the window of bars [i − W + 1, i] against the §5 trigger: (L ≥ its
 * baseline percentile or robust z of log(1 + L) ≥ threshold) and L/OI ≥ the
 * minimum, with a displacement of at least N σ in the liquidated side's
 * direction (or, for a two-sided window, a high–low range of N σ). A window
 * that passes on liquidations but not on displacement is a spike. The cheap
 * L/OI test runs first; the baseline sample is only built for candidates.
 * @example testWindow(arrays, 800, geometry, config, found)?.kind // 'flush' | 'spike'
 */
export function testWindow(
  a: FlushArrays,
  i: number,
  g: WindowGeometry,
  config: DetectorConfig,
  excluded: readonly BarRange[],
): WindowVerdict {
  const s = i - g.windowBars + 1;
  if (s < 1 || (a.openTimeMs[s] ?? 0) - (a.openTimeMs[0] ?? 0) < g.minBaselineMs) return null;
  const total = liqTotal(a, s, i);
  const oiUsd = oiAt(a.liqOiUsd, s - 1);
  if (total <= 0 || oiUsd === null || oiUsd <= 0 || total / oiUsd < config.minLiqToOi) return null;
  const sample = baselineWindows(a, s, g, excluded);
  if (sample.length < 3) return null;
  const liqZScore = robustZScore(Math.log1p(total), sample.map(Math.log1p));
  if (total < percentile(sample, config.liqPercentile) && liqZScore < config.liqZScore) return null;
  const { move, sigma } = wantedMove(a, s, i, g, config);
  if (sigma < config.minDisplacementSigma) {
    return { kind: 'spike', window: { startIndex: s, endIndex: i, moveSigma: sigma, liqZScore } };
  }
  const trigger: TriggerWindow = {
    startIndex: s,
    endIndex: i,
    direction: move.net < 0 ? -1 : 1,
    displacementSigma: move.net,
    liqZScore,
    baselineFrom: Math.max(0, s - g.baselineBars),
    baseline: sample,
  };
  return { kind: 'flush', trigger };
}

/**
 * The window ending inside [firstEnd, lastEnd] with the largest displacement
 * in the trigger's direction, with its own z-score: the first window that
 * triggers usually catches only the start of a cascade, so the event reports
 * its strongest hour instead.
 */
export function strongestWindow(
  a: FlushArrays,
  trigger: TriggerWindow,
  lastEnd: number,
  g: WindowGeometry,
  excluded: readonly BarRange[],
): TriggerWindow {
  let best = trigger;
  for (let i = trigger.endIndex + 1; i <= lastEnd; i += 1) {
    const s = i - g.windowBars + 1;
    const { net } = displacements(a, s, i, g);
    if (net * trigger.direction > best.displacementSigma * trigger.direction) {
      best = { ...trigger, startIndex: s, endIndex: i, displacementSigma: net };
    }
  }
  if (best === trigger) return trigger;
  const sample = baselineWindows(a, best.startIndex, g, excluded).map(Math.log1p);
  const total = liqTotal(a, best.startIndex, best.endIndex);
  return {
    ...best,
    liqZScore: sample.length > 0 ? robustZScore(Math.log1p(total), sample) : trigger.liqZScore,
  };
}
