function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Formats a price for an evidence threshold ("$83,108"; cents below $1,000).
 * Evidence thresholds are plain strings, so the analysis formats them itself.
 * @example formatThresholdPrice(83108.45) // '$83,108'
 */
export function formatThresholdPrice(price: number): string {
  const decimals = Math.abs(price) >= 1000 ? 0 : Math.abs(price) >= 1 ? 2 : 4;
  const [whole = '0', fraction] = Math.abs(price).toFixed(decimals).split('.');
  const sign = price < 0 ? '−' : '';
  return `${sign}$${groupThousands(whole)}${fraction ? `.${fraction}` : ''}`;
}

/**
 * Formats a fraction as a percentage for a threshold, to at most three
 * decimals ("−2 %", "0.01 %").
 * @example formatThresholdPct(-0.02) // '−2 %'
 */
export function formatThresholdPct(fraction: number): string {
  const pct = Math.round(fraction * 100 * 1000) / 1000;
  const text = String(Math.abs(pct));
  return `${pct < 0 ? '−' : ''}${text} %`;
}

/**
 * Decimals (one to three) to print a computed percentage threshold and the value compared with
 * it: the fewest at which the two print apart, so the printed figures show which side the value
 * is on (rounding keeps order). A value within a thousandth of a point keeps three, and the
 * status column decides it.
 * @example thresholdPctDecimals(-0.019762, -0.0396) // 1: "−4.0 %" beside "≥ −2.0 %"
 * @example thresholdPctDecimals(-0.00989, -0.0097) // 2: "−0.97 %" beside "≥ −0.99 %"
 */
export function thresholdPctDecimals(fraction: number, value: number | null): number {
  if (value === null) return 1;
  const printed = (x: number, decimals: number) => (x * 100).toFixed(decimals);
  let decimals = 1;
  while (decimals < 3 && printed(fraction, decimals) === printed(value, decimals)) decimals += 1;
  return decimals;
}

/**
 * Formats a fraction as a percentage to exactly `decimals` decimals, for a computed threshold.
 * @example formatThresholdPctTo(-0.019762, 1) // '−2.0 %'
 */
export function formatThresholdPctTo(fraction: number, decimals: number): string {
  const text = Math.abs(fraction * 100).toFixed(decimals);
  return `${fraction < 0 && Number(text) !== 0 ? '−' : ''}${text} %`;
}

/**
 * Formats a funding rate per 8h for a threshold, to four decimals of a percent
 * ("0.0042 %/8h"), so the small rates of calm markets stay distinguishable.
 * @example formatThresholdRate8h(0.0000423) // '0.0042 %/8h'
 */
export function formatThresholdRate8h(rate: number): string {
  const pct = Math.round(rate * 100 * 10_000) / 10_000;
  return `${pct < 0 ? '−' : ''}${Math.abs(pct).toFixed(4)} %/8h`;
}
