/** Time as waiting code (pacing, retries) sees it; injected so tests run on a fake clock. */
export interface PacingClock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock: `Date.now` and `setTimeout`. */
export const SYSTEM_CLOCK: PacingClock = {
  nowMs: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A clock whose sleeps return at once and move its time forward instead: the pacing code runs
 * unchanged and in order, without waiting for real (the CLI's outbox needs no rate). Its time
 * runs ahead of `now` by everything slept so far.
 *
 * @example
 * const clock = noWaitClock(() => 0);
 * await clock.sleep(500); // returns at once
 * clock.nowMs(); // 500
 */
export function noWaitClock(now: () => number = Date.now): PacingClock {
  let aheadMs = 0;
  return {
    nowMs: () => now() + aheadMs,
    sleep: async (ms) => {
      aheadMs += ms;
    },
  };
}
