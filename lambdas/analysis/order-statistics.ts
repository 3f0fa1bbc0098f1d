/**
 * Order statistics in linear time (quickselect), for the percentiles, medians and MADs that
 * every baseline takes: sorting a 30-day sample of 1-minute bars at every checkpoint made replay
 * quadratic. The values are exactly those of sorting the sample first, since the k-th smallest
 * value does not depend on how it was found. Inputs must be free of NaN, as sorting needs too.
 */

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}

/**
 * Rearranges `a` in place so that `a[k]` is its k-th smallest value (0-based), every value
 * before it is ≤ and every value after it is ≥, and returns it. Median-of-three pivots keep
 * sorted and constant samples linear.
 * @example selectKth(Float64Array.of(5, 1, 4, 2), 1) // 2
 */
export function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < (a[lo] as number)) swap(a, mid, lo);
    if ((a[hi] as number) < (a[lo] as number)) swap(a, hi, lo);
    if ((a[hi] as number) < (a[mid] as number)) swap(a, hi, mid);
    const pivot = a[mid] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i += 1;
      while ((a[j] as number) > pivot) j -= 1;
      if (i <= j) {
        swap(a, i, j);
        i += 1;
        j -= 1;
      }
    }
    // [lo, j] ≤ pivot ≤ [i, hi], and anything strictly between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

/**
 * R-7 percentile (linear interpolation between closest ranks, `p` clamped to [0, 1]) of a
 * non-empty sample, reordering it in place: the same value, bit for bit, as interpolating in
 * a sorted copy.
 * @example percentileInPlace(Float64Array.of(40, 10, 30, 20), 0.5) // 25
 */
export function percentileInPlace(a: Float64Array, p: number): number {
  const rank = Math.min(1, Math.max(0, p)) * (a.length - 1);
  const lo = Math.floor(rank);
  const loValue = selectKth(a, lo);
  // After selection the next rank's value is the smallest of everything after `lo`.
  let hiValue = loValue;
  if (lo + 1 < a.length) {
    hiValue = a[lo + 1] as number;
    for (let i = lo + 2; i < a.length; i += 1)
      if ((a[i] as number) < hiValue) hiValue = a[i] as number;
  }
  return loValue + (hiValue - loValue) * (rank - lo);
}

/**
 * Median and MAD (median absolute deviation from the median, unscaled) of a non-empty sample,
 * reordering it in place, with the values {@link percentileInPlace} gives.
 * @example medianAndMad(Float64Array.of(1, 2, 3, 4, 100)) // { median: 3, mad: 1 }
 */
export function medianAndMad(a: Float64Array): { median: number; mad: number } {
  const center = percentileInPlace(a, 0.5);
  const deviations = new Float64Array(a.length);
  for (let i = 0; i < a.length; i += 1) deviations[i] = Math.abs((a[i] as number) - center);
  return { median: center, mad: percentileInPlace(deviations, 0.5) };
}
