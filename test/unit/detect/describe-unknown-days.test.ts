import { describe, expect, it } from 'vitest';
import { describeUnknownDays } from '../../../lambdas/use-cases/market-series-source.ts';

describe('describeUnknownDays', () => {
  it('joins consecutive days with one reason into a range when the read missed a month', () => {
    const missing = ['2026-02-27', '2026-02-28', '2026-03-01'].map((day) => ({
      day,
      reason: 'no rollup was written',
    }));
    const corrupt = { day: '2026-03-03', reason: 'Rollup x is unreadable (not gzip)' };
    expect(describeUnknownDays([...missing, corrupt])).toBe(
      'market data unknown (treated as gaps) on 2026-02-27..2026-03-01: no rollup was written; 2026-03-03: Rollup x is unreadable (not gzip)',
    );
  });
});
