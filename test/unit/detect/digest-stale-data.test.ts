import { describe, expect, it } from 'vitest';
import type { MarketSeries } from '../../../lambdas/model/index.ts';
import {
  DIGEST_MAX_DATA_AGE_HOURS,
  staleDataNote,
} from '../../../lambdas/use-cases/publish-digest.ts';
import { buildFixtureSeries } from '../report/fixtures.ts';

const HOUR_MS = 3_600_000;

describe('staleDataNote', () => {
  const series: MarketSeries = buildFixtureSeries();
  const lastBar = series.bars.at(-1);
  const closeMs = (lastBar?.openTimeMs ?? 0) + series.barMinutes * 60_000;

  it('lets a digest run while the newest bar closed within the limit', () => {
    expect(staleDataNote(series, closeMs + 5 * 60_000)).toBeNull();
    expect(staleDataNote(series, closeMs + DIGEST_MAX_DATA_AGE_HOURS * HOUR_MS)).toBeNull();
  });

  it('skips the digest and names the last data when the collector stopped long enough ago', () => {
    const note = staleDataNote(series, closeMs + 25 * HOUR_MS);
    expect(note).toBe(
      `stale data: the newest bar closed at ${new Date(closeMs).toISOString()}, 25 h before the digest, so there is nothing fresh to tell`,
    );
  });

  it('skips the digest when no bar closed before it', () => {
    expect(staleDataNote(series, (series.bars[0]?.openTimeMs ?? 0) + 1)).toBe(
      'no market data before the digest',
    );
  });
});
