/**
 * The bounds every market number must stay within before it can reach a reader (DESIGN.md §7).
 * They are set to refuse readings no market can produce, not to judge unusual markets: each sits
 * well beyond anything in six years of real history (`../shared/data`) and far inside the
 * absurd-but-finite values the reliability audit fed in (2026-11-30, #26).
 */

/**
 * Largest funding rate per hour, either sign: 2 %/h (16 %/8h). Venues cap funding per interval;
 * the largest settlement in the Binance archives (BTC, ETH, SOL since 2020) is exactly 1 %/h
 * (SOL on 2022-11-10: −2 % per 2 h, at Binance's cap), so a bound at 1 %/h would sit on a real
 * value. Twice that leaves room for venues with wider caps and still refuses the audit's
 * 500 %/8h (62.5 %/h) by a factor of 31.
 */
export const MAX_FUNDING_RATE_PER_HOUR = 0.02;

/**
 * Largest USD figure one instrument can report (its open interest, one bar's volume or
 * liquidations): $10T, about three times what every crypto asset together was worth at the
 * 2025 peak. It catches the readings no comparison can, such as the first tick of a venue that
 * reports 10¹² BTC of open interest ($6×10¹⁶).
 */
export const MAX_INSTRUMENT_USD = 1e13;

/**
 * Largest factor between a venue's price and the median across venues of the same bar (up or
 * down): 1.5. Arbitrage keeps liquid venues within about 1 % of each other, even in the
 * 2025-10-10 cascade for BTC; 1.5 refuses a unit or contract-size error (×10, ×100, ×1000) and a
 * stray print, while a venue that is merely early or late by a bar stays in.
 */
export const MAX_PRICE_FACTOR = 1.5;

/**
 * Largest factor between a venue's open interest and its own recent median (up or down): 10.
 * Real open interest moves by tens of percent in a crash (BTC −25 % on 2025-10-10), never by a
 * factor of ten within an hour; a reading that does is a unit error or a broken answer.
 */
export const MAX_OI_JUMP_FACTOR = 10;

/** How many of a venue's latest readings make its recent median: an hour of 5-minute ticks. */
export const RECENT_READINGS = 12;

/** Fewer readings than this give no recent median: one or two readings cannot outvote a third. */
export const MIN_RECENT_READINGS = 3;

/**
 * Largest share of a venue's open interest that one bar's liquidations can be: 1. Liquidated
 * positions were open interest just before, so a bar cannot liquidate more than the venue held;
 * the bound is taken against the larger of the venue's current and recent open interest, since
 * the reading after a crash is already smaller.
 */
export const MAX_LIQUIDATION_TO_OI = 1;
