import { HOUR_MS } from '../../shared/time.ts';

/** One limit: at most `limit` hits per key in each window of `windowMs` (fixed, aligned to the epoch). */
export interface RateRule {
  limit: number;
  windowMs: number;
}

/**
 * Counts events per key in fixed windows, atomically across every caller: a DynamoDB
 * conditional update in AWS, a file under its lock locally. Keys are opaque (hashed), so
 * the store never holds an address or an IP in clear.
 */
export interface RateCounter {
  /**
   * Counts one hit for `key` in the window holding `nowMs` and returns true, or returns
   * false without counting when the window already holds `rule.limit` hits.
   */
  hit(key: string, rule: RateRule, nowMs: number): Promise<boolean>;
}

/** One hour, the window of the per-IP sign-up limit. */
export const HOUR_WINDOW_MS = HOUR_MS;
/** One UTC day, the window of the per-mailbox confirmation limit. */
export const DAY_WINDOW_MS = 24 * HOUR_WINDOW_MS;

/**
 * Start of the window holding `nowMs` (windows are aligned to the epoch, so a day window is a UTC day).
 *
 * @example
 * windowStartMs(Date.parse('2026-11-01T13:45:00Z'), DAY_WINDOW_MS); // Date.parse('2026-11-01T00:00:00Z')
 */
export function windowStartMs(nowMs: number, windowMs: number): number {
  return Math.floor(nowMs / windowMs) * windowMs;
}

/** The stored counter's key: the caller's key and its window, e.g. `mailbox:5b1d…#1793491200000`. */
export function windowKey(key: string, rule: RateRule, nowMs: number): string {
  return `${key}#${windowStartMs(nowMs, rule.windowMs)}`;
}
