import { describe, expect, it } from 'vitest';
import {
  medianAndMad,
  percentileInPlace,
  selectKth,
} from '../../../lambdas/analysis/order-statistics.ts';
import { createPrng } from '../../../lambdas/market/scenarios/prng.ts';

/** R-7 on a sorted copy: the definition the detector's thresholds were calibrated on. */
function sortedPercentile(sample: readonly number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(1, Math.max(0, p)) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(sorted.length - 1, lo + 1);
  const loValue = sorted[lo] ?? 0;
  return loValue + ((sorted[hi] ?? loValue) - loValue) * (rank - lo);
}

/** Random samples of every awkward shape: ties, constants, sorted, reversed, heavy tails. */
function randomSamples(seed: number, count: number): number[][] {
  const rng = createPrng(seed);
  const samples: number[][] = [];
  for (let s = 0; s < count; s += 1) {
    const n = 1 + Math.floor(rng.uniform() * 200);
    const shape = s % 5;
    const values = Array.from({ length: n }, (_, i) => {
      if (shape === 0) return rng.normal();
      if (shape === 1) return Math.floor(rng.uniform() * 4); // many ties
      if (shape === 2) return i; // already sorted
      if (shape === 3) return n - i; // reversed
      return Math.exp(4 * rng.normal()); // heavy tail
    });
    samples.push(values);
  }
  return samples;
}

describe('selectKth', () => {
  it('returns the k-th smallest value with smaller values before it and larger after', () => {
    for (const sample of randomSamples(11, 200)) {
      const sorted = [...sample].sort((a, b) => a - b);
      const k = Math.floor(sample.length / 3);
      const a = Float64Array.from(sample);
      expect(selectKth(a, k)).toBe(sorted[k]);
      for (let i = 0; i < a.length; i += 1) {
        if (i < k) expect(a[i]).toBeLessThanOrEqual(a[k] as number);
        if (i > k) expect(a[i]).toBeGreaterThanOrEqual(a[k] as number);
      }
    }
  });
});

describe('percentileInPlace', () => {
  it('gives the same value, bit for bit, as interpolating in a sorted copy', () => {
    const rng = createPrng(5);
    for (const sample of randomSamples(3, 400)) {
      for (const p of [0, 0.05, 0.5, 0.9, 0.95, 0.99, 1, rng.uniform()]) {
        expect(percentileInPlace(Float64Array.from(sample), p)).toBe(sortedPercentile(sample, p));
      }
    }
  });

  it('clamps p outside [0, 1] to the minimum and maximum', () => {
    expect(percentileInPlace(Float64Array.of(5, 1, 9), -1)).toBe(1);
    expect(percentileInPlace(Float64Array.of(5, 1, 9), 2)).toBe(9);
  });
});

describe('medianAndMad', () => {
  it('matches the median and the median of absolute deviations taken by sorting', () => {
    for (const sample of randomSamples(8, 300)) {
      const median = sortedPercentile(sample, 0.5);
      const mad = sortedPercentile(
        sample.map((x) => Math.abs(x - median)),
        0.5,
      );
      expect(medianAndMad(Float64Array.from(sample))).toEqual({ median, mad });
    }
  });

  it('ignores an outlier', () => {
    expect(medianAndMad(Float64Array.of(1, 2, 3, 4, 100))).toEqual({ median: 3, mad: 1 });
  });
});
