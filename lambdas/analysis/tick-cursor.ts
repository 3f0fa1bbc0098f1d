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
