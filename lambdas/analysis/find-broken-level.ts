import type { SeriesBar } from '../model/index.ts';
import type { SwingPivot } from './find-swing-pivots.ts';

/**
 * The last swing level confirmed before `startMs` that the flush extreme broke
 * (a swing low above the low of a long flush; a swing high below the high of a
 * short squeeze) and that was still intact when the flush started: no
 * resampled close beyond it between the pivot and the start. Null if none.
 */
export function findBrokenLevel(
  pivots: readonly SwingPivot[],
  pivotBars: readonly SeriesBar[],
  startMs: number,
  extremePrice: number,
  down: boolean,
): number | null {
  const candidates = pivots.filter(
    (p) =>
      p.kind === (down ? 'low' : 'high') &&
      p.confirmedAtMs <= startMs &&
      (down ? p.price > extremePrice : p.price < extremePrice),
  );
  for (let c = candidates.length - 1; c >= 0; c -= 1) {
    const pivot = candidates[c];
    if (pivot === undefined) continue;
    const intact = pivotBars.every(
      (b) =>
        b.openTimeMs <= pivot.openTimeMs ||
        b.openTimeMs >= startMs ||
        (down ? b.close >= pivot.price : b.close <= pivot.price),
    );
    if (intact) return pivot.price;
  }
  return null;
}
