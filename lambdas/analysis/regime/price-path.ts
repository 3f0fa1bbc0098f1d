import type { SeriesBar } from '../../model/index.ts';

/** Whether closes held beyond a line, tracked from the flush's end to the checkpoint. */
export interface HoldTrack {
  holdingNow: boolean;
  firstHeldAtMs: number | null;
  /**
   * When the current hold was confirmed: the first close at which a full `holdMs` of closes lay
   * beyond the line. Null while not holding.
   */
  heldSinceMs: number | null;
  /**
   * The first close of the unbroken run of closes beyond the line that the current hold belongs
   * to: a full hour before {@link heldSinceMs} on hourly bars, so "every close since" names it.
   * Null while not holding.
   */
  closesBeyondSinceMs: number | null;
  /**
   * Of the closes in the last `holdMs` to the checkpoint (the hold's window), the one nearest the
   * wrong side of the line: the lowest after a long flush. The hold stands if and only if it is
   * beyond the line (and the window reaches back), so the evidence shows it, not the last close.
   */
  weakestWindowClose: number | null;
  /** The last time a hold was lost, even if it was won back since; null if it never was. */
  lostAtMs: number | null;
  /** How many times a hold was lost since the flush. */
  lossCount: number;
}

/** Inputs of {@link trackHold}: the bars closed by the checkpoint, in time order. */
export interface HoldInput {
  bars: readonly SeriesBar[];
  barMs: number;
  /** Close of the flush's last bar: holds are looked for after it. */
  fromCloseMs: number;
  asOfMs: number;
  line: number;
  /** +1: closes must be above the line; −1: below. */
  direction: 1 | -1;
  holdMs: number;
}

/**
 * Tracks "every close of the last `holdMs` beyond `line`" at each close after the flush (two
 * consecutive hourly closes on hourly bars, thirteen 5-minute closes on 5-minute bars). A window
 * that does not reach back the whole `holdMs` (a gap in the data) does not hold.
 * @example trackHold({ bars, barMs: 3_600_000, fromCloseMs, asOfMs, line: 83_220, direction: 1, holdMs: 3_600_000 })
 * // { holdingNow: true, firstHeldAtMs: …, heldSinceMs: …, closesBeyondSinceMs: …, lostAtMs: null, … }
 */
export function trackHold(input: HoldInput): HoldTrack {
  const { bars, barMs, line, direction } = input;
  // A hold shorter than a bar cannot be seen: it takes at least two closes one bar apart.
  const holdMs = Math.max(input.holdMs, barMs);
  // The closes from one hold before the flush's end to the checkpoint, as two columns (no
  // object per close: this runs at every checkpoint of every flush).
  const atMs = new Float64Array(bars.length);
  const beyond = new Uint8Array(bars.length);
  const closes = new Float64Array(bars.length);
  let n = 0;
  for (const b of bars) {
    const closeMs = b.openTimeMs + barMs;
    if (closeMs < input.fromCloseMs - holdMs || closeMs > input.asOfMs) continue;
    atMs[n] = closeMs;
    beyond[n] = direction * (b.close - line) > 0 ? 1 : 0;
    closes[n] = b.close;
    n += 1;
  }
  let firstHeldAtMs: number | null = null;
  let heldSinceMs: number | null = null;
  let lostAtMs: number | null = null;
  let lossCount = 0;
  let holding = false;
  let windowStart = 0;
  let lastMiss = -1;
  let runStart = 0;
  for (let j = 0; j < n; j += 1) {
    const closeMs = atMs[j] as number;
    if (beyond[j] === 0) lastMiss = j;
    // A run of closes beyond the line starts after a miss, or after a gap in the closes.
    else if (j === 0 || beyond[j - 1] === 0 || closeMs - (atMs[j - 1] as number) > barMs)
      runStart = j;
    while ((atMs[windowStart] as number) < closeMs - holdMs) windowStart += 1;
    if (closeMs <= input.fromCloseMs) continue;
    const reachesBack = atMs[windowStart] === closeMs - holdMs;
    const held = reachesBack && lastMiss < windowStart;
    if (held && firstHeldAtMs === null) firstHeldAtMs = closeMs;
    if (held && !holding) heldSinceMs = closeMs;
    if (!held && holding) {
      lostAtMs = closeMs;
      lossCount += 1;
    }
    holding = held;
  }
  let weakestWindowClose: number | null = null;
  for (let j = windowStart; j < n; j += 1) {
    const close = closes[j] as number;
    if (weakestWindowClose === null || direction * (close - weakestWindowClose) < 0)
      weakestWindowClose = close;
  }
  return {
    holdingNow: holding,
    firstHeldAtMs,
    heldSinceMs: holding ? heldSinceMs : null,
    closesBeyondSinceMs: holding ? (atMs[runStart] as number) : null,
    weakestWindowClose,
    lostAtMs,
    lossCount,
  };
}

/** The furthest price beyond the flush extreme since the flush ended, and when it printed. */
export interface NewExtreme {
  price: number | null;
  atMs: number | null;
}

/**
 * The furthest low (high, for a squeeze) printed after the flush's last bar that lies beyond
 * the flush extreme by more than `bufferUsd`, with the time of the bar that printed it.
 * @example newExtremeSince(afterBars, 60_000, 1, 120) // { price: 59_400, atMs: … }
 */
export function newExtremeSince(
  afterBars: readonly SeriesBar[],
  extreme: number,
  direction: 1 | -1,
  bufferUsd: number,
): NewExtreme {
  let best = extreme - direction * bufferUsd;
  let found: NewExtreme = { price: null, atMs: null };
  for (const bar of afterBars) {
    const value = direction === 1 ? bar.low : bar.high;
    if (direction * (value - best) < 0) {
      best = value;
      found = { price: value, atMs: bar.openTimeMs };
    }
  }
  return found;
}
