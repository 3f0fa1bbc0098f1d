import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectTick } from '../../../lambdas/market/collect/collect-tick.ts';
import type { MarketDerivatives, VenueSnapshot } from '../../../lambdas/model/index.ts';
import {
  type ExchangeEmulator,
  startExchangeEmulator,
} from '../../support/exchange-emulator/exchange-emulator.ts';
import { collectMarketVenue, emulatedTickInput, onlyVenues } from './emulated-tick.ts';

// Open interest, funding and mark of the whole market's top coins, read in bulk (DESIGN.md §4).
// The emulator lists BTC, ETH and SOL (the configured assets, read as instruments) and DOGE, XRP
// and PEPE beyond them: by open interest DOGE $1B, XRP $900M, PEPE $500M. PEPE trades in lots of
// 1,000 on Binance and Bybit, and funds every 4 hours on Binance.
let emulator: ExchangeEmulator;

const collectOne = (venue: string, topN = 30): Promise<VenueSnapshot> =>
  collectMarketVenue(emulator, venue, topN, { liquidationWindowMs: 400 });

/** Each coin's figures, rounded where venues write prices to a few digits. */
function readings(market: MarketDerivatives | undefined) {
  return (market?.coins ?? []).map((c) => ({
    coin: c.coin,
    symbol: c.symbol,
    oiUsdM: Math.round(c.openInterestUsd / 1e6),
    funding: `${c.fundingRate} per ${c.fundingIntervalHours} h`,
    markPrice: Number(c.markPrice.toPrecision(5)),
    indexPrice: c.indexPrice === null ? null : Number(c.indexPrice.toPrecision(5)),
  }));
}

/** What every USDT-perp venue reads of DOGE, XRP and PEPE (mark 0.02 % over the index). */
function usdtPerps(pepeSymbol: string, pepeFunding: string) {
  const eightHours = '0.0001 per 8 h';
  return [
    {
      coin: 'DOGE',
      symbol: 'DOGE/USDT:USDT',
      oiUsdM: 1000,
      funding: eightHours,
      markPrice: 0.20004,
      indexPrice: 0.2,
    },
    {
      coin: 'XRP',
      symbol: 'XRP/USDT:USDT',
      oiUsdM: 900,
      funding: eightHours,
      markPrice: 2.5005,
      indexPrice: 2.5,
    },
    {
      coin: 'PEPE',
      symbol: pepeSymbol,
      oiUsdM: 500,
      funding: pepeFunding,
      markPrice: 0.000010002,
      indexPrice: 0.00001,
    },
  ];
}

/** The paths `venue` was asked for while `run` ran. */
async function requestsDuring(venue: string, run: () => Promise<unknown>): Promise<string[]> {
  const from = emulator.requests.length;
  await run();
  return emulator.requests
    .slice(from)
    .filter((r) => r.venue === venue)
    .map((r) => r.path);
}

const count = (paths: readonly string[], path: string): number =>
  paths.filter((p) => p === path).length;

beforeAll(async () => {
  emulator = await startExchangeEmulator({ market: true });
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.clearFaults();
});

describe('collectTick reads the market’s open interest and funding in bulk', () => {
  it('ranks Binance by 24-hour volume, reads each coin’s open interest, and PEPE’s 4-hour funding per coin', async () => {
    let binance: VenueSnapshot | undefined;
    const paths = await requestsDuring('binanceusdm', async () => {
      binance = await collectOne('binanceusdm');
    });
    expect(binance?.status, binance?.error).toBe('ok');
    const market = binance?.marketDerivatives;
    expect(market?.ranking).toBe('volume-24h');
    expect(market?.topN).toBe(30);
    expect(readings(market)).toEqual(usdtPerps('1000PEPE/USDT:USDT', '0.00005 per 4 h'));
    expect(market?.excluded).toEqual([]);
    // premiumIndex is also read per instrument; the bulk reads are the ones without a symbol.
    expect(count(paths, '/fapi/v1/ticker/24hr'), 'one 24-hour ticker list').toBe(1);
    expect(count(paths, '/fapi/v1/fundingInfo'), 'one funding-interval list').toBe(1);
    expect(
      count(paths, '/fapi/v1/openInterest'),
      'the three instruments and the three other coins, one by one',
    ).toBe(6);
  });

  it('reads Bybit from the tickers answer that also ranks its liquidation feeds: one request', async () => {
    let bybit: VenueSnapshot | undefined;
    const paths = await requestsDuring('bybit', async () => {
      bybit = await collectOne('bybit');
    });
    expect(bybit?.status, bybit?.error).toBe('ok');
    expect(bybit?.marketDerivatives?.ranking).toBe('open-interest');
    expect(readings(bybit?.marketDerivatives).map((r) => [r.coin, r.oiUsdM, r.funding])).toEqual([
      ['DOGE', 1000, '0.0001 per 8 h'],
      ['XRP', 900, '0.0001 per 8 h'],
      ['PEPE', 500, '0.0001 per 8 h'],
    ]);
    expect(bybit?.marketDerivatives?.coins.find((c) => c.coin === 'PEPE')?.markPrice).toBeCloseTo(
      0.000010002,
      12,
    );
    // One without a symbol (the bulk answer); the instruments' funding reads name theirs.
    expect(count(paths, '/v5/market/tickers') - 3, 'one bulk tickers call').toBe(1);
  });

  it('reads OKX with four bulk requests: open interest, mark, funding (instId=ANY) and index', async () => {
    let okx: VenueSnapshot | undefined;
    const paths = await requestsDuring('okx', async () => {
      okx = await collectOne('okx');
    });
    expect(okx?.status, okx?.error).toBe('ok');
    expect(readings(okx?.marketDerivatives)).toEqual(usdtPerps('PEPE/USDT:USDT', '0.0001 per 8 h'));
    // Three instruments read theirs one by one; the market adds one of each.
    expect(count(paths, '/api/v5/public/open-interest')).toBe(4);
    expect(count(paths, '/api/v5/public/funding-rate')).toBe(4);
  });

  it('reads Gate’s contracts list and Hyperliquid’s asset contexts, one request each', async () => {
    const gate = await collectOne('gate');
    expect(gate.status, gate.error).toBe('ok');
    expect(readings(gate.marketDerivatives).map((r) => [r.coin, r.oiUsdM, r.funding])).toEqual([
      ['DOGE', 1000, '0.0001 per 8 h'],
      ['XRP', 900, '0.0001 per 8 h'],
      ['PEPE', 500, '0.0001 per 8 h'],
    ]);
    const hyperliquid = await collectOne('hyperliquid');
    expect(hyperliquid.status, hyperliquid.error).toBe('ok');
    expect(
      readings(hyperliquid.marketDerivatives).map((r) => [r.coin, r.symbol, r.oiUsdM, r.funding]),
      'hourly funding, USDC-settled perps, kPEPE in lots of 1,000',
    ).toEqual([
      ['DOGE', 'DOGE/USDC:USDC', 1000, '0.0000125 per 1 h'],
      ['XRP', 'XRP/USDC:USDC', 900, '0.0000125 per 1 h'],
      ['PEPE', 'KPEPE/USDC:USDC', 500, '0.0000125 per 1 h'],
    ]);
    expect(
      hyperliquid.marketDerivatives?.coins.find((c) => c.coin === 'PEPE')?.markPrice,
      'kPEPE is 1,000 PEPE: priced per coin',
    ).toBeCloseTo(0.000010002, 12);
  });

  it('reads only the top N: the assets among them keep their own instruments', async () => {
    // By open interest: BTC $4.8B, ETH $2.7B, SOL $1.35B, DOGE $1B, XRP $900M, PEPE $500M.
    const gate = await collectOne('gate', 4);
    expect(gate.marketDerivatives?.topN).toBe(4);
    expect(gate.marketDerivatives?.coins.map((c) => c.coin)).toEqual(['DOGE']);
    expect(gate.instruments.map((i) => i.asset).sort()).toEqual(['BTC', 'ETH', 'SOL']);
  });

  it('leaves out and names a coin with an absurd mark or no funding, keeping the rest', async () => {
    emulator.setAnswerEdit('gate', '/futures/usdt/contracts', (answer) =>
      Array.isArray(answer)
        ? answer.map((c: Record<string, unknown>) =>
            c.name === 'XRP_USDT'
              ? { ...c, mark_price: '25.0' }
              : c.name === 'DOGE_USDT'
                ? { ...c, funding_rate: 'n/a' }
                : c,
          )
        : answer,
    );
    const gate = await collectOne('gate');
    expect(gate.status, 'a coin left out is not a venue error').toBe('ok');
    expect(gate.marketDerivatives?.coins.map((c) => c.coin)).toEqual(['PEPE']);
    expect(gate.marketDerivatives?.excluded).toEqual([
      { symbol: 'DOGE/USDT:USDT', reason: 'no usable funding rate ("n/a")' },
      { symbol: 'XRP/USDT:USDT', reason: 'mark price 25 is 900 % from the index 2.5' },
    ]);
  });

  it('names the coin whose own open interest read failed on Binance, after its retries', async () => {
    emulator.setFault('binanceusdm', '/fapi/v1/openInterest?symbol=XRPUSDT', 'http500');
    let binance: VenueSnapshot | undefined;
    const paths = await requestsDuring('binanceusdm', async () => {
      binance = await collectOne('binanceusdm');
    });
    expect(binance?.status).toBe('ok');
    expect(binance?.marketDerivatives?.coins.map((c) => c.coin)).toEqual(['DOGE', 'PEPE']);
    expect(binance?.marketDerivatives?.excluded).toEqual([
      { symbol: 'XRP/USDT:USDT', reason: expect.stringMatching(/^open interest: .*500/) },
    ]);
    expect(count(paths, '/fapi/v1/openInterest'), 'XRP asked three times').toBe(6 + 2);
  });

  it('keeps the instruments and the market’s liquidations when a bulk answer is unusable', async () => {
    // Only the bulk read (instType without an instId) is broken; the instruments' reads name theirs.
    emulator.setAnswerEdit('okx', '/public/open-interest', (answer, request) =>
      request.query.has('instId') ? answer : { code: '0', msg: '', data: 'none' },
    );
    const okx = await collectOne('okx');
    expect(okx.status).toBe('partial');
    expect(okx.error).toMatch(
      /^market: open interest and funding: VenuePayloadError: unusable okx open interest: .+/,
    );
    expect(okx.instruments.map((i) => i.asset).sort()).toEqual(['BTC', 'ETH', 'SOL']);
    expect(okx.marketDerivatives).toBeUndefined();
    expect(okx.marketLiquidations?.scope, 'the all-market feed was still listened to').toBe('all');
  });

  it('reads no market figures when the market is not asked for', async () => {
    const snapshot = await collectTick(
      onlyVenues(emulatedTickInput(emulator, { liquidationWindowMs: 400 }), ['gate']),
    );
    expect(snapshot.venues[0]?.marketDerivatives).toBeUndefined();
  });
});
