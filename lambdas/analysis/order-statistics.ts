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

/** The non-NaN values of `values[from..to)`, sorted ascending. */
function sortedValues(values: Float64Array, from: number, to: number): Float64Array {
  const out = new Float64Array(Math.max(0, to - from));
  let n = 0;
  for (let i = from; i < to; i += 1) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) out[n++] = v;
  }
  return out.subarray(0, n).sort();
}

/** `kept` (sorted) without the sorted sub-multiset `removed`, merged with the sorted `added`. */
function mergeSorted(kept: Float64Array, removed: Float64Array, added: Float64Array): Float64Array {
  const out = new Float64Array(kept.length - removed.length + added.length);
  let i = 0;
  let j = 0;
  let k = 0;
  let n = 0;
  while (i < kept.length || k < added.length) {
    if (i < kept.length && j < removed.length && kept[i] === removed[j]) {
      i += 1;
      j += 1;
    } else if (
      k >= added.length ||
      (i < kept.length && (kept[i] as number) <= (added[k] as number))
    )
      out[n++] = kept[i++] as number;
    else out[n++] = added[k++] as number;
  }
  return out;
}

/** R-7 percentile of an ascending non-empty array (the definition `percentileInPlace` keeps). */
function sortedPercentile(sorted: Float64Array, p: number): number {
  const rank = Math.min(1, Math.max(0, p)) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const loValue = sorted[lo] as number;
  const hiValue = (sorted[Math.min(sorted.length - 1, lo + 1)] as number) ?? loValue;
  return loValue + (hiValue - loValue) * (rank - lo);
}

/** Index of the first value above `x` in an ascending array (binary search). */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The 0-based `lo`-th and next smallest |x − center| of an ascending array (the next is the
 * `lo`-th again when there is none), walking out from the center: values at or below it give
 * `center − x`, values above it `x − center`, both sequences ascending, so each step takes the
 * smaller head. Same values as `Math.abs(x − center)`, as IEEE subtraction is antisymmetric.
 */
function deviationsAt(sorted: Float64Array, center: number, lo: number): [number, number] {
  let right = upperBound(sorted, center);
  let left = right - 1;
  const last = Math.min(lo + 1, sorted.length - 1);
  let loValue = 0;
  let value = 0;
  for (let t = 0; t <= last; t += 1) {
    const dl = left >= 0 ? center - (sorted[left] as number) : Number.POSITIVE_INFINITY;
    const dr =
      right < sorted.length ? (sorted[right] as number) - center : Number.POSITIVE_INFINITY;
    if (dl <= dr) left -= 1;
    else right += 1;
    value = Math.min(dl, dr);
    if (t === lo) loValue = value;
  }
  return [loValue, last > lo ? value : loValue];
}

/**
 * Median and MAD of a window `[from, to)` of `values` (NaN = missing) that moves forward in
 * time, as the pre-flush funding baseline does from one flush to the next: the window is kept
 * sorted, and a move only sorts the bars that left and the bars that came in, then merges.
 * A move backwards (or a jump past the window) sorts the window afresh. Results are exactly
 * those of {@link medianAndMad} on the window's values.
 * @example const w = new SlidingMedianWindow(funding); w.moveTo(0, 8640); w.medianAndMad()
 */
export class SlidingMedianWindow {
  private sorted: Float64Array = new Float64Array(0);
  private from = 0;
  private to = 0;

  public constructor(private readonly values: Float64Array) {}

  /** Makes the window `[from, to)`. */
  public moveTo(from: number, to: number): void {
    const forward = from >= this.from && to >= this.to && from <= this.to;
    this.sorted = forward
      ? mergeSorted(
          this.sorted,
          sortedValues(this.values, this.from, from),
          sortedValues(this.values, this.to, to),
        )
      : sortedValues(this.values, from, to);
    this.from = from;
    this.to = to;
  }

  /** Median and MAD of the window's values; null when it has none. */
  public medianAndMad(): { median: number; mad: number } | null {
    const n = this.sorted.length;
    if (n === 0) return null;
    const median = sortedPercentile(this.sorted, 0.5);
    const rank = 0.5 * (n - 1);
    const lo = Math.floor(rank);
    const [loDev, hiDev] = deviationsAt(this.sorted, median, lo);
    return { median, mad: loDev + (hiDev - loDev) * (rank - lo) };
  }
}
