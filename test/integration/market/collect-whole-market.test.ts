import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CollectTickInput,
  collectTick,
} from '../../../lambdas/market/collect/collect-tick.ts';
import {
  loadExchangeClass,
  type VenueId,
} from '../../../lambdas/market/venues/ccxt-exchange-loader.ts';
import type {
  LiquidationBucket,
  MarketLiquidations,
  VenueSnapshot,
} from '../../../lambdas/model/index.ts';
import type { EmulatedLiquidation } from '../../support/exchange-emulator/emulator-types.ts';
import {
  type ExchangeEmulator,
  startExchangeEmulator,
} from '../../support/exchange-emulator/exchange-emulator.ts';
import {
  collectMarketVenue,
  dropAfterNextSubscription,
  emulatedTickInput,
  onlyVenues,
} from './emulated-tick.ts';
import { WEBSOCKET_VENUES } from './emulated-venues.ts';

// The whole market's liquidations (DESIGN.md §4): beyond the configured BTC, ETH and SOL, the
// emulator lists DOGE, XRP and PEPE (`1000PEPEUSDT` on Binance and Bybit), OKX its inverse
// BTC-USD-SWAP, and the feeds also carry NEWCOIN, which no venue lists.
let emulator: ExchangeEmulator;

/** $60k BTC long, $100k each of DOGE long, XRP long, PEPE short, $2k NEWCOIN long, now. */
function marketBurst(): EmulatedLiquidation[] {
  const timeMs = Date.now();
  return [
    { asset: 'BTC', positionSide: 'long', sizeBase: 1, price: 60_000, timeMs },
    { asset: 'DOGE', positionSide: 'long', sizeBase: 500_000, price: 0.2, timeMs },
    { asset: 'XRP', positionSide: 'long', sizeBase: 40_000, price: 2.5, timeMs },
    { asset: 'PEPE', positionSide: 'short', sizeBase: 10_000_000_000, price: 0.00001, timeMs },
    { asset: 'NEWCOIN', positionSide: 'long', sizeBase: 1_000, price: 2, timeMs },
  ];
}

function total(buckets: readonly LiquidationBucket[]) {
  const sum = buckets.reduce(
    (t, b) => ({ long: t.long + b.longUsd, short: t.short + b.shortUsd }),
    { long: 0, short: 0 },
  );
  // Prices such as 0.00001 PEPE make float sums like 100,000.00000000001.
  return { long: Math.round(sum.long), short: Math.round(sum.short) };
}

function coinTotals(market: MarketLiquidations | undefined) {
  return Object.fromEntries(
    (market?.coins ?? []).map((c) => [c.coin, { symbols: c.symbols, ...total(c.liquidations) }]),
  );
}

// Listening ends this long after the tick starts: room for markets and subscriptions on a busy
// 2-core machine (a full test run once left BTC's subscription outside 1.5 s).
const LISTENING_WINDOW_MS = 2_500;

async function collectOne(
  venue: string,
  topN = 30,
  overrides: Partial<CollectTickInput> = {},
): Promise<VenueSnapshot> {
  const part = await collectMarketVenue(emulator, venue, topN, {
    liquidationWindowMs: LISTENING_WINDOW_MS,
    ...overrides,
  });
  expect(part.status, part.error).toBe('ok');
  return part;
}

beforeAll(async () => {
  emulator = await startExchangeEmulator({ market: true });
  // ccxt's venue modules imported once up front, so the first test's window is not spent on them.
  await Promise.all(WEBSOCKET_VENUES.map((id) => loadExchangeClass(id as VenueId)));
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.clearFaults();
  for (const venue of WEBSOCKET_VENUES) emulator.setSubscribeBurst(venue, marketBurst);
  emulator.setSubscribeBurst('okx', () => [
    ...marketBurst(),
    {
      asset: 'BTC',
      positionSide: 'long',
      sizeBase: 5,
      price: 60_000,
      timeMs: Date.now(),
      inverse: true,
    },
  ]);
  emulator.setRecordedLiquidations('gate', marketBurst());
});

describe('collectTick across the whole market', () => {
  it('reads Binance’s !forceOrder@arr: coins beyond the assets, PEPE’s lots, the largest, the unmapped', async () => {
    const binance = await collectOne('binanceusdm');
    const btc = binance.instruments.find((i) => i.asset === 'BTC');
    expect(total(btc?.liquidations ?? []), 'BTC stays on its instrument').toEqual({
      long: 60_000,
      short: 0,
    });
    const market = binance.marketLiquidations;
    expect(market?.scope).toBe('all');
    expect(coinTotals(market)).toEqual({
      DOGE: { symbols: ['DOGE/USDT:USDT'], long: 100_000, short: 0 },
      PEPE: { symbols: ['1000PEPE/USDT:USDT'], long: 0, short: 100_000 },
      XRP: { symbols: ['XRP/USDT:USDT'], long: 100_000, short: 0 },
    });
    expect(market?.unmapped, 'base-unit sizes value NEWCOIN').toEqual([
      { symbol: 'NEWCOINUSDT', count: 1, usd: 2_000 },
    ]);
    expect(market?.largest.map((l) => [l.coin, l.side, Math.round(l.usd)])).toEqual([
      ['DOGE', 'long', 100_000],
      ['XRP', 'long', 100_000],
      ['PEPE', 'short', 100_000],
      ['BTC', 'long', 60_000],
    ]);
    expect(market?.largest.find((l) => l.coin === 'PEPE')?.price, 'per 1,000 PEPE').toBeCloseTo(
      0.01,
    );
    expect(market?.capped).toBe(false);
  });

  it('reads OKX’s liquidation-orders for every SWAP, inverse contracts at $100 each', async () => {
    const okx = await collectOne('okx');
    const market = okx.marketLiquidations;
    expect(market?.scope).toBe('all');
    expect(coinTotals(market)).toEqual({
      BTC: { symbols: ['BTC/USD:BTC'], long: 300_000, short: 0 },
      DOGE: { symbols: ['DOGE/USDT:USDT'], long: 100_000, short: 0 },
      PEPE: { symbols: ['PEPE/USDT:USDT'], long: 0, short: 100_000 },
      XRP: { symbols: ['XRP/USDT:USDT'], long: 100_000, short: 0 },
    });
    expect(market?.largest[0], '3,000 contracts × $100').toMatchObject({
      coin: 'BTC',
      symbol: 'BTC/USD:BTC',
      usd: 300_000,
    });
    expect(market?.unmapped, 'contracts of unknown size: counted, not valued').toEqual([
      { symbol: 'NEWCOIN-USDT-SWAP', count: 1, usd: null },
    ]);
  });

  it('listens to Bybit’s top N symbols by open interest with the assets', async () => {
    // By OI in USD: BTC $4.8B, ETH $2.7B, SOL $1.35B, DOGE $1B, XRP $900M, PEPE $500M.
    const tickerCalls = () =>
      emulator.requests.filter((r) => r.path === '/v5/market/tickers').length;
    const start = tickerCalls();
    await collectTick(onlyVenues(emulatedTickInput(emulator), ['bybit']));
    const perAssetTick = tickerCalls() - start;
    const before = tickerCalls();
    const bybit = await collectOne('bybit', 4);
    const market = bybit.marketLiquidations;
    expect(market?.scope, 'BTC, ETH, SOL and DOGE').toBe(4);
    expect(coinTotals(market)).toEqual({
      DOGE: { symbols: ['DOGE/USDT:USDT'], long: 100_000, short: 0 },
    });
    expect(tickerCalls() - before - perAssetTick, 'one bulk tickers call ranks the symbols').toBe(
      1,
    );
    const wider = await collectOne('bybit', 6);
    expect(wider.marketLiquidations?.scope).toBe(6);
    expect(Object.keys(coinTotals(wider.marketLiquidations))).toEqual(['DOGE', 'PEPE', 'XRP']);
  });

  it('still counts Bybit’s instruments when its bulk tickers answer cannot rank the symbols', async () => {
    // Only the bulk call (no symbol) is broken: the instruments' own reads stay well-formed.
    emulator.setAnswerEdit('bybit', '/v5/market/tickers', (answer, request) =>
      request.query.has('symbol') ? answer : { retCode: 0, retMsg: 'OK', result: { list: 'none' } },
    );
    const snapshot = await collectTick({
      ...onlyVenues(emulatedTickInput(emulator), ['bybit']),
      market: { topN: 30 },
    });
    const bybit = snapshot.venues[0];
    expect(bybit?.status).toBe('partial');
    expect(bybit?.error).toMatch(/^market: ranking symbols by open interest: /);
    expect(bybit?.liquidationFeed, 'the instruments’ feeds were listened to').toBe('complete');
    const btc = bybit?.instruments.find((i) => i.asset === 'BTC');
    expect(total(btc?.liquidations ?? [])).toEqual({ long: 60_000, short: 0 });
    expect(bybit?.marketLiquidations, 'no market part without the ranking').toBeUndefined();
  });

  it('reads Gate’s liq_orders for every contract in one call and says when it hit the cap', async () => {
    const before = emulator.requests.filter((r) => r.path.endsWith('/liq_orders')).length;
    const gate = await collectOne('gate');
    expect(
      emulator.requests.filter((r) => r.path.endsWith('/liq_orders')).length - before,
      'one call, not one per contract',
    ).toBe(1);
    const market = gate.marketLiquidations;
    expect(coinTotals(market)).toEqual({
      DOGE: { symbols: ['DOGE/USDT:USDT'], long: 100_000, short: 0 },
      PEPE: { symbols: ['PEPE/USDT:USDT'], long: 0, short: 100_000 },
      XRP: { symbols: ['XRP/USDT:USDT'], long: 100_000, short: 0 },
    });
    expect(market?.unmapped).toEqual([{ symbol: 'NEWCOIN_USDT', count: 1, usd: null }]);
    expect(market?.capped).toBe(false);

    const nowMs = Date.now();
    emulator.setRecordedLiquidations(
      'gate',
      Array.from({ length: 1_200 }, (_, i) => ({
        asset: 'DOGE',
        positionSide: 'long' as const,
        sizeBase: 100,
        price: 0.2,
        timeMs: nowMs - i,
      })),
    );
    // The window starts a minute back, so every listed order is inside it however slow the tick.
    const capped = (await collectOne('gate', 30, { windowFromMs: nowMs - 60_000 }))
      .marketLiquidations;
    expect(capped?.capped, '1,200 orders, 1,000 listed').toBe(true);
    expect(coinTotals(capped).DOGE?.long, '1,000 × $20: a lower bound').toBeCloseTo(20_000);
  });

  it('resubscribes to Binance’s all-market stream after a drop and counts both bursts', async () => {
    const input = {
      ...onlyVenues(emulatedTickInput(emulator, { liquidationWindowMs: LISTENING_WINDOW_MS }), [
        'binanceusdm',
      ]),
      market: { topN: 30 },
    };
    const running = collectTick(input);
    const dropper = (async () =>
      expect(await dropAfterNextSubscription(emulator, 'binanceusdm')).toBe(1))();
    const [snapshot] = await Promise.all([running, dropper]);
    const market = snapshot.venues[0]?.marketLiquidations;
    const doge = market?.coins.find((c) => c.coin === 'DOGE');
    const count = (doge?.liquidations ?? []).reduce((n, b) => n + b.longCount, 0);
    expect(count, 'one burst before the drop, one after resubscribing').toBe(2);
    expect(market?.unmapped).toEqual([{ symbol: 'NEWCOINUSDT', count: 2, usd: 4_000 }]);
  });

  it('leaves Hyperliquid without a market part (it publishes no liquidation feed)', async () => {
    const hyperliquid = await collectOne('hyperliquid');
    expect(hyperliquid.liquidationFeed).toBe('none');
    expect(hyperliquid.marketLiquidations).toBeUndefined();
  });

  it('keeps to the instruments when the market is not asked for', async () => {
    const snapshot = await collectTick(onlyVenues(emulatedTickInput(emulator), ['binanceusdm']));
    expect(snapshot.venues[0]?.marketLiquidations).toBeUndefined();
  });
});
