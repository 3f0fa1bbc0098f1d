import { describe, expect, it } from 'vitest';
import { checkCoinDerivatives } from '../../../lambdas/market/collect/read-market-derivatives.ts';

// A bulk answer's row for one perp, as a venue writes it (strings), DOGE at $0.20 with $1B OI.
const doge = {
  symbol: 'DOGE/USDT:USDT',
  base: 'DOGE',
  openInterestUsd: '1000000000',
  fundingRate: '0.0001',
  fundingIntervalHours: 8,
  markPrice: '0.20004',
  indexPrice: '0.2',
};

describe('checkCoinDerivatives', () => {
  it('keeps a well-formed row as numbers, funding per its interval', () => {
    expect(checkCoinDerivatives(doge)).toEqual({
      ok: true,
      coin: {
        coin: 'DOGE',
        symbol: 'DOGE/USDT:USDT',
        openInterestUsd: 1e9,
        fundingRate: 0.0001,
        fundingIntervalHours: 8,
        markPrice: 0.20004,
        indexPrice: 0.2,
      },
    });
  });

  it('prices a coin listed in lots per coin, not per lot', () => {
    const result = checkCoinDerivatives({
      ...doge,
      symbol: '1000PEPE/USDT:USDT',
      base: '1000PEPE',
      markPrice: '0.010002',
      indexPrice: '0.01',
    });
    expect(result.ok && result.coin.coin).toBe('PEPE');
    expect(result.ok && result.coin.markPrice).toBeCloseTo(0.000010002, 12);
    expect(result.ok && result.coin.indexPrice).toBeCloseTo(0.00001, 12);
  });

  it('keeps a row without an index, its index null', () => {
    const result = checkCoinDerivatives({ ...doge, indexPrice: '' });
    expect(result.ok && result.coin.indexPrice).toBeNull();
  });

  it.each([
    [{ markPrice: '0' }, 'no usable mark price ("0")'],
    [{ markPrice: undefined }, 'no usable mark price (none)'],
    [{ fundingRate: 'n/a' }, 'no usable funding rate ("n/a")'],
    [{ fundingRate: '0.25' }, 'funding of 25.00 % per 8 h is implausible'],
    [{ openInterestUsd: Number.NaN }, 'no usable open interest (NaN)'],
    [{ openInterestUsd: '-5' }, 'no usable open interest ("-5")'],
    [{ openInterestUsd: '5e12' }, 'open interest of $5.00e+12 is implausible'],
    [{ markPrice: '0.5' }, 'mark price 0.5 is 150 % from the index 0.2'],
  ])('leaves a row out with the reason when %o', (change, reason) => {
    expect(checkCoinDerivatives({ ...doge, ...change })).toEqual({ ok: false, reason });
  });
});
