import type { ReferenceLevelSource, SeriesBar } from '../model/index.ts';
import { HOUR_MS } from '../shared/time.ts';
import { firstBarAt } from './first-bar-at.ts';

/** The level a flush's aftermath is judged against (DESIGN.md §5 v2: `K`). */
export interface ReferenceLevel {
  price: number;
  source: ReferenceLevelSource;
}

/**
 * `K`: the low of the `lookbackHours` before the flush, leaving out its last `confirmHours` (a
 * low set then is the slide into the flush, not a level anyone held), when a long flush broke
 * it (the high, for a short squeeze); else the price where the flush began. A level price had
 * already left behind before the flush began was broken before it, not by it. Defined in time,
 * so 5-minute and hourly bars of the same market give the same level. `bars` must be in time order.
 * @example referenceLevel(bars, flush.startMs, flush.priceBefore, flush.extremePrice, 1, 24, 2)
 * // { price: 83108, source: 'broken-range-extreme' }
 */
export function referenceLevel(
  bars: readonly SeriesBar[],
  startMs: number,
  priceBefore: number,
  extremePrice: number,
  direction: 1 | -1,
  lookbackHours: number,
  confirmHours = 0,
): ReferenceLevel {
  const fromMs = startMs - lookbackHours * HOUR_MS;
  const untilMs = startMs - confirmHours * HOUR_MS;
  let rangeExtreme: number | null = null;
  for (let i = firstBarAt(bars, fromMs); i < bars.length; i += 1) {
    const bar = bars[i] as SeriesBar;
    if (bar.openTimeMs >= untilMs) break;
    const value = direction === 1 ? bar.low : bar.high;
    if (rangeExtreme === null || direction * (value - rangeExtreme) < 0) rangeExtreme = value;
  }
  const flushStart = { price: priceBefore, source: 'flush-start' as const };
  if (rangeExtreme === null) return flushStart;
  const brokenBefore = direction * (priceBefore - rangeExtreme) < 0;
  const broken = !brokenBefore && direction * (extremePrice - rangeExtreme) < 0;
  return broken ? { price: rangeExtreme, source: 'broken-range-extreme' } : flushStart;
}
