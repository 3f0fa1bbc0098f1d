import { describe, expect, it } from 'vitest';
import { bucketLiquidations } from '../../../lambdas/market/venues/liquidation-buckets.ts';
import { positionSideOf } from '../../../lambdas/market/venues/liquidation-side.ts';
import { coinOfBase, coinsPerLot } from '../../../lambdas/shared/coin-lots.ts';

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
    marketOf: () => ({ coin: 'BTC', contractSize: 0.01, inverse: false }),
    sizeInBase: false,
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

describe('bucketLiquidations across the market', () => {
  // A Binance-like feed (sizes in base units): BTC and 1000PEPE are listed, NEWCOINUSDT is not.
  const markets: Record<string, { coin: string; contractSize: number; inverse: boolean }> = {
    'BTC/USDT:USDT': { coin: 'BTC', contractSize: 1, inverse: false },
    '1000PEPE/USDT:USDT': { coin: 'PEPE', contractSize: 1, inverse: false },
    'BTC/USD:BTC': { coin: 'BTC', contractSize: 100, inverse: true },
  };
  const options = {
    venue: 'binanceusdm' as const,
    fromMs: 0,
    toMs: 600_000,
    barMinutes: 5,
    marketOf: (symbol: string) => markets[symbol],
    sizeInBase: true,
  };
  const order = (symbol: string, contracts: number, price: number, side = 'sell', at = 1_000) => ({
    symbol,
    contracts,
    price,
    timestamp: at,
    side,
  });

  it('keeps the ten largest orders, largest first, with coin, side, price and time', () => {
    const events = Array.from({ length: 30 }, (_, i) => order('BTC/USDT:USDT', i + 1, 60_000));
    events.push(order('1000PEPE/USDT:USDT', 2_000_000, 0.012, 'buy', 2_000));
    const { largest } = bucketLiquidations(events, options);
    expect(largest).toHaveLength(10);
    expect(largest[0]).toEqual({
      coin: 'BTC',
      symbol: 'BTC/USDT:USDT',
      side: 'long',
      usd: 1_800_000,
      price: 60_000,
      timeMs: 1_000,
    });
    expect(largest.map((l) => l.usd)).toEqual(
      [30, 29, 28, 27, 26, 25, 24, 23, 22, 21].map((n) => n * 60_000),
    );
    expect(
      largest.some((l) => l.coin === 'PEPE'),
      '$24k PEPE is not in the top ten',
    ).toBe(false);
  });

  it('counts an unlisted symbol under unmapped with its notional when sizes are in base units', () => {
    const events = [order('NEWCOINUSDT', 1_000, 2), order('NEWCOINUSDT', 500, 2, 'buy')];
    const { bySymbol, unmapped, largest, unreadable } = bucketLiquidations(events, options);
    expect(bySymbol.size).toBe(0);
    expect(largest, 'an unmapped symbol names no coin').toEqual([]);
    expect(unmapped).toEqual([{ symbol: 'NEWCOINUSDT', count: 2, usd: 3_000 }]);
    expect(unreadable).toBe(0);
  });

  it('leaves an unlisted symbol’s notional unknown when sizes are in contracts', () => {
    const { unmapped } = bucketLiquidations(
      [
        {
          symbol: 'NEW-USDT-SWAP',
          contracts: 10,
          price: 2,
          timestamp: 1_000,
          info: { details: [{ posSide: 'long' }] },
        },
      ],
      { ...options, venue: 'okx', sizeInBase: false },
    );
    expect(unmapped).toEqual([{ symbol: 'NEW-USDT-SWAP', count: 1, usd: null }]);
  });

  it('values inverse contracts at their USD size, not × price', () => {
    const { bySymbol } = bucketLiquidations([order('BTC/USD:BTC', 250, 60_000)], options);
    expect(bySymbol.get('BTC/USD:BTC')?.[0]?.longUsd, '250 contracts × $100').toBe(25_000);
  });
});

describe('coinOfBase', () => {
  it('reads lots of 1,000 and 1,000,000 as the coin itself', () => {
    expect(['1000PEPE', '1000000MOG', '1MBABYDOGE', 'BTC', '1INCH'].map(coinOfBase)).toEqual([
      'PEPE',
      'MOG',
      'BABYDOGE',
      'BTC',
      '1INCH',
    ]);
  });

  it('reads Hyperliquid’s lower-case k as 1,000 coins, and an upper-case K as part of the name', () => {
    expect(['kPEPE', 'kBONK', 'KAS', 'KPEPE'].map(coinOfBase)).toEqual([
      'PEPE',
      'BONK',
      'KAS',
      'KPEPE',
    ]);
    expect(['kPEPE', 'KAS', '1000PEPE', '1MBABYDOGE'].map(coinsPerLot)).toEqual([
      1000, 1, 1000, 1_000_000,
    ]);
  });
});
