import type { DetectorConfig } from '../config.ts';
import type { FlushEvent, FlushTier, MarketSeries } from '../model/index.ts';
import type { FlushBounds } from './find-flush-bounds.ts';
import { liquidationsAreLowerBound } from './find-unwatched-liquidations.ts';
import { type FlushArrays, liqTotal, oiAt, rangeSum } from './flush-arrays.ts';
import { quietBars } from './scan-flush-windows.ts';

/** Context the event builder needs beyond the bounds. */
export interface FlushEventContext {
  series: MarketSeries;
  arrays: FlushArrays;
  config: DetectorConfig;
  /** Resolves the level the event broke (null if none) from its start, opening price and extreme. */
  brokenLevel: (
    startMs: number,
    priceBefore: number,
    extremePrice: number,
    down: boolean,
  ) => number | null;
  /** Every flush found in the series, so the tier measure leaves the others out. */
  allBounds?: readonly FlushBounds[];
}

function safeRatio(numerator: number, denominator: number | null): number {
  return denominator !== null && denominator > 0 ? numerator / denominator : 0;
}

function extremeOf(a: FlushArrays, from: number, to: number, down: boolean) {
  let index = from;
  for (let k = from; k <= to; k += 1) {
    const better = down
      ? (a.low[k] ?? 0) < (a.low[index] ?? 0)
      : (a.high[k] ?? 0) > (a.high[index] ?? 0);
    if (better) index = k;
  }
  return { index, price: (down ? a.low[index] : a.high[index]) ?? 0 };
}

function peakIndex(a: FlushArrays, from: number, to: number): number {
  let peak = from;
  for (let k = from; k <= to; k += 1) if (liqTotal(a, k, k) > liqTotal(a, peak, peak)) peak = k;
  return peak;
}

/** OI change (base units) from just before the event to its minimum during or just after it. */
function oiMove(a: FlushArrays, from: number, to: number, afterBars: number) {
  const before = oiAt(a.oiBase, from - 1) ?? oiAt(a.oiBase, from);
  const beforeUsd = oiAt(a.oiUsd, from - 1) ?? oiAt(a.oiUsd, from);
  // The venues whose liquidations are counted: what L/OI divides by (see FlushArrays.liqOiUsd).
  const liqAt = oiAt(a.liqOiUsd, from - 1) === null ? from : from - 1;
  const liqBeforeUsd = oiAt(a.liqOiUsd, liqAt);
  const liqOiOf: FlushEvent['liqToOiOf'] = a.liqOiFed[liqAt] === 1 ? 'fed' : 'all';
  let min: number | null = null;
  for (let k = from; k <= Math.min(a.n - 1, to + afterBars); k += 1) {
    const oi = oiAt(a.oiBase, k);
    if (oi !== null && (min === null || oi < min)) min = oi;
  }
  const changePct = before !== null && before > 0 && min !== null ? min / before - 1 : null;
  return { before, beforeUsd, liqBeforeUsd, liqOiOf, min, changePct };
}

/**
 * The tier measure's liquidations: the event's own, plus its side's liquidations in the rest of
 * the 24 h ending with its last bar, leaving out other flushes (a squeeze after three long
 * crashes is not an "extreme squeeze" because of them).
 */
function tierLiquidations(
  a: FlushArrays,
  from: number,
  to: number,
  side: FlushEvent['side'],
  all: readonly FlushBounds[],
): number {
  const dayBars = Math.round((24 * 60) / a.barMinutes);
  const lo = Math.max(0, to - dayBars + 1);
  const sides =
    side === 'two-sided' ? [a.cumLong, a.cumShort] : [side === 'long' ? a.cumLong : a.cumShort];
  let usd = liqTotal(a, from, to);
  for (const cum of sides) {
    usd += rangeSum(cum, lo, from - 1);
    for (const b of all) {
      if (b.endIndex >= from) continue;
      const start = Math.max(b.startIndex, lo);
      if (b.endIndex >= start) usd -= rangeSum(cum, start, b.endIndex);
    }
  }
  return usd;
}

function tierOf(loi24h: number, config: DetectorConfig): FlushTier {
  if (loi24h >= config.tiers.extreme) return 'extreme';
  if (loi24h >= config.tiers.major) return 'major';
  return 'minor';
}

function confirmationOf(
  changePct: number | null,
  config: DetectorConfig,
): FlushEvent['oiConfirmation'] {
  if (changePct === null) return 'unconfirmed';
  if (-changePct >= config.oiDeepResetDropPct) return 'deep-reset';
  return -changePct >= config.oiConfirmedDropPct ? 'confirmed' : 'unconfirmed';
}

/**
 * Measures an event between its bounds (DESIGN.md §5). Side comes from the
 * event's own totals: dominance below `minDominance` makes it `two-sided`.
 * Tier uses L/OI over the 24h ending at the event's last bar (which includes
 * the event itself, so it is never below the event's own L/OI).
 */
export function buildFlushEvent(bounds: FlushBounds, ctx: FlushEventContext): FlushEvent {
  const { arrays: a, config, series } = ctx;
  const { startIndex: from, endIndex: to } = bounds;
  const longUsd = rangeSum(a.cumLong, from, to);
  const shortUsd = rangeSum(a.cumShort, from, to);
  const total = longUsd + shortUsd;
  const dominance = safeRatio(Math.max(longUsd, shortUsd), total);
  const priceBefore = a.open[from] ?? 0;
  const priceMovePct = safeRatio(a.close[to] ?? 0, priceBefore) - 1;
  const side =
    dominance < config.minDominance ? 'two-sided' : longUsd >= shortUsd ? 'long' : 'short';
  const down = side === 'two-sided' ? priceMovePct < 0 : side === 'long';
  const extreme = extremeOf(a, from, to, down);
  // OI's low is looked for through the quiet that ended the event, as findFlushBounds saw it.
  const oi = oiMove(a, from, to, quietBars(config, a.barMinutes));
  const oiDropUsd = oi.before !== null && oi.min !== null ? (oi.before - oi.min) * priceBefore : 0;
  const liqToOi24h = safeRatio(
    tierLiquidations(a, from, to, side, ctx.allBounds ?? []),
    oi.liqBeforeUsd,
  );
  const startMs = a.openTimeMs[from] ?? 0;
  let coverageSum = 0;
  for (let k = from; k <= to; k += 1) coverageSum += a.coverage[k] ?? 0;
  return {
    asset: series.asset,
    side,
    startMs,
    endMs: a.openTimeMs[to] ?? 0,
    peakBarMs: a.openTimeMs[peakIndex(a, from, to)] ?? 0,
    liqLongUsd: longUsd,
    liqShortUsd: shortUsd,
    liqTotalUsd: total,
    liqIsLowerBound: liquidationsAreLowerBound(series, {
      fromMs: startMs,
      toMs: (a.openTimeMs[to] ?? startMs) + a.barMinutes * 60_000,
    }),
    liqEstimated: series.liquidationsEstimated,
    dominance,
    liqToOi: safeRatio(total, oi.liqBeforeUsd),
    liqToOiOf: oi.liqOiOf,
    priceMovePct,
    displacementSigma: bounds.trigger.displacementSigma,
    liqZScore: bounds.trigger.liqZScore,
    oiChangePct: oi.changePct,
    oiBeforeBase: oi.before,
    oiBeforeUsd: oi.beforeUsd,
    oiConfirmation: confirmationOf(oi.changePct, config),
    liqUndercountSuspected: oiDropUsd > 0 && total < config.undercountRatio * oiDropUsd,
    liqToOi24h,
    tier: tierOf(liqToOi24h, config),
    priceBefore,
    extremePrice: extreme.price,
    extremeMs: a.openTimeMs[extreme.index] ?? 0,
    brokenLevel: ctx.brokenLevel(startMs, priceBefore, extreme.price, down),
    coverage: coverageSum / (to - from + 1),
  };
}
