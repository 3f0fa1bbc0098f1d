import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatPct,
  formatPrice,
  formatRate8h,
  formatRatio,
  formatUsdCompact,
  formatUsdPrecise,
  formatUtcDateTime,
  formatUtcTime,
} from '../../../lambdas/report/format.ts';

const BAD_INPUTS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  null,
  undefined,
];
const FORMATTERS = [
  formatUsdCompact,
  formatPrice,
  formatPct,
  formatRate8h,
  formatUtcTime,
  formatUtcDateTime,
  formatRatio,
  formatCount,
];

describe('formatUsdPrecise', () => {
  it('keeps three significant digits, so figures read side by side stay apart', () => {
    expect(formatUsdPrecise(1_543_000_000)).toBe('$1.54B');
    expect(formatUsdPrecise(1_462_000_000)).toBe('$1.46B');
    expect(formatUsdPrecise(18_790_000_000)).toBe('$18.8B');
    expect(formatUsdPrecise(655_200_000)).toBe('$655M');
    expect(formatUsdPrecise(-87_400_000)).toBe('−$87.4M');
  });

  it('moves up a unit when rounding reaches 1,000 and says n/a for no number', () => {
    expect(formatUsdPrecise(999_700_000)).toBe('$1.00B');
    expect(formatUsdPrecise(512)).toBe('$512');
    expect(formatUsdPrecise(Number.NaN)).toBe('n/a');
  });
});

describe('formatUsdCompact', () => {
  it('formats millions, billions, thousands and zero compactly', () => {
    expect(formatUsdCompact(106_000_000)).toBe('$106M');
    expect(formatUsdCompact(1_234_000_000)).toBe('$1.2B');
    expect(formatUsdCompact(950_000)).toBe('$950K');
    expect(formatUsdCompact(0)).toBe('$0');
    expect(formatUsdCompact(640_400_000)).toBe('$640M');
  });

  it('moves to the next unit when rounding reaches 1000', () => {
    expect(formatUsdCompact(999_950_000), '999.95M rounds to 1000M').toBe('$1.0B');
    expect(formatUsdCompact(999_600)).toBe('$1.0M');
    expect(formatUsdCompact(9_960_000), 'no "10.0M"').toBe('$10M');
  });

  it('uses a real minus sign for negatives and handles tiny amounts', () => {
    expect(formatUsdCompact(-950_000)).toBe('\u2212$950K');
    expect(formatUsdCompact(0.4)).toBe('$0');
    expect(formatUsdCompact(12.6)).toBe('$13');
  });
});

describe('formatPrice', () => {
  it('groups thousands and keeps decimals for small prices', () => {
    expect(formatPrice(60_000)).toBe('$60,000');
    expect(formatPrice(78_900.4)).toBe('$78,900');
    expect(formatPrice(142.456)).toBe('$142.46');
    expect(formatPrice(0.52341)).toBe('$0.5234');
    expect(formatPrice(0.000012346)).toBe('$0.00001235');
    expect(formatPrice(0)).toBe('$0');
  });
});

describe('formatPct, formatRate8h, formatRatio, formatCount', () => {
  it('signs percentages with a real minus sign', () => {
    expect(formatPct(-0.043)).toBe('\u22124.3 %');
    expect(formatPct(0.021)).toBe('+2.1 %');
    expect(formatPct(0)).toBe('0.0 %');
    expect(formatPct(-0.00001), 'rounds to zero: no "−0.0 %"').toBe('0.0 %');
  });

  it('formats funding per 8 hours with three decimals, four below 0.01 %', () => {
    expect(formatRate8h(0.0001)).toBe('0.010 %/8h');
    expect(formatRate8h(-0.00025)).toBe('\u22120.025 %/8h');
    expect(formatRate8h(0.0000423), 'calm funding must not read 0.000').toBe('0.0042 %/8h');
    expect(formatRate8h(0)).toBe('0.0000 %/8h');
  });

  it('formats ratios and counts', () => {
    expect(formatRatio(1.349)).toBe('1.35×');
    expect(formatRatio(0)).toBe('0.00×');
    expect(formatCount(12_345.6)).toBe('12,346');
    expect(formatCount(-3)).toBe('\u22123');
  });
});

describe('UTC times', () => {
  it('formats times and dates in UTC', () => {
    const ms = Date.UTC(2026, 2, 12, 21, 15);
    expect(formatUtcTime(ms)).toBe('21:15 UTC');
    expect(formatUtcDateTime(ms)).toBe('12 Mar 2026, 21:15 UTC');
    expect(formatUtcTime(Date.UTC(2026, 0, 1))).toBe('00:00 UTC');
  });
});

describe('missing input', () => {
  it('returns "n/a" from every formatter for null, undefined and non-finite input', () => {
    for (const format of FORMATTERS) {
      for (const input of BAD_INPUTS) {
        expect(format(input), `${format.name}(${String(input)})`).toBe('n/a');
      }
    }
  });

  it('never prints NaN, undefined or Infinity for extreme finite input', () => {
    for (const format of FORMATTERS.filter(
      (fn) => fn !== formatUtcTime && fn !== formatUtcDateTime,
    )) {
      for (const input of [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e-12]) {
        expect(format(input), `${format.name}(${input})`).not.toMatch(/NaN|undefined|Infinity/);
      }
    }
    expect(formatUtcTime(8.64e15 + 1), 'beyond the last valid Date').toBe('n/a');
  });
});
