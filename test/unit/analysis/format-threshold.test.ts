import { describe, expect, it } from 'vitest';
import {
  formatThresholdPct,
  formatThresholdPctTo,
  formatThresholdPrice,
  thresholdPctDecimals,
} from '../../../lambdas/analysis/regime/format-threshold.ts';

describe('formatThresholdPct', () => {
  it('prints a configured threshold as written, without trailing zeros', () => {
    expect(formatThresholdPct(0.2)).toBe('20 %');
    expect(formatThresholdPct(-0.02)).toBe('−2 %');
  });
});

describe('thresholdPctDecimals', () => {
  it('prints a computed threshold and its value to one decimal when they print apart', () => {
    // 5 Aug 2024: half of a 3.95 % open-interest drop, beside −4.0 %.
    expect(thresholdPctDecimals(-0.019762, -0.0396)).toBe(1);
    expect(thresholdPctDecimals(0.0123, null)).toBe(1);
  });

  it('takes a decimal more while the two would print alike', () => {
    // 2026 replay: "−1.0 %" beside "≥ −0.989 %" read as failing a rule it passed.
    expect(thresholdPctDecimals(-0.00989, -0.0097169)).toBe(2);
    expect(thresholdPctDecimals(-0.0033, -0.0032286)).toBe(2);
    expect(thresholdPctDecimals(-0.0033, -0.003296)).toBe(3);
    expect(thresholdPctDecimals(-0.019762, -0.019761), 'within a thousandth: three').toBe(3);
  });
});

describe('formatThresholdPctTo', () => {
  it('prints exactly the decimals asked, and never a negative zero', () => {
    expect(formatThresholdPctTo(-0.019762, 1)).toBe('−2.0 %');
    expect(formatThresholdPctTo(-0.00989, 2)).toBe('−0.99 %');
    expect(formatThresholdPctTo(-0.0001, 1)).toBe('0.0 %');
  });
});

describe('formatThresholdPrice', () => {
  it('prints whole dollars from $1,000 and cents below', () => {
    expect(formatThresholdPrice(83_108.45)).toBe('$83,108');
    expect(formatThresholdPrice(0.5)).toBe('$0.5000');
  });
});
