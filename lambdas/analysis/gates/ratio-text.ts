/** Ratios at or above this are not spelled out: "more than 1,000,000×" says enough. */
const LARGEST_SPELLED_RATIO = 1_000_000;

function groupThousands(whole: number): string {
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A positive number as a reader reads it in an exclusion reason: one decimal below 10,
 * whole with thousands separators below a million, "more than 1,000,000" above.
 * @example amountText(1.74) // "1.7"
 * @example amountText(12_500) // "12,500"
 * @example amountText(1e300) // "more than 1,000,000"
 */
export function amountText(value: number): string {
  if (!Number.isFinite(value) || value >= LARGEST_SPELLED_RATIO)
    return `more than ${groupThousands(LARGEST_SPELLED_RATIO)}`;
  if (value < 10) return value.toFixed(1);
  return groupThousands(Math.round(value));
}

/**
 * How far `value` is from `reference`, as a multiple or a fraction of it.
 * @example ratioText(80_000_000, 80_000) // "1,000×"
 * @example ratioText(80, 80_000) // "1/1,000 of"
 * @example ratioText(1e-9, 60_000) // "less than 1/1,000,000 of"
 */
export function ratioText(value: number, reference: number): string {
  const ratio = value / reference;
  if (ratio === 0) return '0×';
  if (ratio >= 1) return `${amountText(ratio)}×`;
  const inverse = 1 / ratio;
  return inverse < LARGEST_SPELLED_RATIO
    ? `1/${amountText(inverse)} of`
    : `less than 1/${groupThousands(LARGEST_SPELLED_RATIO)} of`;
}
