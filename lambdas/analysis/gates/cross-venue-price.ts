import type { Bar } from '../../model/index.ts';
import { geometricMedian } from './geometric-median.ts';
import { MAX_PRICE_FACTOR } from './plausibility-limits.ts';
import { ratioText } from './ratio-text.ts';

/** A bar's prices, as both venue bars and series bars have them. */
export type PriceBar = Pick<Bar, 'open' | 'high' | 'low' | 'close'>;

const FIELDS = ['open', 'high', 'low', 'close'] as const;

/**
 * Whether every voter is within {@link MAX_PRICE_FACTOR} of every other on every field: then no
 * perp bar among them can be an outlier, and no median needs computing (the usual case).
 */
export function pricesAgree(voters: readonly PriceBar[]): boolean {
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
 * The market's price of one bar, field by field: the median (on ratios, see
 * {@link geometricMedian}) of the voters, which are every venue's perp bar and the series bar
 * just before, when there is one. The bar before is one more voter, so that with two venues, or
 * one, a bad print is outvoted instead of dragging the middle halfway to it. Null without voters.
 * @example priceReference([binanceBar, bybitBar, previousSeriesBar])?.close
 */
export function priceReference(voters: readonly PriceBar[]): PriceBar | null {
  if (voters.length === 0) return null;
  const pick = (field: (typeof FIELDS)[number]) =>
    geometricMedian(voters.map((bar) => bar[field])) ?? Number.NaN;
  return { open: pick('open'), high: pick('high'), low: pick('low'), close: pick('close') };
}

/**
 * Why a venue's bar is not the market's price: one of its open, high, low or close more than
 * {@link MAX_PRICE_FACTOR} from the reference, up or down; null when all are within.
 * @example priceProblem({ ...bar, high: 1e12 }, reference) // "its high read more than 1,000,000× the median across venues"
 */
export function priceProblem(bar: PriceBar, reference: PriceBar): string | null {
  for (const field of FIELDS) {
    const ratio = bar[field] / reference[field];
    if (ratio > MAX_PRICE_FACTOR || ratio < 1 / MAX_PRICE_FACTOR)
      return `its ${field} read ${ratioText(bar[field], reference[field])} the median across venues`;
  }
  return null;
}
