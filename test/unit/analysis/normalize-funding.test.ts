import { describe, expect, it } from 'vitest';
import { toFundingRate8h } from '../../../lambdas/analysis/index.ts';

describe('toFundingRate8h', () => {
  it.each([
    [0.0001, 8, 0.0001],
    [0.00005, 4, 0.0001],
    [0.0000125, 1, 0.0001],
    [-0.0002, 1, -0.0016],
  ])('normalises %f per %ih to %f per 8h', (rate, hours, expected) => {
    expect(toFundingRate8h(rate, hours)).toBeCloseTo(expected, 12);
  });

  it('treats a non-positive interval as 8h instead of dividing by zero', () => {
    expect(toFundingRate8h(0.0001, 0)).toBe(0.0001);
  });
});
