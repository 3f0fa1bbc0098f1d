/**
 * Median of positive values taken on their logarithms: the plain median for an odd count, the
 * geometric mean of the two middle values for an even one. Ratios are what the gates compare,
 * so two values 10× apart get a middle that both are √10 from, rather than one that sits next
 * to the larger. Values at or below 0 (or not finite) are ignored; null when none is left.
 * @example geometricMedian([1, 100]) // 10
 * @example geometricMedian([60_000, 60_100, 1e12]) // 60_100
 */
export function geometricMedian(values: readonly number[]): number | null {
  // Insertion sort: the gates take medians of a handful of values, thousands of times a series.
  const kept: number[] = [];
  for (const value of values) {
    if (!(value > 0 && Number.isFinite(value))) continue;
    let at = kept.length;
    while (at > 0 && (kept[at - 1] ?? 0) > value) at -= 1;
    kept.splice(at, 0, value);
  }
  const mid = kept.length >> 1;
  const upper = kept[mid];
  if (upper === undefined) return null;
  if (kept.length % 2 === 1) return upper;
  // √a·√b rather than √(a·b), which overflows for values near 1e308.
  return Math.sqrt(kept[mid - 1] ?? upper) * Math.sqrt(upper);
}
