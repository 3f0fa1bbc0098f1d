import { describe, expect, it } from 'vitest';
import {
  mean,
  median,
  medianAbsoluteDeviation,
  percentile,
  ROBUST_Z_CAP,
  robustZScore,
  standardDeviation,
} from '../../../lambdas/analysis/index.ts';
import { InsufficientDataError } from '../../../lambdas/errors.ts';

describe('median and MAD', () => {
  it('returns the middle value for an odd count and the mean of the middle two for an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores an outlier in the MAD', () => {
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1);
  });

  it('throws InsufficientDataError on an empty sample', () => {
    expect(() => median([])).toThrow(InsufficientDataError);
    expect(() => mean([])).toThrow(InsufficientDataError);
    expect(() => percentile([], 0.5)).toThrow(InsufficientDataError);
    expect(() => robustZScore(1, [])).toThrow(InsufficientDataError);
  });
});

describe('percentile', () => {
  it('interpolates linearly between ranks', () => {
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentile([10, 20, 30, 40], 0.99)).toBeCloseTo(39.7, 10);
  });

  it('returns the minimum at p = 0 and the maximum at p = 1, clamping beyond', () => {
    expect(percentile([5, 1, 9], 0)).toBe(1);
    expect(percentile([5, 1, 9], 1)).toBe(9);
    expect(percentile([5, 1, 9], 1.5), 'p above 1 is clamped').toBe(9);
    expect(percentile([5, 1, 9], -1), 'p below 0 is clamped').toBe(1);
  });

  it('returns the only value of a one-element sample', () => {
    expect(percentile([7], 0.9)).toBe(7);
  });
});

describe('robustZScore', () => {
  it('scales by 1.4826 × MAD', () => {
    expect(robustZScore(10, [1, 2, 3, 4, 5])).toBeCloseTo(7 / 1.4826, 10);
  });

  it('falls back to 1.2533 × mean absolute deviation when MAD is 0', () => {
    const sample = [5, 5, 5, 5, 9];
    // MAD = 0; mean absolute deviation from the median 5 = 4 / 5 = 0.8.
    expect(robustZScore(7, sample)).toBeCloseTo(2 / (1.2533 * 0.8), 10);
  });

  it('returns 0 at the median and a finite cap elsewhere when every value is identical', () => {
    expect(robustZScore(3, [3, 3, 3])).toBe(0);
    expect(robustZScore(4, [3, 3, 3])).toBe(ROBUST_Z_CAP);
    expect(robustZScore(2, [3, 3, 3])).toBe(-ROBUST_Z_CAP);
  });
});

describe('standardDeviation', () => {
  it('is the sample standard deviation and 0 below two values', () => {
    expect(standardDeviation([1, 3])).toBeCloseTo(Math.SQRT2, 12);
    expect(standardDeviation([4])).toBe(0);
  });
});
