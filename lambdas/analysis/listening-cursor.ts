import type { TimeInterval } from './venue-ticks.ts';

/**
 * Walks a venue's listening intervals forward and answers "was the feed listened to during
 * [fromMs, toMs)?". Queries must come with non-decreasing `fromMs` (bars in time order), which
 * keeps a whole series build linear instead of scanning every interval for every bar.
 */
export class ListeningCursor {
  private index = 0;
  private readonly intervals: readonly TimeInterval[];

  public constructor(intervals: readonly TimeInterval[]) {
    this.intervals = [...intervals].sort((a, b) => a.fromMs - b.fromMs);
  }

  /** True when some listening interval overlaps `[fromMs, toMs)`. */
  public listenedDuring(fromMs: number, toMs: number): boolean {
    while ((this.intervals[this.index]?.toMs ?? Number.POSITIVE_INFINITY) <= fromMs)
      this.index += 1;
    const current = this.intervals[this.index];
    return current !== undefined && current.fromMs < toMs;
  }
}
