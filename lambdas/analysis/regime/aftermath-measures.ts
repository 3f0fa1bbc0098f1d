import type { RegimeConfig } from '../../config.ts';
import type { AftermathFacts, FlushEvent, SeriesBar } from '../../model/index.ts';
import { HOUR_MS } from '../../shared/time.ts';
import { coverageAdjustedOi } from '../coverage-adjusted-oi.ts';
import { resamplePrices } from '../resample-bars.ts';
import { standardDeviation } from '../robust-stats.ts';
import type { AftermathLevels } from './aftermath-levels.ts';
import type { PreFlushBaselines } from './pre-flush-baselines.ts';
import { newExtremeSince, trackHold } from './price-path.ts';

/** Bars around the flush, split once; only bars closed by `asOfMs`. */
export interface AftermathWindows {
  before: SeriesBar[];
  during: SeriesBar[];
  after: SeriesBar[];
  barMs: number;
  asOfMs: number;
  /** Close of the flush's last bar. */
  endCloseMs: number;
}

type NumericField = 'fundingRate8h' | 'premium' | 'spotTakerDeltaUsd' | 'perpTakerDeltaUsd';

/**
 * Sum and count of a field's finite values over the bars that `keep` accepts, summed in order
 * from 0 (as reducing the filtered values would). Loops, not filter/map chains: a reading runs at
 * every checkpoint of every flush, and their temporary arrays were most of replay's garbage.
 */
function fieldTotals(
  bars: readonly SeriesBar[],
  key: NumericField,
  keep: (bar: SeriesBar) => boolean = () => true,
) {
  let sum = 0;
  let count = 0;
  for (const bar of bars) {
    const v = bar[key];
    if (v === null || !Number.isFinite(v) || !keep(bar)) continue;
    sum += v;
    count += 1;
  }
  return { sum, count };
}

function sumField(bars: readonly SeriesBar[], key: NumericField): number | null {
  const { sum, count } = fieldTotals(bars, key);
  return count === 0 ? null : sum;
}

/** Mean of a field over the bars closed in the checkpoint's last hour. */
function lastHourMean(w: AftermathWindows, key: NumericField): number | null {
  const { sum, count } = fieldTotals(
    w.after,
    key,
    (b) => b.openTimeMs + w.barMs > w.asOfMs - HOUR_MS,
  );
  return count === 0 ? null : sum / count;
}

function ratioOrNull(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator <= 0) return null;
  return numerator / denominator;
}

/** Spot ÷ perp volume over the bars that have both (each sum over its finite values). */
function spotPerpRatio(bars: readonly SeriesBar[]): number | null {
  let spot = 0;
  let perp = 0;
  let anySpot = false;
  let anyPerp = false;
  for (const b of bars) {
    if (b.spotVolumeUsd === null || b.perpVolumeUsd === null) continue;
    if (Number.isFinite(b.spotVolumeUsd)) {
      spot += b.spotVolumeUsd;
      anySpot = true;
    }
    if (Number.isFinite(b.perpVolumeUsd)) {
      perp += b.perpVolumeUsd;
      anyPerp = true;
    }
  }
  return ratioOrNull(anySpot ? spot : null, anyPerp ? perp : null);
}

function relativeSpotPerpRatio(w: AftermathWindows, hourlyMedian: number | null): number | null {
  return hourlyMedian === null ? null : ratioOrNull(spotPerpRatio(w.after), hourlyMedian);
}

/** The last bar's coverage-adjusted OI (base) among `bars` that has one; null if none does. */
function lastOi(bars: readonly SeriesBar[]): number | null {
  for (let i = bars.length - 1; i >= 0; i -= 1) {
    const oi = coverageAdjustedOi(bars[i] as SeriesBar, 'oiBase');
    if (oi !== null) return oi;
  }
  return null;
}

function oiFacts(w: AftermathWindows, flush: FlushEvent, config: RegimeConfig) {
  let trough: number | null = null;
  for (const bars of [w.during, w.after])
    for (const bar of bars) {
      const oi = coverageAdjustedOi(bar, 'oiBase');
      if (oi !== null) trough = trough === null ? oi : Math.min(trough, oi);
    }
  const lastBefore = w.before.at(-1);
  const before =
    flush.oiBeforeBase ??
    (lastBefore === undefined ? null : coverageAdjustedOi(lastBefore, 'oiBase'));
  const now = lastOi(w.after);
  const atEnd = lastOi(w.during);
  const change = (from: number | null) =>
    now !== null && from !== null && from > 0 ? now / from - 1 : null;
  const drop = before !== null && trough !== null ? before - trough : null;
  const rebuildFrac =
    drop !== null && drop > 0 && now !== null && trough !== null ? (now - trough) / drop : null;
  return {
    oiBeforeBase: before,
    oiTroughBase: trough,
    oiNowBase: now,
    oiVsBeforeFrac: change(before),
    oiVsEndFrac: change(atEnd),
    oiRebuildFrac: rebuildFrac,
    oiRebuilt:
      now === null || before === null
        ? null
        : now >= before || (rebuildFrac !== null && rebuildFrac >= config.rebuildRatio),
  };
}

function fundingFacts(w: AftermathWindows, baselines: PreFlushBaselines) {
  return {
    fundingNow8h: lastHourMean(w, 'fundingRate8h'),
    fundingMedian8h: baselines.fundingMedian8h,
    fundingMad8h: baselines.fundingMad8h,
  };
}

/** Hourly realised volatility since the flush (last 12 h at most) ÷ the flush's own per-hour move. */
function volatilityRatio(w: AftermathWindows, levels: AftermathLevels): number | null {
  const recent = w.after.filter((b) => b.openTimeMs >= w.asOfMs - 12 * HOUR_MS);
  const hourly = resamplePrices(recent, 60).filter((b) => b.openTimeMs + HOUR_MS <= w.asOfMs);
  if (hourly.length < 3) return null;
  const after = standardDeviation(hourly.map((b) => Math.log(b.close / b.open)));
  const flushHours = Math.max(
    1,
    (w.endCloseMs - (w.during[0]?.openTimeMs ?? w.endCloseMs)) / HOUR_MS,
  );
  const during = Math.abs(Math.log(levels.extreme / levels.priceBefore)) / Math.sqrt(flushHours);
  return ratioOrNull(after, during);
}

/**
 * Measures the market at a checkpoint from the bars closed by then (DESIGN.md §5 v2), against
 * the asset's pre-flush baselines (measured once per flush, see `pre-flush-baselines.ts`).
 * @example aftermathFacts(windows, flush, levels, config, baselines).retraceFrac // 0.42
 */
export function aftermathFacts(
  w: AftermathWindows,
  flush: FlushEvent,
  levels: AftermathLevels,
  config: RegimeConfig,
  baselines: PreFlushBaselines,
): AftermathFacts {
  const d = levels.direction;
  const last = w.after.at(-1) ?? w.during.at(-1);
  const priceNow = last?.close ?? levels.extreme;
  const leg = levels.priceBefore - levels.extreme;
  const hold = trackHold({
    bars: [...w.during, ...w.after],
    barMs: w.barMs,
    fromCloseMs: w.endCloseMs,
    asOfMs: w.asOfMs,
    line: levels.reclaimLine,
    direction: d,
    holdMs: config.holdMinutes * 60_000,
  });
  const extreme = newExtremeSince(w.after, levels.extreme, d, levels.newExtremeBufferUsd);
  return {
    priceNow,
    priceNowAtMs: last ? last.openTimeMs + w.barMs : w.endCloseMs,
    priceBefore: levels.priceBefore,
    extremePrice: levels.extreme,
    retraceFrac: leg === 0 ? 0 : (priceNow - levels.extreme) / leg,
    referencePrice: levels.reference,
    referenceSource: levels.referenceSource,
    referenceLookbackHours: config.referenceLookbackHours,
    reclaimLine: levels.reclaimLine,
    atr1hUsd: levels.atr1hUsd,
    ...hold,
    newExtremeLine: levels.extreme - d * levels.newExtremeBufferUsd,
    grindLine: levels.extreme + config.grindMaxRetrace * leg,
    newExtremeRetraceLine: levels.extreme + config.newExtremeMaxRetrace * leg,
    newExtremePrice: extreme.price,
    newExtremeAtMs: extreme.atMs,
    ...oiFacts(w, flush, config),
    ...fundingFacts(w, baselines),
    premiumNow: lastHourMean(w, 'premium'),
    spotPerpRatioRelative: relativeSpotPerpRatio(w, baselines.spotPerpHourlyMedian),
    spotCvdUsd: sumField(w.after, 'spotTakerDeltaUsd'),
    perpCvdUsd: sumField(w.after, 'perpTakerDeltaUsd'),
    volatilityRatio: volatilityRatio(w, levels),
  };
}
