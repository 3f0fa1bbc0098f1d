import type { VenueTick } from './venue-ticks.ts';

/**
 * Walks a venue's ticks forward in time and answers "the latest tick at or
 * before t" (forward fill). Queries must come in non-decreasing time order,
 * which keeps a whole series build linear.
 */
export class TickCursor {
  private index = -1;
  public constructor(private readonly ticks: readonly VenueTick[]) {}

  /** Latest tick with `takenAtMs ≤ atMs`, or null if none yet. */
  public at(atMs: number): VenueTick | null {
    while (this.index + 1 < this.ticks.length) {
      const next = this.ticks[this.index + 1];
      if (next === undefined || next.takenAtMs > atMs) break;
      this.index += 1;
    }
    return this.ticks[this.index] ?? null;
  }

  /**
   * Like {@link at}, but a bar that closed before the venue's first tick takes that tick when it
   * came at most `graceMs` later: a series of one tick then still has OI and funding for its
   * last bar instead of none at all.
   */
  public atOrFirstWithin(atMs: number, graceMs: number): VenueTick | null {
    const before = this.at(atMs);
    if (before !== null) return before;
    const first = this.ticks[0];
    return first !== undefined && first.takenAtMs - atMs <= graceMs ? first : null;
  }

  /** Latest OI (base units) at or before `atMs`, else the venue's first known OI; null if never known. */
  public lastKnownOiBase(atMs: number): number | null {
    const current = this.at(atMs);
    if (current?.oiBase != null) return current.oiBase;
    for (let i = this.index; i >= 0; i -= 1) {
      const oi = this.ticks[i]?.oiBase;
      if (oi != null) return oi;
    }
    for (const tick of this.ticks) if (tick.oiBase != null) return tick.oiBase;
    return null;
  }
}
