import type { DetectorConfig } from '../config.ts';
import type { FlushArrays } from './flush-arrays.ts';
import { percentile } from './robust-stats.ts';
import { quietBars, type TriggerWindow } from './scan-flush-windows.ts';

/** First and last bar index of an event. */
export interface FlushBounds {
  startIndex: number;
  endIndex: number;
  trigger: TriggerWindow;
}

/** Liquidations of one bar as a rate per 5 minutes, comparable across bar sizes. */
function fiveMinuteRate(a: FlushArrays, k: number): number {
  return (((a.liqLong[k] ?? 0) + (a.liqShort[k] ?? 0)) * 5) / a.barMinutes;
}

/**
 * Start/end thresholds: percentiles of the 5-minute rate averaged over each baseline window
 * of the trigger (one window length, flushes and unknown bars left out), so the same rate is
 * meant on any bar size. Taken per bar they were not: hourly averages spread less than
 * 30-minute ones, so the 95th percentile of 30-minute bars sat higher than that of hours.
 * @example rateThresholds(arrays, trigger, config) // { start: 95th, end: 90th } in USD per 5 min
 */
export function rateThresholds(
  a: FlushArrays,
  trigger: TriggerWindow,
  config: DetectorConfig,
): { start: number; end: number } {
  const windowMinutes = (trigger.endIndex - trigger.startIndex + 1) * a.barMinutes;
  const sample = trigger.baseline.map((usd) => (usd * 5) / windowMinutes);
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

/** Quiet after an event: no bar sets a new extreme and the mean rate stays at or under the end rate. */
function isQuietSpan(
  a: FlushArrays,
  from: number,
  to: number,
  end: number,
  extreme: number,
  down: boolean,
) {
  let sum = 0;
  for (let k = from; k <= to; k += 1) {
    const price = (down ? a.low[k] : a.high[k]) ?? extreme;
    if (down ? price < extreme : price > extreme) return false;
    sum += fiveMinuteRate(a, k);
  }
  return sum / (to - from + 1) <= end;
}

/**
 * The last active bar (a new extreme, or a rate above the end threshold) before `quiet` bars
 * of quiet, measured on their mean rate: at 5-minute bars one busy bar among six does not keep
 * the event alive, as it could not inside one 30-minute or hourly bar.
 */
function findEnd(a: FlushArrays, t: TriggerWindow, startIndex: number, end: number, quiet: number) {
  const down = t.direction < 0;
  let extreme = down ? Number.POSITIVE_INFINITY : 0;
  let lastActive = startIndex;
  for (let e = startIndex; e < a.n; e += 1) {
    const price = (down ? a.low[e] : a.high[e]) ?? extreme;
    const newExtreme = down ? price < extreme : price > extreme;
    if (newExtreme) extreme = price;
    if (!newExtreme && fiveMinuteRate(a, e) <= end && e !== startIndex) continue;
    lastActive = e;
    // The quiet must reach past the trigger window, and be seen in full before the series ends.
    if (e + quiet < t.endIndex || e + quiet >= a.n) continue;
    if (isQuietSpan(a, e + 1, e + quiet, end, extreme, down)) return e;
  }
  return lastActive;
}

/**
 * Bounds of the event around a trigger window (DESIGN.md §5): it starts where
 * the 5-minute liquidation rate first exceeds its baseline `startPercentile`
 * in the unbroken run that leads to the window's busiest bar (so a stray noisy
 * bar earlier in the window does not pull the start forward), and ends at the last
 * bar that was above the `endPercentile` or set a new price extreme, once
 * `quietMinutes` have passed without a new extreme and with a mean rate under it.
 * If the series ends first the event ends at its last active bar. `floor` is the
 * previous event's end bar.
 * @example findFlushBounds(arrays, trigger, config, previous?.endIndex ?? 0).endIndex
 */
export function findFlushBounds(
  a: FlushArrays,
  trigger: TriggerWindow,
  config: DetectorConfig,
  floor: number,
): FlushBounds {
  const thresholds = rateThresholds(a, trigger, config);
  const startIndex = findStart(a, trigger, thresholds.start, floor);
  const quiet = quietBars(config, a.barMinutes);
  const endIndex = findEnd(a, trigger, startIndex, thresholds.end, quiet);
  return { startIndex, endIndex: Math.max(endIndex, startIndex), trigger };
}
