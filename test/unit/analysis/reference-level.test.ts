import { describe, expect, it } from 'vitest';
import { referenceLevel, resampleBars } from '../../../lambdas/analysis/index.ts';
import { barsFromCloses } from './series-fixtures.ts';

const HOUR_MS = 3_600_000;

describe('referenceLevel', () => {
  // 30 hourly closes drifting between 101 and 104; lows are close − 0.5.
  const closes = Array.from({ length: 30 }, (_, i) => 102.5 + 1.5 * Math.sin(i / 3));
  const startMs = 30 * HOUR_MS;

  it('is the low of the 24 hours before a long flush that broke it', () => {
    const level = referenceLevel(barsFromCloses(closes, 60), startMs, 103, 95, 1, 24);
    const low = Math.min(...closes.slice(6).map((c) => c - 0.5));
    expect(level).toEqual({ price: low, source: 'broken-range-extreme' });
  });

  it('is where the flush began when the flush did not break the range', () => {
    expect(referenceLevel(barsFromCloses(closes, 60), startMs, 103, 101.5, 1, 24)).toEqual({
      price: 103,
      source: 'flush-start',
    });
  });

  it('is the same on 5-minute bars and their hourly resample', () => {
    const fine = barsFromCloses(
      closes.flatMap((c) => Array(12).fill(c)),
      5,
    );
    const hourly = resampleBars(fine, 60);
    expect(referenceLevel(fine, startMs, 103, 95, 1, 24)).toEqual(
      referenceLevel(hourly, startMs, 103, 95, 1, 24),
    );
  });

  it('mirrors for a squeeze: the high of the day before', () => {
    const level = referenceLevel(barsFromCloses(closes, 60), startMs, 103, 110, -1, 24);
    expect(level.source).toBe('broken-range-extreme');
    expect(level.price).toBe(Math.max(...closes.slice(6).map((c) => c + 0.5)));
  });
});
