import { describe, expect, it } from 'vitest';
import { bucketLiquidations } from '../../../lambdas/market/venues/liquidation-buckets.ts';
import { positionSideOf } from '../../../lambdas/market/venues/liquidation-side.ts';

describe('positionSideOf', () => {
  it('reads a Binance SELL liquidation order as a long liquidated', () => {
    expect(positionSideOf('binanceusdm', { side: 'sell', info: { S: 'SELL' } })).toBe('long');
    expect(positionSideOf('binanceusdm', { side: 'buy', info: { S: 'BUY' } })).toBe('short');
  });

  it('reads Bybit side as the position side (Buy = a long liquidated)', () => {
    expect(positionSideOf('bybit', { side: 'buy', info: { S: 'Buy' } })).toBe('long');
    expect(positionSideOf('bybit', { side: 'sell', info: { S: 'Sell' } })).toBe('short');
  });

  it('prefers OKX posSide and falls back to the order side in one-way mode', () => {
    const hedge = { side: 'buy', info: { details: [{ posSide: 'long', side: 'sell' }] } };
    expect(positionSideOf('okx', hedge), 'posSide names the position').toBe('long');
    const net = { side: 'buy', info: { details: [{ posSide: 'net', side: 'buy' }] } };
    expect(positionSideOf('okx', net), 'a buy order closes a short').toBe('short');
  });

  it('reads Gate by the sign of the position size', () => {
    expect(positionSideOf('gate', { info: { size: '-12' } })).toBe('short');
    expect(positionSideOf('gate', { info: { size: 5 } })).toBe('long');
    expect(positionSideOf('gate', { info: { size: 'x' } })).toBeNull();
  });

  it('gives no side for Hyperliquid, which has no liquidation feed', () => {
    expect(positionSideOf('hyperliquid', { side: 'sell' })).toBeNull();
  });
});

describe('bucketLiquidations', () => {
  const options = {
    venue: 'okx' as const,
    fromMs: 0,
    toMs: 600_000,
    barMinutes: 5,
    contractSizeOf: () => 0.01,
  };

  it('computes notional as contracts × contract size × price and buckets per bar', () => {
    const events = [
      {
        symbol: 'BTC/USDT:USDT',
        contracts: 100,
        price: 60_000,
        timestamp: 1_000,
        side: 'sell',
        info: { details: [{ posSide: 'long' }] },
      },
      {
        symbol: 'BTC/USDT:USDT',
        contracts: 50,
        price: 60_000,
        timestamp: 301_000,
        side: 'buy',
        info: { details: [{ posSide: 'short' }] },
      },
    ];
    const { bySymbol, unreadable } = bucketLiquidations(events, options);
    expect(unreadable).toBe(0);
    expect(bySymbol.get('BTC/USDT:USDT')).toEqual([
      { openTimeMs: 0, longUsd: 60_000, longCount: 1, shortUsd: 0, shortCount: 0 },
      { openTimeMs: 300_000, longUsd: 0, longCount: 0, shortUsd: 30_000, shortCount: 1 },
    ]);
  });

  it('ignores events outside the window and counts unreadable ones instead of writing NaN', () => {
    const events = [
      { symbol: 'BTC/USDT:USDT', contracts: 1, price: 1, timestamp: 600_000, side: 'sell' },
      { symbol: 'BTC/USDT:USDT', price: 60_000, timestamp: 5, side: 'sell' },
    ];
    const { bySymbol, unreadable } = bucketLiquidations(events, {
      ...options,
      venue: 'binanceusdm',
    });
    expect(bySymbol.size, 'nothing usable remained').toBe(0);
    expect(unreadable, 'the event without contracts').toBe(1);
  });
});
