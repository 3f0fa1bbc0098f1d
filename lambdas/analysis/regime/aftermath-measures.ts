import type { RegimeConfig } from '../../config.ts';
import type { AftermathFacts, FlushEvent, SeriesBar } from '../../model/index.ts';
import { coverageAdjustedOi } from '../coverage-adjusted-oi.ts';
import { resamplePrices } from '../resample-bars.ts';
import { standardDeviation } from '../robust-stats.ts';
import type { AftermathLevels } from './aftermath-levels.ts';
import type { PreFlushBaselines } from './pre-flush-baselines.ts';
import { newExtremeSince, trackHold } from './price-path.ts';

const HOUR_MS = 3_600_000;

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

function meanOf(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
}

function sumOf(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0);
}

function ratioOrNull(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator <= 0) return null;
  return numerator / denominator;
}

function lastHour(w: AftermathWindows): SeriesBar[] {
  return w.after.filter((b) => b.openTimeMs + w.barMs > w.asOfMs - HOUR_MS);
}

function spotPerpRatio(bars: readonly SeriesBar[]): number | null {
  const both = bars.filter((b) => b.spotVolumeUsd !== null && b.perpVolumeUsd !== null);
  return ratioOrNull(
    sumOf(both.map((b) => b.spotVolumeUsd)),
    sumOf(both.map((b) => b.perpVolumeUsd)),
  );
}

function relativeSpotPerpRatio(w: AftermathWindows, hourlyMedian: number | null): number | null {
  return hourlyMedian === null ? null : ratioOrNull(spotPerpRatio(w.after), hourlyMedian);
}

function oiFacts(w: AftermathWindows, flush: FlushEvent, config: RegimeConfig) {
  const oi = (b: SeriesBar | undefined) => (b ? coverageAdjustedOi(b, 'oiBase') : null);
  const since = [...w.during, ...w.after].map(oi).filter((v): v is number => v !== null);
  const before = flush.oiBeforeBase ?? oi(w.before.at(-1));
  const trough = since.length > 0 ? Math.min(...since) : null;
  const nowBar = [...w.after].reverse().find((b) => oi(b) !== null);
  const now = oi(nowBar);
  const atEnd = oi([...w.during].reverse().find((b) => oi(b) !== null));
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
    fundingNow8h: meanOf(lastHour(w).map((b) => b.fundingRate8h)),
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
    newExtremePrice: extreme.price,
    newExtremeAtMs: extreme.atMs,
    ...oiFacts(w, flush, config),
    ...fundingFacts(w, baselines),
    premiumNow: meanOf(lastHour(w).map((b) => b.premium)),
    spotPerpRatioRelative: relativeSpotPerpRatio(w, baselines.spotPerpHourlyMedian),
    spotCvdUsd: sumOf(w.after.map((b) => b.spotTakerDeltaUsd)),
    perpCvdUsd: sumOf(w.after.map((b) => b.perpTakerDeltaUsd)),
    volatilityRatio: volatilityRatio(w, levels),
  };
}
