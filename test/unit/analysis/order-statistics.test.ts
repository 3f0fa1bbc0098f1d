import { describe, expect, it } from 'vitest';
import {
  medianAndMad,
  percentileInPlace,
  SlidingMedianWindow,
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

describe('SlidingMedianWindow', () => {
  it('matches medianAndMad of the window at every move, forward, backward and past the window', () => {
    const rng = createPrng(17);
    // Few distinct values (ties across the window edges) and missing ones (NaN).
    const values = Float64Array.from({ length: 3000 }, () => {
      const u = rng.uniform();
      return u < 0.1 ? Number.NaN : Math.round(rng.normal() * 20) / 4;
    });
    const window = new SlidingMedianWindow(values);
    let from = 0;
    let to = 0;
    for (let move = 0; move < 400; move += 1) {
      const jump = rng.uniform();
      if (jump < 0.8) {
        from += Math.floor(rng.uniform() * 30);
        to = Math.max(from, to + Math.floor(rng.uniform() * 40));
      } else if (jump < 0.9)
        from = Math.max(0, from - 50); // backwards
      else from = to + Math.floor(rng.uniform() * 100); // past the window
      to = Math.min(values.length, Math.max(from, to, from + Math.floor(rng.uniform() * 300)));
      from = Math.min(from, to);
      window.moveTo(from, to);
      const present = [...values.subarray(from, to)].filter((v) => !Number.isNaN(v));
      const expected = present.length === 0 ? null : medianAndMad(Float64Array.from(present));
      expect(window.medianAndMad(), `window [${from}, ${to})`).toEqual(expected);
    }
  });
});
