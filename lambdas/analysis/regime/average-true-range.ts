import type { SeriesBar } from '../../model/index.ts';

/**
 * Average true range over the last `periods` bars (simple mean of true
 * ranges; the first bar's true range is its high − low). Null with no bars.
 * @example averageTrueRange(hourlyBarsBeforeFlush, 14)
 */
export function averageTrueRange(
  bars: ReadonlyArray<Pick<SeriesBar, 'high' | 'low' | 'close'>>,
  periods = 14,
): number | null {
  if (bars.length === 0) return null;
  const from = Math.max(0, bars.length - periods);
  let sum = 0;
  for (let i = from; i < bars.length; i += 1) {
    const bar = bars[i];
    if (bar === undefined) continue;
    const previousClose = bars[i - 1]?.close;
    const range = bar.high - bar.low;
    sum +=
      previousClose === undefined
        ? range
        : Math.max(range, Math.abs(bar.high - previousClose), Math.abs(bar.low - previousClose));
  }
  return sum / (bars.length - from);
}
