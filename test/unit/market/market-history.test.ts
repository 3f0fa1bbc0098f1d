import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { applyHoursToMonth } from '../../../lambdas/market/rollups/market-history.ts';
import {
  decodeMarketHistory,
  MARKET_HISTORY_CODEC,
  RollupDataError,
} from '../../../lambdas/market/rollups/rollup-codec.ts';
import {
  marketHistoryKey,
  monthOf,
  monthsUpTo,
} from '../../../lambdas/market/rollups/rollup-days.ts';
import type { MarketHour } from '../../../lambdas/model/index.ts';

const at = (iso: string) => Date.parse(iso);
const hour = (iso: string, longUsd: number, shortUsd = 0): MarketHour => ({
  hourMs: at(iso),
  longUsd,
  shortUsd,
});
const stored = (value: unknown) => gzipSync(JSON.stringify(value));

describe('the months of market history', () => {
  it('names the month a time falls in and the months up to it, across a new year', () => {
    expect(monthOf(at('2026-03-31T23:59:59Z'))).toBe('2026-03');
    expect(monthsUpTo(at('2026-01-15T00:00Z'), 3)).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(marketHistoryKey('2026-03')).toBe('rollups/market-history/2026/03.json.gz');
  });

  it('replaces the hours a span touches and keeps every other hour, in order', () => {
    const month = applyHoursToMonth(
      null,
      '2026-03',
      [hour('2026-03-12T20:00Z', 5), hour('2026-03-12T21:00Z', 6)],
      { fromMs: at('2026-03-12T20:00Z'), toMs: at('2026-03-12T22:00Z') },
    );
    const next = applyHoursToMonth(month, '2026-03', [hour('2026-03-12T21:00Z', 9)], {
      fromMs: at('2026-03-12T21:30Z'),
      toMs: at('2026-03-12T21:35Z'),
    });
    expect(next.hours).toEqual([hour('2026-03-12T20:00Z', 5), hour('2026-03-12T21:00Z', 9)]);
    // An hour the span touches that no longer has a covered bar is dropped, not kept as stale.
    const emptied = applyHoursToMonth(next, '2026-03', [], {
      fromMs: at('2026-03-12T20:10Z'),
      toMs: at('2026-03-12T20:15Z'),
    });
    expect(emptied.hours).toEqual([hour('2026-03-12T21:00Z', 9)]);
  });

  it('stores a month as columns and reads it back as it was', () => {
    const month = {
      month: '2026-03',
      hours: [hour('2026-03-01T00:00Z', 1, 2), hour('2026-03-31T23:00Z', 3, 4)],
    };
    const bytes = MARKET_HISTORY_CODEC.encode(month);
    expect(MARKET_HISTORY_CODEC.decode(bytes, 'k', '2026-03')).toEqual(month);
    expect(MARKET_HISTORY_CODEC.idOf(month)).toBe('2026-03');
  });

  it.each([
    ['an hour outside its month', [at('2026-04-01T00:00Z')], [1], [1], /is not in 2026-03/],
    [
      'hours out of order',
      [at('2026-03-02T00:00Z'), at('2026-03-01T00:00Z')],
      [1, 1],
      [1, 1],
      /not in order/,
    ],
    ['a time that is not a whole hour', [at('2026-03-01T00:30Z')], [1], [1], /whole hours/],
    ['a negative amount', [at('2026-03-01T00:00Z')], [-1], [1], /0 or more/],
    ['columns of different lengths', [at('2026-03-01T00:00Z')], [1, 2], [1], /different lengths/],
  ])('refuses a stored month with %s, naming the object', (_, hourMs, longUsd, shortUsd, why) => {
    const bytes = stored({
      schemaVersion: 1,
      month: '2026-03',
      hours: { hourMs, longUsd, shortUsd },
    });
    expect(() =>
      decodeMarketHistory(bytes, 'rollups/market-history/2026/03.json.gz', '2026-03'),
    ).toThrow(RollupDataError);
    expect(() => decodeMarketHistory(bytes, 'k', '2026-03')).toThrow(why);
  });

  it('refuses a month stored under another month’s key, and bytes that are not gzip', () => {
    const bytes = MARKET_HISTORY_CODEC.encode({ month: '2026-02', hours: [] });
    expect(() => decodeMarketHistory(bytes, 'k', '2026-03')).toThrow(/holds 2026-02, not 2026-03/);
    expect(() => decodeMarketHistory(Buffer.from('not gzip'), 'k', '2026-03')).toThrow(
      RollupDataError,
    );
  });
});
