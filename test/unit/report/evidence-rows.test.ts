import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../lambdas/model/index.ts';
import { evidenceRows, formatEvidenceValue } from '../../../lambdas/report/regime-wording.ts';

function row(overrides: Partial<Evidence>) {
  const evidence: Evidence = {
    ruleId: 'retrace-under-half',
    label: 'failed-reclaim',
    role: 'must',
    description: 'Less than 50 % of the flush’s move retraced',
    value: 0.4996,
    unit: 'share',
    threshold: '< 50 %',
    status: 'pass',
    source: 'index price, 1 venue',
    ...overrides,
  };
  return evidenceRows([evidence])[0];
}

describe('evidenceRows', () => {
  it('prints a share with the decimals it takes not to read as its threshold', () => {
    // 4 Feb 2026: "50 %" beside "< 50 %", holds.
    expect(row({})?.value).toBe('49.96 %');
    expect(row({ value: 0.62 })?.value, 'apart already: as usual').toBe('62 %');
  });

  it('prints a tiny percentage past three decimals when it would print as zero beside "> 0"', () => {
    // A scenario's premium of +0.00004 %: "0.000 %" beside "> 0", holds.
    expect(row({ unit: 'pct', value: 4e-7, threshold: '> 0' })?.value).toBe('+0.00004 %');
    expect(row({ unit: 'pct', value: 0, threshold: '> 0', status: 'fail' })?.value).toBe('0.0 %');
  });

  it('prints a funding rate past four decimals when it would print as its threshold', () => {
    // 27 Apr 2026 4h: "−0.0019 %/8h" beside "≥ −0.0019 %/8h", does not hold.
    expect(
      row({ unit: 'rate8h', value: -0.00001908, threshold: '≥ −0.0019 %/8h', status: 'fail' })
        ?.value,
    ).toBe('−0.00191 %/8h');
  });

  it('prints a computed threshold’s value to the decimals the rule chose', () => {
    expect(
      row({ unit: 'pct', value: -0.0097, valueDecimals: 2, threshold: '≥ −0.99 %' })?.value,
    ).toBe('−0.97 %');
  });

  it('leaves prices, and shares beyond the extreme, as their unit prints them', () => {
    expect(
      row({ unit: 'price', value: 51_928, threshold: '> $52,222', status: 'fail' })?.value,
    ).toBe('$51,928');
    expect(row({ value: -0.2 })?.value).toBe('beyond the extreme (−20 %)');
  });
});

describe('formatEvidenceValue', () => {
  it('reads a missing value as not available', () => {
    expect(formatEvidenceValue(null, 'pct')).toBe('not available');
  });
});
