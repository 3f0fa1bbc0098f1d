import type { DetectorConfig, RegimeConfig } from '../config.ts';
import type { FlushEvent, LiquidationSpike, MarketSeries } from '../model/index.ts';
import { buildFlushEvent } from './build-flush-event.ts';
import { withEstimatedLiquidations } from './estimate-liquidations.ts';
import { type FlushBounds, findFlushBounds } from './find-flush-bounds.ts';
import { findLiquidationSpikes } from './find-liquidation-spikes.ts';
import { type FlushArrays, toFlushArrays } from './flush-arrays.ts';
import { referenceLevel } from './reference-level.ts';
import {
  type SpikeWindow,
  strongestWindow,
  testWindow,
  windowGeometry,
} from './scan-flush-windows.ts';

/** The level setting the detector shares with the aftermath reading (one level model). */
export type LevelSettings = Pick<RegimeConfig, 'referenceLookbackHours' | 'referenceConfirmHours'>;

const DEFAULT_LEVELS: LevelSettings = { referenceLookbackHours: 24, referenceConfirmHours: 0 };

/** One pass forward in time: flush bounds, and the spike windows met on the way. */
function scanWindows(a: FlushArrays, config: DetectorConfig) {
  const geometry = windowGeometry(config, a.barMinutes);
  const found: FlushBounds[] = [];
  const spikes: SpikeWindow[] = [];
  let floor = 0;
  for (let i = geometry.windowBars; i < a.n; i += 1) {
    // Flushes already found stay out of the baseline, so a crash does not hide its aftershocks.
    const verdict = testWindow(a, i, geometry, config, found);
    if (verdict === null) continue;
    if (verdict.kind === 'spike') {
      spikes.push(verdict.window);
      continue;
    }
    const trigger = verdict.trigger;
    const bounds = findFlushBounds(a, trigger, config, floor);
    const strongest = strongestWindow(a, trigger, bounds.endIndex, geometry, [...found, bounds]);
    found.push({ ...bounds, trigger: strongest });
    floor = bounds.endIndex;
    // The next window starts after this event so its liquidations are not counted twice.
    i = Math.max(i, bounds.endIndex + geometry.windowBars - 1);
  }
  return { found, spikes };
}

/** Merges consecutive same-side events that are less than `mergeMinutes` apart. */
function mergeEvents(
  events: FlushEvent[],
  bounds: FlushBounds[],
  rebuild: (b: FlushBounds) => FlushEvent,
  config: DetectorConfig,
  barMs: number,
): FlushEvent[] {
  const merged: Array<{ event: FlushEvent; bounds: FlushBounds }> = [];
  events.forEach((event, k) => {
    const b = bounds[k];
    if (b === undefined) return;
    const last = merged[merged.length - 1];
    const apartMs = last ? event.startMs - (last.event.endMs + barMs) : Number.POSITIVE_INFINITY;
    if (last && last.event.side === event.side && apartMs < config.mergeMinutes * 60_000) {
      const strongest =
        Math.abs(b.trigger.displacementSigma) > Math.abs(last.bounds.trigger.displacementSigma);
      const union = {
        ...last.bounds,
        endIndex: b.endIndex,
        trigger: strongest ? b.trigger : last.bounds.trigger,
      };
      merged[merged.length - 1] = { event: rebuild(union), bounds: union };
    } else merged.push({ event, bounds: b });
  });
  return merged.map((m) => m.event);
}

/**
 * Finds liquidation flushes in an asset's series (DESIGN.md §5): a sliding
 * `windowMinutes` window is compared with the trailing `baselineDays` of
 * non-overlapping same-length windows; a trigger grows into an event by the
 * 5-minute-rate percentile rule; same-side events closer than `mergeMinutes`
 * merge. Without any liquidation feed, liquidations are estimated from OI
 * drops and the events say so (`liqEstimated`). Windows with less than
 * `minBaselineHours` of history before them are skipped.
 *
 * Every setting is a time, so the same market finds the same flushes on 30- and
 * 60-minute bars: baseline windows are clock hours, σ is that of 60-minute
 * returns, the start/end rates are compared with whole-window rates, and quiet
 * is at least `quietMinutes`. What a coarser bar cannot see stays unseen: a
 * burst split across two clock hours may pass at 30 minutes and in neither hour.
 * @example detectFlushes(series, configSchema.parse({}).detector)
 */
export function detectFlushes(
  input: MarketSeries,
  config: DetectorConfig,
  levels: LevelSettings = DEFAULT_LEVELS,
): FlushEvent[] {
  return detectLiquidationEvents(input, config, levels).flushes;
}

/** What the detector finds in a series: flushes, and liquidation spikes without one. */
export interface LiquidationEvents {
  flushes: FlushEvent[];
  spikes: LiquidationSpike[];
}

/**
 * Flushes as {@link detectFlushes} finds them, plus the liquidation spikes met in the same
 * scan: windows whose liquidations passed the trigger (percentile or z, and L/OI) while the
 * price moved less than `minDisplacementSigma`, adjacent ones merged, none inside a flush.
 * @example detectLiquidationEvents(series, detector).spikes[0]?.liqTotalUsd
 */
export function detectLiquidationEvents(
  input: MarketSeries,
  config: DetectorConfig,
  levels: LevelSettings = DEFAULT_LEVELS,
): LiquidationEvents {
  const series = withEstimatedLiquidations(input);
  const arrays = toFlushArrays(series, windowGeometry(config, series.barMinutes).windowBars);
  const { found: bounds, spikes } = scanWindows(arrays, config);
  const flushes = flushesOf(series, arrays, bounds, config, levels);
  return { flushes, spikes: findLiquidationSpikes(spikes, flushes, { arrays, series, config }) };
}

/**
 * Only the spikes of {@link detectLiquidationEvents}.
 * @example detectLiquidationSpikes(series, detector).map((s) => s.maxMoveFrac)
 */
export function detectLiquidationSpikes(
  series: MarketSeries,
  config: DetectorConfig,
): LiquidationSpike[] {
  return detectLiquidationEvents(series, config).spikes;
}

function flushesOf(
  series: MarketSeries,
  arrays: FlushArrays,
  bounds: FlushBounds[],
  config: DetectorConfig,
  levels: LevelSettings,
): FlushEvent[] {
  if (bounds.length === 0) return [];
  // The broken level is the aftermath's K: the 24-hour low (high) the flush broke, else none.
  const brokenLevel = (startMs: number, priceBefore: number, extreme: number, down: boolean) => {
    const k = referenceLevel(
      series.bars,
      startMs,
      priceBefore,
      extreme,
      down ? 1 : -1,
      levels.referenceLookbackHours,
      levels.referenceConfirmHours,
    );
    return k.source === 'broken-range-extreme' ? k.price : null;
  };
  const rebuild = (b: FlushBounds) =>
    buildFlushEvent(b, { series, arrays, config, brokenLevel, allBounds: bounds });
  const barMs = series.barMinutes * 60_000;
  return mergeEvents(bounds.map(rebuild), bounds, rebuild, config, barMs);
}
