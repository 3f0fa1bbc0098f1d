import type { SeriesBar } from '../model/index.ts';

/** A fractal swing point on resampled bars. */
export interface SwingPivot {
  kind: 'low' | 'high';
  price: number;
  /** Open time of the pivot bar. */
  openTimeMs: number;
  /** Close time of the N-th bar to its right: before this the pivot is not known. */
  confirmedAtMs: number;
}

function isPivot(bars: readonly SeriesBar[], i: number, n: number, kind: 'low' | 'high'): boolean {
  const center = bars[i];
  if (center === undefined) return false;
  for (let k = i - n; k <= i + n; k += 1) {
    const other = bars[k];
    if (k === i) continue;
    if (other === undefined) return false;
    if (kind === 'low' ? other.low <= center.low : other.high >= center.high) return false;
  }
  return true;
}

/**
 * Fractal pivots: a bar whose low (high) is strictly below (above) the lows
 * (highs) of the `barsEachSide` bars on each side. A pivot is confirmed at the
 * close of its N-th right-hand bar, and carries that time so callers can keep
 * only pivots known at a given moment.
 * @example findSwingPivots(fifteenMinuteBars, 5, 15)
 */
export function findSwingPivots(
  bars: readonly SeriesBar[],
  barsEachSide: number,
  barMinutes: number,
): SwingPivot[] {
  const barMs = barMinutes * 60_000;
  const pivots: SwingPivot[] = [];
  for (let i = barsEachSide; i + barsEachSide < bars.length; i += 1) {
    const bar = bars[i];
    const confirmingBar = bars[i + barsEachSide];
    if (bar === undefined || confirmingBar === undefined) continue;
    const confirmedAtMs = confirmingBar.openTimeMs + barMs;
    const base = { openTimeMs: bar.openTimeMs, confirmedAtMs };
    if (isPivot(bars, i, barsEachSide, 'low'))
      pivots.push({ kind: 'low', price: bar.low, ...base });
    if (isPivot(bars, i, barsEachSide, 'high'))
      pivots.push({ kind: 'high', price: bar.high, ...base });
  }
  return pivots;
}

/**
 * Swing lows confirmed at or before `beforeMs`, oldest first. Bars after
 * `beforeMs` may be passed in: a pivot that needed them is not returned, so
 * there is no look-ahead.
 */
export function confirmedSwingLows(
  bars: readonly SeriesBar[],
  beforeMs: number,
  barsEachSide: number,
  barMinutes: number,
): SwingPivot[] {
  return findSwingPivots(bars, barsEachSide, barMinutes).filter(
    (p) => p.kind === 'low' && p.confirmedAtMs <= beforeMs,
  );
}

/** Swing highs confirmed at or before `beforeMs`, oldest first (mirror of {@link confirmedSwingLows}). */
export function confirmedSwingHighs(
  bars: readonly SeriesBar[],
  beforeMs: number,
  barsEachSide: number,
  barMinutes: number,
): SwingPivot[] {
  return findSwingPivots(bars, barsEachSide, barMinutes).filter(
    (p) => p.kind === 'high' && p.confirmedAtMs <= beforeMs,
  );
}
