import type { Bar } from '../../model/index.ts';
import { geometricMedian } from './geometric-median.ts';
import { MAX_PRICE_FACTOR } from './plausibility-limits.ts';
import { ratioText } from './ratio-text.ts';

/** A bar's prices, as both venue bars and series bars have them. */
export type PriceBar = Pick<Bar, 'open' | 'high' | 'low' | 'close'>;

const FIELDS = ['open', 'high', 'low', 'close'] as const;

/** The market's price of one bar, field by field, that each venue's bar is held against. */
export type PriceReference = PriceBar;

/** Whether every voter is within {@link MAX_PRICE_FACTOR} of every other on every field. */
function allAgree(voters: readonly PriceBar[]): boolean {
  for (const field of FIELDS) {
    let low = Number.POSITIVE_INFINITY;
    let high = 0;
    for (const bar of voters) {
      low = Math.min(low, bar[field]);
      high = Math.max(high, bar[field]);
    }
    if (!(high <= low * MAX_PRICE_FACTOR)) return false;
  }
  return true;
}

/**
 * The reference prices of one bar: per field, the median (on ratios, see
 * {@link geometricMedian}) of every venue's perp bar and of the series bar just before, when
 * there is one. The bar before is one more voter, so that with two venues, or one, a bad
 * print is outvoted instead of dragging the middle halfway to it. Null when there is nothing
 * to check: fewer than two voters (one price cannot be held against itself), or voters that
 * all agree within the factor (none can then be an outlier; the usual case, and a cheap one).
 * @example priceReference([binanceBar, bybitBar], previousSeriesBar)?.close
 */
export function priceReference(
  perpBars: readonly PriceBar[],
  previous: PriceBar | null,
): PriceReference | null {
  const voters = previous === null ? perpBars : [...perpBars, previous];
  if (voters.length < 2 || allAgree(voters)) return null;
  const pick = (field: (typeof FIELDS)[number]) =>
    geometricMedian(voters.map((bar) => bar[field])) ?? Number.NaN;
  return { open: pick('open'), high: pick('high'), low: pick('low'), close: pick('close') };
}

/**
 * Why a venue's bar is not the market's price: one of its open, high, low or close more than
 * {@link MAX_PRICE_FACTOR} from the reference, up or down. Null when it is within, or when there
 * is no reference.
 * @example priceProblem({ ...bar, high: 1e12 }, reference) // "its high read more than 1,000,000× the median across venues"
 */
export function priceProblem(bar: PriceBar, reference: PriceReference | null): string | null {
  if (reference === null) return null;
  for (const field of FIELDS) {
    const ratio = bar[field] / reference[field];
    if (ratio > MAX_PRICE_FACTOR || ratio < 1 / MAX_PRICE_FACTOR)
      return `its ${field} read ${ratioText(bar[field], reference[field])} the median across venues`;
  }
  return null;
}
