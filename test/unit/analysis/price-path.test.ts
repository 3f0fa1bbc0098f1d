import { describe, expect, it } from 'vitest';
import { newExtremeSince, trackHold } from '../../../lambdas/analysis/index.ts';
import { barsFromCloses } from './series-fixtures.ts';

const HOUR_MS = 3_600_000;

function track(closes: number[], barMinutes = 60, line = 100, direction: 1 | -1 = 1) {
  const bars = barsFromCloses(closes, barMinutes);
  const barMs = barMinutes * 60_000;
  return trackHold({
    bars,
    barMs,
    fromCloseMs: barMs, // the first bar is the flush's last
    asOfMs: bars.length * barMs,
    line,
    direction,
    holdMs: HOUR_MS,
  });
}

describe('trackHold', () => {
  it('holds after two consecutive hourly closes beyond the line', () => {
    expect(track([95, 101, 102])).toEqual({
      holdingNow: true,
      firstHeldAtMs: 3 * HOUR_MS,
      heldSinceMs: 3 * HOUR_MS,
      closesBeyondSinceMs: 2 * HOUR_MS,
      weakestWindowClose: 101,
      lostAtMs: null,
      lossCount: 0,
    });
  });

  it('does not hold on one close beyond the line', () => {
    expect(track([95, 97, 101]).holdingNow).toBe(false);
  });

  it('remembers when a hold was made and when it was lost', () => {
    expect(track([95, 101, 102, 103, 99, 98])).toEqual({
      holdingNow: false,
      firstHeldAtMs: 3 * HOUR_MS,
      heldSinceMs: null,
      closesBeyondSinceMs: null,
      weakestWindowClose: 98,
      lostAtMs: 5 * HOUR_MS,
      lossCount: 1,
    });
  });

  it('keeps the loss of a reclaim that was won back, and when the new hold began', () => {
    expect(track([95, 101, 102, 99, 98, 101, 102])).toEqual({
      holdingNow: true,
      firstHeldAtMs: 3 * HOUR_MS,
      heldSinceMs: 7 * HOUR_MS,
      closesBeyondSinceMs: 6 * HOUR_MS,
      weakestWindowClose: 101,
      lostAtMs: 4 * HOUR_MS,
      lossCount: 1,
    });
  });

  it('dates "every close since" from the run’s first close beyond the line, an hour before the hold is confirmed', () => {
    // 08:00 close (the flush's last) already above: the hold is confirmed at 09:00.
    const held = track([101, 102, 103]);
    expect([held.closesBeyondSinceMs, held.heldSinceMs]).toEqual([1 * HOUR_MS, 2 * HOUR_MS]);
  });

  it('starts a new run of closes beyond the line after a gap in the bars', () => {
    const bars = barsFromCloses([95, 101, 102, 103, 104], 60).filter((_, i) => i !== 2);
    const hold = trackHold({
      bars,
      barMs: HOUR_MS,
      fromCloseMs: HOUR_MS,
      asOfMs: 5 * HOUR_MS,
      line: 100,
      direction: 1,
      holdMs: HOUR_MS,
    });
    expect([hold.holdingNow, hold.closesBeyondSinceMs, hold.heldSinceMs]).toEqual([
      true,
      4 * HOUR_MS,
      5 * HOUR_MS,
    ]);
  });

  it('needs every 5-minute close of the hour beyond the line', () => {
    const dip = [95, ...Array(6).fill(101), 99.9, ...Array(6).fill(101)];
    expect(track(dip, 5).holdingNow, 'one close under the line 35 minutes ago').toBe(false);
    expect(track([95, ...Array(13).fill(101)], 5).holdingNow).toBe(true);
  });

  it('shows the close that decides a hold: the window’s lowest, not the last', () => {
    // 5 Aug 2024 15:00: $54,028 closed above $52,222, but 14:00's $51,928 was under it.
    const hold = track([51_000, 51_928, 54_028], 60, 52_222);
    expect([hold.holdingNow, hold.weakestWindowClose]).toEqual([false, 51_928]);
  });

  it('mirrors for a squeeze: closes must hold below the line', () => {
    expect(track([105, 99, 98], 60, 100, -1).holdingNow).toBe(true);
    expect(track([105, 99, 98], 60, 100, -1).weakestWindowClose, 'the highest').toBe(99);
  });
});

describe('newExtremeSince', () => {
  it('finds the furthest low beyond the flush extreme and when it printed', () => {
    const bars = barsFromCloses([95, 93, 94, 92.5, 96], 60);
    expect(newExtremeSince(bars, 94, 1, 0.5)).toEqual({ price: 92, atMs: 3 * HOUR_MS });
  });

  it('ignores lows within the buffer of the flush extreme', () => {
    expect(newExtremeSince(barsFromCloses([94.2, 94.1], 60), 94, 1, 0.5)).toEqual({
      price: null,
      atMs: null,
    });
  });
});
