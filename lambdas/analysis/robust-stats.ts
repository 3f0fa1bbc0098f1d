import { InsufficientDataError } from '../errors.ts';
import { percentileInPlace } from './order-statistics.ts';

/** Consistency constant that makes 1.4826 · MAD estimate σ of a normal distribution. */
const MAD_TO_SIGMA = 1.4826;
/** Consistency constant that makes 1.2533 · mean absolute deviation estimate σ of a normal. */
const MEAN_AD_TO_SIGMA = 1.2533;
/** Robust z returned when the sample has no spread at all and x differs from it. */
export const ROBUST_Z_CAP = 99;

function requireSample(sample: readonly number[], what: string): void {
  if (sample.length === 0) throw new InsufficientDataError(`${what} needs at least one value.`);
}

/**
 * Arithmetic mean. Throws {@link InsufficientDataError} on an empty sample
 * (every function here does: an empty baseline is a caller bug, not a zero).
 * @example mean([1, 2, 3]) // 2
 */
export function mean(sample: readonly number[]): number {
  requireSample(sample, 'mean');
  let sum = 0;
  for (const x of sample) sum += x;
  return sum / sample.length;
}

/**
 * Median (average of the two middle values for an even count).
 * @example median([3, 1, 2]) // 2
 */
export function median(sample: readonly number[]): number {
  requireSample(sample, 'median');
  return percentile(sample, 0.5);
}

/**
 * Median absolute deviation from the median (unscaled).
 * @example medianAbsoluteDeviation([1, 2, 3, 4, 100]) // 1
 */
export function medianAbsoluteDeviation(sample: readonly number[]): number {
  const center = median(sample);
  return median(sample.map((x) => Math.abs(x - center)));
}

/**
 * Percentile with linear interpolation between closest ranks; `p` is a
 * fraction (0.99 = 99th) and is clamped to [0, 1]. The sample must hold no NaN.
 * @example percentile([10, 20, 30, 40], 0.5) // 25
 */
export function percentile(sample: readonly number[], p: number): number {
  requireSample(sample, 'percentile');
  // Selection, not a sort: the same value in linear time (baselines are taken per window).
  return percentileInPlace(new Float64Array(sample), p);
}

/**
 * Robust z-score `(x − median) / (1.4826 · MAD)`.
 *
 * When MAD is 0 (more than half the sample is identical) the scale falls back
 * to 1.2533 × the mean absolute deviation from the median. When that is 0 too
 * (every value identical) the result is 0 if x equals the median, else
 * ±{@link ROBUST_Z_CAP} (99): finite, so it never leaks NaN or Infinity.
 * @example robustZScore(10, [1, 2, 3, 4, 5]) // (10 − 3) / (1.4826 · 1) ≈ 4.72
 */
export function robustZScore(x: number, sample: readonly number[]): number {
  const center = median(sample);
  const deviations = sample.map((v) => Math.abs(v - center));
  let scale = MAD_TO_SIGMA * median(deviations);
  if (scale === 0) scale = MEAN_AD_TO_SIGMA * mean(deviations);
  if (scale === 0) {
    if (x === center) return 0;
    return x > center ? ROBUST_Z_CAP : -ROBUST_Z_CAP;
  }
  const z = (x - center) / scale;
  return Math.max(-ROBUST_Z_CAP, Math.min(ROBUST_Z_CAP, z));
}

/**
 * Sample standard deviation (n − 1); 0 for fewer than two values.
 * @example standardDeviation([1, 3]) // 1.414…
 */
export function standardDeviation(sample: readonly number[]): number {
  if (sample.length < 2) return 0;
  const m = mean(sample);
  let sumSq = 0;
  for (const x of sample) sumSq += (x - m) ** 2;
  return Math.sqrt(sumSq / (sample.length - 1));
}
