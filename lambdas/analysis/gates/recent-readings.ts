import { geometricMedian } from './geometric-median.ts';
import { MIN_RECENT_READINGS, RECENT_READINGS } from './plausibility-limits.ts';

/**
 * A venue's latest readings of one quantity (its open interest), and their median.
 *
 * Every reading that passed the checks of its own enters, including one the median then leaves
 * out: a short run of bad readings cannot move a median, while a lasting change of level is
 * believed once it makes up most of the window (half an hour of 5-minute ticks) instead of being
 * left out forever because one early reading set the reference.
 */
export class RecentReadings {
  private readonly values: number[] = [];
  /** The median of `values`, computed once per reading (undefined = not yet). */
  private cached: number | null | undefined;

  /** Adds a reading, dropping the oldest beyond {@link RECENT_READINGS}. */
  public push(value: number): void {
    this.values.push(value);
    if (this.values.length > RECENT_READINGS) this.values.shift();
    this.cached = undefined;
  }

  /** Median of the readings so far; null with fewer than {@link MIN_RECENT_READINGS}. */
  public median(): number | null {
    if (this.cached === undefined)
      this.cached = this.values.length < MIN_RECENT_READINGS ? null : geometricMedian(this.values);
    return this.cached;
  }
}
