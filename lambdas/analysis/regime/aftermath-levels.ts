import type { RegimeConfig } from '../../config.ts';
import type { FlushEvent, PriceLevel, ReferenceLevelSource, SeriesBar } from '../../model/index.ts';
import { firstBarAt } from '../first-bar-at.ts';
import { referenceLevel } from '../reference-level.ts';
import { resamplePrices } from '../resample-bars.ts';
import { averageTrueRange } from './average-true-range.ts';

const HOUR_MS = 3_600_000;
const ATR_HOURS = 14;
/** Hours of bars before a flush its ATR is measured over (two spare for a partial first hour). */
export const ATR_LOOKBACK_HOURS = ATR_HOURS + 2;

/** The levels of a flush's aftermath (DESIGN.md §5 v2), mirrored by `direction`. */
export interface AftermathLevels {
  /** +1 after a long flush (recovery is up), −1 after a short squeeze. */
  direction: 1 | -1;
  /** `P_pre`: the open of the flush's first bar. */
  priceBefore: number;
  /** `X`: the flush extreme. */
  extreme: number;
  /** `K` and how it was found. */
  reference: number;
  referenceSource: ReferenceLevelSource;
  /** ATR(14) of hourly bars closed before the flush started. */
  atr1hUsd: number | null;
  /** `K ± reclaimAtrMultiple·ATR`, capped at `P_pre`: closes must hold beyond it (`K` without ATR). */
  reclaimLine: number;
  /** Half-way back from the extreme to `P_pre`. */
  mid: number;
  /** How far beyond `X` a price must go to be a new extreme (0 without ATR). */
  newExtremeBufferUsd: number;
}

/** Hourly ATR of the hours that closed before `startMs` (time-based, so any bar size agrees). */
function preFlushAtr(bars: readonly SeriesBar[], startMs: number): number | null {
  // Sliced by binary search: `bars` may hold 30 days of 1-minute bars; ATR needs 16 hours.
  const recent = bars.slice(
    firstBarAt(bars, startMs - ATR_LOOKBACK_HOURS * HOUR_MS),
    firstBarAt(bars, startMs),
  );
  const hourly = resamplePrices(recent, 60).filter((b) => b.openTimeMs + HOUR_MS <= startMs);
  return hourly.length < 2 ? null : averageTrueRange(hourly, ATR_HOURS);
}

/**
 * `K` plus the ATR buffer, but never beyond `P_pre`: closes back where the flush began have
 * retraced the whole leg, which is a reclaim by any reading.
 */
function reclaimLine(k: number, priceBefore: number, direction: 1 | -1, bufferUsd: number): number {
  const line = k + direction * bufferUsd;
  return direction === 1 ? Math.min(line, priceBefore) : Math.max(line, priceBefore);
}

/**
 * Computes `P_pre`, `X`, `K`, the reclaim line and the ATR of a flush from the bars before it
 * (in time order).
 * @example aftermathLevels(series.bars, flush, 1, config).reference // 83108
 */
export function aftermathLevels(
  bars: readonly SeriesBar[],
  flush: FlushEvent,
  direction: 1 | -1,
  config: RegimeConfig,
): AftermathLevels {
  const k = referenceLevel(
    bars,
    flush.startMs,
    flush.priceBefore,
    flush.extremePrice,
    direction,
    config.referenceLookbackHours,
    config.referenceConfirmHours,
  );
  const atr = preFlushAtr(bars, flush.startMs);
  return {
    direction,
    priceBefore: flush.priceBefore,
    extreme: flush.extremePrice,
    reference: k.price,
    referenceSource: k.source,
    atr1hUsd: atr,
    reclaimLine: reclaimLine(
      k.price,
      flush.priceBefore,
      direction,
      config.reclaimAtrMultiple * (atr ?? 0),
    ),
    mid: flush.extremePrice + 0.5 * (flush.priceBefore - flush.extremePrice),
    newExtremeBufferUsd: atr === null ? 0 : config.newExtremeAtrMultiple * atr,
  };
}

/** Names of the levels for readers, by side. */
function levelNames(long: boolean, source: ReferenceLevelSource) {
  return {
    reference:
      source === 'flush-start'
        ? `Where the ${long ? 'flush' : 'squeeze'} began`
        : long
          ? 'Broken 24-hour low'
          : 'Broken 24-hour high',
    trigger: long ? 'Reclaim line' : 'Rejection line',
    extreme: long ? 'Flush low' : 'Squeeze high',
    newExtreme: long ? 'New low since the flush' : 'New high since the squeeze',
  };
}

/**
 * The levels as every section and chart shows them (one level model), with the new extreme
 * since the flush when there is one.
 */
export function toPriceLevels(
  levels: AftermathLevels,
  newExtremePrice: number | null,
): PriceLevel[] {
  const names = levelNames(levels.direction === 1, levels.referenceSource);
  const out: PriceLevel[] = [
    { kind: 'reference', price: levels.reference, label: names.reference },
  ];
  if (levels.reclaimLine !== levels.reference)
    out.push({ kind: 'reclaim-trigger', price: levels.reclaimLine, label: names.trigger });
  out.push({ kind: 'mid', price: levels.mid, label: 'Half-way back' });
  out.push({ kind: 'extreme', price: levels.extreme, label: names.extreme });
  if (newExtremePrice !== null)
    out.push({ kind: 'new-extreme', price: newExtremePrice, label: names.newExtreme });
  return out;
}
