import { describe, expect, it } from 'vitest';
import { durationText, listText } from '../../../lambdas/report/format.ts';
import { unwatchedLiquidationSentences } from '../../../lambdas/report/unwatched-liquidation-sentences.ts';
import { buildFixtureSeries } from './fixtures.ts';

const T0 = Date.UTC(2026, 2, 11, 21, 5);

describe('unwatchedLiquidationSentences', () => {
  it('says nothing when every feed was listened to throughout', () => {
    expect(unwatchedLiquidationSentences(buildFixtureSeries())).toEqual([]);
  });

  it('names the venue, the time and the length of a short reconnect', () => {
    const series = {
      ...buildFixtureSeries(),
      unwatchedLiquidations: [{ venue: 'bybit', fromMs: T0, toMs: T0 + 4_000 }],
    };
    expect(unwatchedLiquidationSentences(series)).toEqual([
      'For 4 seconds from 21:05 UTC on 11 Mar 2026, Bybit’s liquidation feed was not listened to, so liquidations then are missing from the totals, not zero.',
    ]);
  });

  it('names every venue of a missed tick in one sentence', () => {
    const missedTick = ['binanceusdm', 'bybit', 'okx'].map((venue) => ({
      venue,
      fromMs: T0,
      toMs: T0 + 300_000,
    }));
    const [sentence] = unwatchedLiquidationSentences({
      ...buildFixtureSeries(),
      unwatchedLiquidations: missedTick,
    });
    expect(sentence).toContain('For 5 minutes from 21:05 UTC');
    expect(sentence).toContain('the liquidation feeds of Binance, Bybit and OKX were');
  });

  it('lists three stretches and sums up the rest', () => {
    const stretches = [0, 1, 2, 3, 4].map((i) => ({
      venue: 'okx',
      fromMs: T0 + i * 3_600_000,
      toMs: T0 + i * 3_600_000 + 60_000,
    }));
    const sentences = unwatchedLiquidationSentences({
      ...buildFixtureSeries(),
      unwatchedLiquidations: stretches,
    });
    expect(sentences).toHaveLength(4);
    expect(sentences[3]).toBe('Liquidation feeds went unwatched 2 more times, 2 minutes in all.');
  });
});

describe('durationText', () => {
  it('counts seconds below two minutes and minutes, then hours, above', () => {
    expect(durationText(1_000)).toBe('1 second');
    expect(durationText(119_000)).toBe('119 seconds');
    expect(durationText(300_000)).toBe('5 minutes');
    expect(durationText(5 * 3_600_000)).toBe('5 hours');
  });

  it('keeps the minutes of a span of hours instead of rounding it to a half hour', () => {
    expect(durationText(205 * 60_000)).toBe('3 hours 25 minutes');
    expect(durationText(121 * 60_000)).toBe('2 hours 1 minute');
  });
});

describe('listText', () => {
  it('joins with commas and a final "and"', () => {
    expect(listText(['okx'])).toBe('okx');
    expect(listText(['okx', 'gate'])).toBe('okx and gate');
    expect(listText(['okx', 'bybit', 'gate'])).toBe('okx, bybit and gate');
  });
});
