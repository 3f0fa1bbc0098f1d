/** Hours in the funding interval every rate is normalised to. */
export const FUNDING_NORMAL_HOURS = 8;

/**
 * Normalises a funding rate paid every `intervalHours` to its 8-hour
 * equivalent, so venues with 1h, 4h and 8h intervals compare like for like.
 * A non-positive interval (invalid input the snapshot schema already rejects)
 * is treated as 8h rather than dividing by zero.
 * @example toFundingRate8h(0.0000125, 1) // 0.0001 (0.01 %/8h)
 */
export function toFundingRate8h(rate: number, intervalHours: number): number {
  if (!(intervalHours > 0)) return rate;
  return (rate * FUNDING_NORMAL_HOURS) / intervalHours;
}
