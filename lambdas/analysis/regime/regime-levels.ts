import type { RegimeConfig } from '../../config.ts';
import type { FlushEvent, PriceLevel, SeriesBar } from '../../model/index.ts';
import { findSwingPivots, type SwingPivot } from '../find-swing-pivots.ts';
import { resampleBars } from '../resample-bars.ts';
import { averageTrueRange } from './average-true-range.ts';

/** Key levels of a flush (DESIGN.md §5), in long-flush terms mirrored by `direction`. */
export interface RegimeLevels {
  /** +1 after a long flush (recovery is up), −1 after a short squeeze. */
  direction: 1 | -1;
  kBreak: number | null;
  kExt: number;
  kMid: number;
  surviving: number[];
  /** ATR(14) of the hourly bars closed before the flush started. */
  atr1h: number | null;
  reclaimTrigger: number | null;
}

const HOUR_MS = 3_600_000;

function lastBrokenPivot(pivots: readonly SwingPivot[], flush: FlushEvent, direction: 1 | -1) {
  const kind = direction === 1 ? 'low' : 'high';
  const before = pivots.filter((p) => p.kind === kind && p.confirmedAtMs <= flush.startMs);
  return before[before.length - 1]?.price ?? null;
}

/**
 * Earlier swing levels beyond the flush extreme with no resampled close
 * beyond them up to the assessment: the levels still standing, nearest first.
 */
function survivingLevels(
  pivots: readonly SwingPivot[],
  pivotBars: readonly SeriesBar[],
  flush: FlushEvent,
  direction: 1 | -1,
): number[] {
  const kind = direction === 1 ? 'low' : 'high';
  return pivots
    .filter((p) => p.kind === kind && p.confirmedAtMs <= flush.startMs)
    .filter((p) => (direction === 1 ? p.price < flush.extremePrice : p.price > flush.extremePrice))
    .filter((p) =>
      pivotBars.every(
        (b) =>
          b.openTimeMs <= p.openTimeMs ||
          (direction === 1 ? b.close >= p.price : b.close <= p.price),
      ),
    )
    .map((p) => p.price)
    .sort((a, b) => (direction === 1 ? b - a : a - b))
    .slice(0, 3);
}

/** Computes K_break, K_ext, K_mid, surviving levels, ATR(1h) and the reclaim trigger from visible bars only. */
export function computeRegimeLevels(
  visible: readonly SeriesBar[],
  flush: FlushEvent,
  direction: 1 | -1,
  config: RegimeConfig,
): RegimeLevels {
  const pivotBars = resampleBars(visible, config.pivotMinutes);
  const pivots = findSwingPivots(pivotBars, config.pivotBarsEachSide, config.pivotMinutes);
  const hourly = resampleBars(visible, 60).filter((b) => b.openTimeMs + HOUR_MS <= flush.startMs);
  const atr1h = averageTrueRange(hourly, 14);
  const kBreak = flush.brokenLevel ?? lastBrokenPivot(pivots, flush, direction);
  return {
    direction,
    kBreak,
    kExt: flush.extremePrice,
    kMid: flush.extremePrice + 0.5 * (flush.priceBefore - flush.extremePrice),
    surviving: survivingLevels(pivots, pivotBars, flush, direction),
    atr1h,
    reclaimTrigger:
      kBreak !== null && atr1h !== null
        ? kBreak + direction * config.reclaimAtrMultiple * atr1h
        : null,
  };
}

/** The levels as the report lists them. */
export function toPriceLevels(levels: RegimeLevels): PriceLevel[] {
  const long = levels.direction === 1;
  const out: PriceLevel[] = [];
  if (levels.kBreak !== null) {
    out.push({
      kind: 'break',
      price: levels.kBreak,
      label: long ? 'Broken swing low' : 'Broken swing high',
    });
  }
  out.push({ kind: 'extreme', price: levels.kExt, label: long ? 'Flush low' : 'Squeeze high' });
  out.push({ kind: 'mid', price: levels.kMid, label: '50 % retrace of the flush leg' });
  if (levels.reclaimTrigger !== null) {
    out.push({
      kind: 'reclaim-trigger',
      price: levels.reclaimTrigger,
      label: long ? 'Reclaim trigger' : 'Rejection trigger',
    });
  }
  for (const price of levels.surviving) {
    out.push({
      kind: 'surviving',
      price,
      label: long ? 'Swing low still standing' : 'Swing high still standing',
    });
  }
  return out;
}
