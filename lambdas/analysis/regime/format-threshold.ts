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
