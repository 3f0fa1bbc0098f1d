import { describe, expect, it } from 'vitest';
import type { ExcludedInput } from '../../../lambdas/model/index.ts';
import { dataGapSentences } from '../../../lambdas/report/article-facts.ts';
import {
  excludedInputSentence,
  excludedInputSentences,
} from '../../../lambdas/report/excluded-input-sentences.ts';
import { venueName } from '../../../lambdas/report/venue-names.ts';
import { buildFixtureSeries } from './fixtures.ts';

const AT_1405 = Date.UTC(2026, 2, 12, 14, 5);
const MIN = 60_000;

const oiJump: ExcludedInput = {
  venue: 'binanceusdm',
  symbol: 'BTC/USDT:USDT',
  input: 'open-interest',
  fromMs: AT_1405,
  toMs: AT_1405 + 15 * MIN,
  reason: 'it read 1,000× its recent level',
};

describe('excludedInputSentences', () => {
  it('names the venue as readers know it, the asset, the input, the time and the reason', () => {
    expect(excludedInputSentence(oiJump, buildFixtureSeries())).toBe(
      'Binance’s BTC open interest was left out from 14:05 to 14:20 UTC on 12 Mar 2026: it read 1,000× its recent level.',
    );
  });

  it('names both days when the stretch crosses midnight, and agrees in number', () => {
    const lateNight = Date.UTC(2026, 2, 12, 23, 55);
    const sentence = excludedInputSentence(
      {
        venue: 'okx',
        symbol: 'BTC/USDT:USDT',
        input: 'liquidations',
        fromMs: lateNight,
        toMs: lateNight + 15 * MIN,
        reason: 'one bar’s read 5.0× the venue’s open interest',
      },
      buildFixtureSeries(),
    );
    expect(sentence).toBe(
      'OKX’s BTC liquidations were left out from 23:55 on 12 Mar 2026 to 00:10 UTC on 13 Mar 2026: one bar’s read 5.0× the venue’s open interest.',
    );
  });

  it('says "at" for a stretch inside one minute', () => {
    const sentence = excludedInputSentence(
      { ...oiJump, input: 'funding', toMs: AT_1405 + 3_000 },
      buildFixtureSeries(),
    );
    expect(sentence).toBe(
      'Binance’s BTC funding rate was left out at 14:05 UTC on 12 Mar 2026: it read 1,000× its recent level.',
    );
  });

  it('says why the collector refused a whole instrument', () => {
    const sentence = excludedInputSentence(
      {
        ...oiJump,
        input: 'instrument',
        reason:
          'its funding rate failed a plausibility check: it read 31× the ±16 %/8h bound of any real rate',
      },
      buildFixtureSeries(),
    );
    expect(sentence).toBe(
      'Binance’s BTC data was left out from 14:05 to 14:20 UTC on 12 Mar 2026, as its funding rate failed a plausibility check: it read 31× the ±16 %/8h bound of any real rate.',
    );
  });

  it('lists three exclusions and counts the rest', () => {
    const many = [0, 1, 2, 3, 4].map((i) => ({ ...oiJump, fromMs: oiJump.fromMs + i * 60 * MIN }));
    const sentences = excludedInputSentences({ ...buildFixtureSeries(), excludedInputs: many });
    expect(sentences).toHaveLength(4);
    expect(sentences[3]).toBe(
      '2 more inputs were left out for failing a plausibility check; data.json lists every one.',
    );
  });

  it('adds its sentences to the data-gap sentences, and none when nothing was left out', () => {
    const series = buildFixtureSeries();
    const all = { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER };
    expect(dataGapSentences(series, all).join(' ')).not.toContain('left out');
    expect(dataGapSentences({ ...series, excludedInputs: [oiJump] }, all)).toContain(
      excludedInputSentence(oiJump, series),
    );
    expect(
      dataGapSentences({ ...series, excludedInputs: [oiJump] }, { fromMs: 0, toMs: 1 }),
      'an exclusion outside the chart window is not a note of this report',
    ).not.toContain(excludedInputSentence(oiJump, series));
  });
});

describe('venueName', () => {
  it('maps the ccxt ids and the CoinGlass source to the names readers know', () => {
    expect(
      ['binanceusdm', 'bybit', 'okx', 'gate', 'hyperliquid', 'coinglass-aggregate', 'deribit'].map(
        venueName,
      ),
    ).toEqual(['Binance', 'Bybit', 'OKX', 'Gate', 'Hyperliquid', 'CoinGlass aggregate', 'deribit']);
  });
});
