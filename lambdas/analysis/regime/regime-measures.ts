import type { RegimeConfig } from '../../config.ts';
import type { FlushEvent, SeriesBar } from '../../model/index.ts';
import { coverageAdjustedOi } from '../coverage-adjusted-oi.ts';
import { resampleBars } from '../resample-bars.ts';
import { median, standardDeviation } from '../robust-stats.ts';
import { findReclaim } from './find-reclaim.ts';
import type { RegimeLevels } from './regime-levels.ts';

/** Everything the regime rules test; null = the input was not available. */
export interface RegimeMeasures {
  priceNow: number;
  /** True/false once the trigger is known; null without a trigger. */
  reclaimed: boolean | null;
  /** Post-flush spot/perp volume ratio ÷ its trailing (≤ 30-day) hourly median. */
  spotPerpRatioRelative: number | null;
  spotCvdUsd: number | null;
  perpCvdUsd: number | null;
  /** (OI_now − OI_min) / (OI_pre − OI_min), coverage-adjusted base units. */
  rebuildRatio: number | null;
  fundingNow8h: number | null;
  fundingPreFlush8h: number | null;
  premiumNow: number | null;
  oiChangeSinceEndPct: number | null;
  /** OI change over the last 24h, or since the flush ended if that is sooner. */
  oiChange24hPct: number | null;
  /** σ of 1-bar log returns after the flush ÷ σ during it. */
  volatilityRatio: number | null;
  /** Mean coverage of the bars after the flush. */
  coverage: number;
}

/** Bars around the flush, split once. */
export interface RegimeWindows {
  before: SeriesBar[];
  during: SeriesBar[];
  after: SeriesBar[];
  asOfMs: number;
  /** Close of the flush's last bar. */
  endCloseMs: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function meanOf(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
}

function sumOf(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0);
}

function ratioOrNull(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator <= 0) return null;
  return numerator / denominator;
}

function spotPerpRatio(bars: readonly SeriesBar[]): number | null {
  const both = bars.filter((b) => b.spotVolumeUsd !== null && b.perpVolumeUsd !== null);
  return ratioOrNull(
    sumOf(both.map((b) => b.spotVolumeUsd)),
    sumOf(both.map((b) => b.perpVolumeUsd)),
  );
}

function relativeSpotPerpRatio(w: RegimeWindows, flush: FlushEvent): number | null {
  const trailing = w.before.filter((b) => b.openTimeMs >= flush.startMs - 30 * DAY_MS);
  const hourly = resampleBars(trailing, 60)
    .map((b) => spotPerpRatio([b]))
    .filter((r): r is number => r !== null);
  const now = spotPerpRatio(w.after);
  return hourly.length === 0 ? null : ratioOrNull(now, median(hourly));
}

function logReturnSigma(bars: readonly SeriesBar[]): number | null {
  if (bars.length < 3) return null;
  return standardDeviation(bars.map((b) => Math.log(b.close / b.open)));
}

function oiMeasures(w: RegimeWindows, flush: FlushEvent) {
  const oi = (b: SeriesBar | undefined) => (b ? coverageAdjustedOi(b, 'oiBase') : null);
  const since = [...w.during, ...w.after].map(oi).filter((v): v is number => v !== null);
  const now = oi(w.after[w.after.length - 1]);
  const atEnd = oi(w.during[w.during.length - 1]);
  const pre = flush.oiBeforeBase ?? oi(w.before[w.before.length - 1]);
  const min = since.length > 0 ? Math.min(...since) : null;
  const dayAgoMs = Math.max(w.asOfMs - DAY_MS, flush.endMs);
  const dayAgo = oi([...w.during, ...w.after].filter((b) => b.openTimeMs <= dayAgoMs).pop());
  const change = (from: number | null) =>
    now !== null && from !== null && from > 0 ? now / from - 1 : null;
  const rebuildBase = pre !== null && min !== null ? pre - min : null;
  return {
    rebuildRatio:
      now !== null && min !== null && rebuildBase !== null && rebuildBase > 0
        ? (now - min) / rebuildBase
        : null,
    oiChangeSinceEndPct: change(atEnd),
    oiChange24hPct: change(dayAgo),
  };
}

/** Measures the post-flush market from the visible bars (DESIGN.md §5). */
export function measureRegime(
  w: RegimeWindows,
  flush: FlushEvent,
  levels: RegimeLevels,
  config: RegimeConfig,
): RegimeMeasures {
  const last = w.after[w.after.length - 1] ?? w.during[w.during.length - 1];
  const lastHour = w.after.filter((b) => b.openTimeMs >= w.asOfMs - HOUR_MS);
  const hourly = resampleBars([...w.during, ...w.after], 60);
  const reclaimUntilMs = Math.min(w.asOfMs, w.endCloseMs + config.reclaimWithinHours * HOUR_MS);
  return {
    priceNow: last?.close ?? flush.extremePrice,
    reclaimed:
      levels.reclaimTrigger === null
        ? null
        : findReclaim(
            hourly,
            levels.reclaimTrigger,
            levels.direction,
            w.endCloseMs,
            reclaimUntilMs,
          ) !== null,
    spotPerpRatioRelative: relativeSpotPerpRatio(w, flush),
    spotCvdUsd: sumOf(w.after.map((b) => b.spotTakerDeltaUsd)),
    perpCvdUsd: sumOf(w.after.map((b) => b.perpTakerDeltaUsd)),
    ...oiMeasures(w, flush),
    fundingNow8h: meanOf(lastHour.map((b) => b.fundingRate8h)),
    fundingPreFlush8h: meanOf(
      w.before
        .filter((b) => b.openTimeMs >= flush.startMs - 8 * HOUR_MS)
        .map((b) => b.fundingRate8h),
    ),
    premiumNow: meanOf(lastHour.map((b) => b.premium)),
    volatilityRatio: ratioOrNull(logReturnSigma(w.after), logReturnSigma(w.during)),
    coverage: meanOf(w.after.map((b) => b.coverage)) ?? last?.coverage ?? 0,
  };
}
