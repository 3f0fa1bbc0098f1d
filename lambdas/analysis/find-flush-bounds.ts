import type { DetectorConfig } from '../config.ts';
import type { FlushArrays } from './flush-arrays.ts';
import { percentile } from './robust-stats.ts';
import type { TriggerWindow } from './scan-flush-windows.ts';
import { type BarRange, overlapTest } from './window-baseline.ts';

/** First and last bar index of an event. */
export interface FlushBounds {
  startIndex: number;
  endIndex: number;
  trigger: TriggerWindow;
}

/**
 * Liquidations of one bar scaled to a 5-minute rate, so the start/end
 * percentiles mean the same on 1-minute and hourly bars.
 */
function fiveMinuteRate(a: FlushArrays, k: number): number {
  return (((a.liqLong[k] ?? 0) + (a.liqShort[k] ?? 0)) * 5) / a.barMinutes;
}

/** Start/end thresholds from the trigger's baseline bars, leaving out flushes already found. */
function rateThresholds(
  a: FlushArrays,
  trigger: TriggerWindow,
  config: DetectorConfig,
  excluded: readonly BarRange[],
) {
  const overlaps = overlapTest(excluded);
  const sample: number[] = [];
  for (let k = trigger.startIndex - 1; k >= trigger.baselineFrom; k -= 1)
    if (!overlaps(k, k)) sample.push(fiveMinuteRate(a, k));
  if (sample.length === 0) return { start: 0, end: 0 };
  return {
    start: percentile(sample, config.startPercentile),
    end: percentile(sample, config.endPercentile),
  };
}

/** Walks back from the window's busiest bar over the unbroken run above the start threshold. */
function findStart(a: FlushArrays, t: TriggerWindow, threshold: number, floor: number): number {
  let peak = t.startIndex;
  for (let k = t.startIndex; k <= t.endIndex; k += 1) {
    if (fiveMinuteRate(a, k) > fiveMinuteRate(a, peak)) peak = k;
  }
  let start = peak;
  while (start - 1 > floor && fiveMinuteRate(a, start - 1) > threshold) start -= 1;
  return start;
}

/**
 * Bounds of the event around a trigger window (DESIGN.md §5): it starts where
 * the 5-minute liquidation rate first exceeds its baseline `startPercentile`
 * in the unbroken run that leads to the window's busiest bar (so a stray noisy
 * bar earlier in the window does not pull the start forward), and ends at the last
 * bar that was above the `endPercentile` or set a new price extreme, once
 * `quietMinutes` have passed without either. If the series ends first the
 * event ends at its last active bar. `floor` is the previous event's end bar; `excluded` are
 * the flushes found before, left out of the thresholds' baseline.
 */
export function findFlushBounds(
  a: FlushArrays,
  trigger: TriggerWindow,
  config: DetectorConfig,
  floor: number,
  excluded: readonly BarRange[] = [],
): FlushBounds {
  const thresholds = rateThresholds(a, trigger, config, excluded);
  const startIndex = findStart(a, trigger, thresholds.start, floor);
  const quietBars = Math.max(1, Math.round(config.quietMinutes / a.barMinutes));
  const down = trigger.direction < 0;
  let extreme = down ? Number.POSITIVE_INFINITY : 0;
  let lastActive = startIndex;
  for (let k = startIndex; k < a.n; k += 1) {
    if (k > trigger.endIndex && k - lastActive > quietBars) break;
    const price = down ? (a.low[k] ?? extreme) : (a.high[k] ?? extreme);
    const newExtreme = down ? price < extreme : price > extreme;
    if (newExtreme) extreme = price;
    if (newExtreme || fiveMinuteRate(a, k) > thresholds.end) lastActive = k;
  }
  return { startIndex, endIndex: Math.max(lastActive, startIndex), trigger };
}
