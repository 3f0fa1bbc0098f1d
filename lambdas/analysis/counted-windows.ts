import type { TimeInterval } from './venue-ticks.ts';

function overlaps(a: TimeInterval, b: TimeInterval): boolean {
  return a.fromMs < b.toMs && b.fromMs < a.toMs;
}

/**
 * The time in which one venue's liquidations were already counted, so that a collection window
 * stored twice (a repeated Lambda invocation, a manual `collect` during a scheduled one) adds its
 * liquidations once (reliability audit #29: the scenario's largest tick stored twice added
 * $83.7M, +10 %).
 *
 * A tick's liquidations come as one bucket per bar, and a bucket cannot be split by time. So a
 * later tick's bucket is dropped whole when the part of its bar that tick listened to overlaps
 * time already counted: a repeated window then counts once, and of two windows that overlap
 * without being equal, the later one loses the buckets of the bars they share. That undercounts
 * the later window's own slice of those bars, never double-counts, and liquidation totals are
 * reported as lower bounds anyway; splitting buckets would need the raw events, which snapshots
 * need not keep. Contiguous windows (the collector's normal case) share no time, so the two
 * halves of a bar they split are still summed.
 */
export class CountedWindows {
  /** Counted time, merged: sorted by start, disjoint, so also sorted by end. */
  private readonly counted: TimeInterval[] = [];

  /** Whether the part of `bar` inside `listened` overlaps time already counted. */
  public alreadyCounted(bar: TimeInterval, listened: readonly TimeInterval[]): boolean {
    const parts = listened.filter((part) => overlaps(part, bar));
    for (let i = this.counted.length - 1; i >= 0; i -= 1) {
      const interval = this.counted[i];
      if (interval === undefined || interval.toMs <= bar.fromMs) break;
      if (parts.some((part) => overlaps(part, interval) && overlaps(bar, interval))) return true;
    }
    return false;
  }

  /** Marks `intervals` as counted. */
  public add(intervals: readonly TimeInterval[]): void {
    for (const interval of intervals) if (interval.toMs > interval.fromMs) this.insert(interval);
  }

  private insert(interval: TimeInterval): void {
    let at = this.counted.length;
    while (at > 0 && (this.counted[at - 1]?.fromMs ?? 0) > interval.fromMs) at -= 1;
    // Join the interval before when they touch, else insert; then swallow the ones it reaches.
    let merged = this.counted[at - 1];
    if (merged !== undefined && merged.toMs >= interval.fromMs) {
      merged.toMs = Math.max(merged.toMs, interval.toMs);
      at -= 1;
    } else {
      merged = { ...interval };
      this.counted.splice(at, 0, merged);
    }
    let next = this.counted[at + 1];
    while (next !== undefined && next.fromMs <= merged.toMs) {
      merged.toMs = Math.max(merged.toMs, next.toMs);
      this.counted.splice(at + 1, 1);
      next = this.counted[at + 1];
    }
  }
}
