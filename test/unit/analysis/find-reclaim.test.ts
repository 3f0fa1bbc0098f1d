import { describe, expect, it } from 'vitest';
import { findReclaim } from '../../../lambdas/analysis/index.ts';
import { barsFromCloses } from './series-fixtures.ts';

const H = 3_600_000;

describe('findReclaim', () => {
  it('needs two consecutive hourly closes above the trigger', () => {
    const bars = barsFromCloses([90, 101, 95, 101, 102], 60);
    // Close of bar 4 (the second consecutive close above 100) is at 5h.
    expect(findReclaim(bars, 100, 1, 0, 10 * H)).toBe(5 * H);
  });

  it('does not count a single close above the trigger', () => {
    const bars = barsFromCloses([90, 101, 95, 99, 98], 60);
    expect(findReclaim(bars, 100, 1, 0, 10 * H)).toBeNull();
  });

  it('does not count two closes separated by a missing hour', () => {
    const bars = barsFromCloses([101, 101], 60).map((b, i) => ({ ...b, openTimeMs: i * 2 * H }));
    expect(findReclaim(bars, 100, 1, 0, 10 * H)).toBeNull();
  });

  it('ignores bars closing outside the window', () => {
    const bars = barsFromCloses([101, 102, 103], 60);
    expect(
      findReclaim(bars, 100, 1, 0, 2 * H - 1),
      'the second close falls after the window',
    ).toBeNull();
    expect(
      findReclaim(bars, 100, 1, 1 * H, 3 * H),
      'the first bar closes at the window start',
    ).toBe(3 * H);
  });

  it('mirrors for a short squeeze: two closes below the trigger', () => {
    const bars = barsFromCloses([110, 99, 98], 60);
    expect(findReclaim(bars, 100, -1, 0, 10 * H)).toBe(3 * H);
  });
});
