import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildMarketSeries } from '../../../lambdas/analysis/index.ts';
import { collectTick } from '../../../lambdas/market/collect/collect-tick.ts';
import {
  type ExchangeEmulator,
  startExchangeEmulator,
} from '../../support/exchange-emulator/exchange-emulator.ts';
import {
  armLiquidations,
  emulatedTickInput,
  liquidationBurst,
  onlyVenues,
} from './emulated-tick.ts';
import {
  absurdLiquidation,
  type HostileReading,
  serveHostileBinanceBtc,
} from './hostile-binance.ts';

let emulator: ExchangeEmulator;

beforeAll(async () => {
  emulator = await startExchangeEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.clearFaults();
  armLiquidations(emulator);
});

const binanceAndBybit = () =>
  onlyVenues(emulatedTickInput(emulator, { liquidationWindowMs: 400 }), ['binanceusdm', 'bybit']);

describe('one bad instrument fails only itself', () => {
  it('keeps Binance BTC and ETH with a one-line reason when SOL’s open interest reads −5', async () => {
    emulator.setAnswerEdit('binanceusdm', '/fapi/v1/openInterest', (answer, request) =>
      request.query.get('symbol') === 'SOLUSDT'
        ? { ...(answer as object), openInterest: '-5' }
        : answer,
    );
    const snapshot = await collectTick(binanceAndBybit());
    const [binance, bybit] = snapshot.venues;
    expect(binance?.status).toBe('partial');
    expect(binance?.error).toBe('SOL: openInterest.base: Too small: expected number to be >=0');
    expect(binance?.refusedInstruments).toEqual([
      {
        symbol: 'SOL/USDT:USDT',
        asset: 'SOL',
        reason:
          'the venue’s answer could not be used (openInterest.base: Too small: expected number to be >=0)',
      },
    ]);
    expect(binance?.instruments.map((i) => i.asset)).toEqual(['BTC', 'ETH']);
    expect(bybit?.status).toBe('ok');
  });
});

describe('absurd but finite readings (reliability audit #26) at the collector', () => {
  const refused: Array<[HostileReading, string]> = [
    [
      'oi 10¹² BTC',
      'open interest: it read more than $10T, more than every crypto asset together is worth',
    ],
    ['funding 500 %/8h', 'funding: it read 31× the ±16 %/8h bound of any real rate'],
    ['high below low', 'perp bar: its high read below its low'],
    ['close 10⁻⁹', 'perp bar: its low read above its open or close'],
  ];
  for (const [reading, reason] of refused) {
    it(`leaves out Binance BTC, and only it, when it serves ${reading}`, async () => {
      serveHostileBinanceBtc(emulator, [reading]);
      const snapshot = await collectTick(binanceAndBybit());
      const [binance, bybit] = snapshot.venues;
      expect(binance?.status).toBe('partial');
      expect(binance?.error).toBe(`BTC: ${reason}`);
      expect(binance?.refusedInstruments?.map((r) => [r.symbol, r.reason])).toEqual([
        [
          'BTC/USDT:USDT',
          expect.stringMatching(/^(a perp bar|its \w[\w ]*) failed a plausibility check: /),
        ],
      ]);
      expect(binance?.instruments.map((i) => i.asset)).toEqual(['ETH', 'SOL']);
      expect(bybit?.status).toBe('ok');
    });
  }

  it('leaves out Binance BTC when its websocket sends one liquidation of 10³⁰⁰ BTC', async () => {
    emulator.setSubscribeBurst('binanceusdm', () => [...liquidationBurst(), absurdLiquidation()]);
    const snapshot = await collectTick(onlyVenues(emulatedTickInput(emulator), ['binanceusdm']));
    expect(snapshot.venues[0]?.error).toBe(
      'BTC: liquidations: one bar’s read more than $10T, more than every crypto asset together is worth',
    );
    expect(JSON.stringify(snapshot)).not.toMatch(/e\+30\d/);
  });

  it('stores a consistent bar with a high of 10¹² and rows served twice, which the series leaves out and counts once', async () => {
    serveHostileBinanceBtc(emulator, ['bar high 10¹²', 'duplicate kline rows']);
    const snapshot = await collectTick(binanceAndBybit());
    const btcOf = (venue: string) =>
      snapshot.venues.find((v) => v.venue === venue)?.instruments.find((i) => i.asset === 'BTC');
    expect(
      snapshot.venues.map((v) => v.status),
      'a wick is not wrong on its own',
    ).toEqual(['ok', 'ok']);
    const series = buildMarketSeries([snapshot], 'BTC', {
      configuredVenues: ['binanceusdm', 'bybit'],
    });
    const wickMs = btcOf('binanceusdm')?.perpBars.find((b) => b.high > 1e9)?.openTimeMs;
    const wick = series.bars.find((b) => b.openTimeMs === wickMs);
    const bybitBar = btcOf('bybit')?.perpBars.find((b) => b.openTimeMs === wickMs);
    expect(wick?.high, 'Bybit’s high alone: no venue agrees with 10¹²').toBe(bybitBar?.high);
    expect(series.excludedInputs.map((e) => [e.venue, e.input, e.fromMs, e.reason])).toEqual([
      [
        'binanceusdm',
        'price',
        wickMs,
        'its high read more than 1,000,000× the median across venues',
      ],
    ]);
    const first = series.bars[0];
    const binanceBar = btcOf('binanceusdm')?.perpBars.find(
      (b) => b.openTimeMs === first?.openTimeMs,
    );
    const bybitFirst = btcOf('bybit')?.perpBars.find((b) => b.openTimeMs === first?.openTimeMs);
    expect(first?.perpVolumeUsd, 'rows served twice count once').toBeCloseTo(
      (binanceBar?.volumeBase ?? 0) * (binanceBar?.close ?? 0) +
        (bybitFirst?.volumeBase ?? 0) * (bybitFirst?.close ?? 0),
      3,
    );
  });
});
