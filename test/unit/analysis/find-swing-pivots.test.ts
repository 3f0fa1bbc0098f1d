import { describe, expect, it } from 'vitest';
import {
  confirmedSwingHighs,
  confirmedSwingLows,
  findSwingPivots,
} from '../../../lambdas/analysis/index.ts';
import { barsFromCloses } from './series-fixtures.ts';

const M15 = 15 * 60_000;
// A V with its low at index 5, then a rise: a swing low with two bars either side once index 7 closes.
const closes = [110, 108, 106, 104, 102, 100, 103, 105, 107, 109];

describe('swing pivots', () => {
  it('finds a fractal low and confirms it at the close of the N-th bar to its right', () => {
    const bars = barsFromCloses(closes, 15);
    const lows = findSwingPivots(bars, 2, 15).filter((p) => p.kind === 'low');
    expect(lows).toHaveLength(1);
    // Bar 5 has low 99.5; bar 7 closes at 8 × 15 minutes.
    expect(lows[0]).toMatchObject({ price: 99.5, openTimeMs: 5 * M15, confirmedAtMs: 8 * M15 });
  });

  it('does not return a pivot before its confirming bar has closed (no look-ahead)', () => {
    const bars = barsFromCloses(closes, 15);
    expect(confirmedSwingLows(bars, 8 * M15 - 1, 2, 15)).toHaveLength(0);
    expect(confirmedSwingLows(bars, 8 * M15, 2, 15)).toHaveLength(1);
  });

  it('gives the same answer whether later bars are passed in or not', () => {
    const all = barsFromCloses(closes, 15);
    const known = all.slice(0, 8);
    expect(confirmedSwingLows(all, 8 * M15, 2, 15)).toEqual(
      confirmedSwingLows(known, 8 * M15, 2, 15),
    );
  });

  it('needs N bars on both sides: an edge bar is never a pivot', () => {
    const bars = barsFromCloses([100, 101, 102, 103, 104], 15);
    expect(findSwingPivots(bars, 2, 15).filter((p) => p.kind === 'low')).toHaveLength(0);
    expect(confirmedSwingHighs(barsFromCloses([1, 2, 3, 2, 1], 15), 1e12, 2, 15)).toHaveLength(1);
  });
});
