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
 * Formats a funding rate per 8h for a threshold, to four decimals of a percent
 * ("0.0042 %/8h"), so the small rates of calm markets stay distinguishable.
 * @example formatThresholdRate8h(0.0000423) // '0.0042 %/8h'
 */
export function formatThresholdRate8h(rate: number): string {
  const pct = Math.round(rate * 100 * 10_000) / 10_000;
  return `${pct < 0 ? '−' : ''}${Math.abs(pct).toFixed(4)} %/8h`;
}
