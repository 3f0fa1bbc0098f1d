import { describe, expect, it } from 'vitest';
import { buildMarketSeries } from '../../../lambdas/analysis/index.ts';
import { SCENARIO_NAMES } from '../../../lambdas/market/scenarios/index.ts';
import { scenarioSeries } from '../scenarios/scenario-series.ts';
import { flatBar, M5, T0, tick, withBar } from './gate-fixtures.ts';

const THREE = ['binanceusdm', 'bybit', 'okx'];
const TWO = ['binanceusdm', 'bybit'];

describe('plausibility gates at series build: prices against the other venues', () => {
  it('leaves out a venue whose price reads 10⁻⁹ of the others and averages the two that agree', () => {
    const snapshot = tick(0, [
      { venue: 'binanceusdm', instrument: withBar(flatBar(60_000)) },
      { venue: 'bybit', instrument: withBar(flatBar(60_030)) },
      { venue: 'okx', instrument: withBar(flatBar(60_000e-9)) },
    ]);
    const series = buildMarketSeries([snapshot], 'BTC', { configuredVenues: THREE });
    expect(series.bars[0]?.close, 'mean of Binance and Bybit only').toBe(60_015);
    expect(series.missingVenues).toEqual(['okx']);
    expect(series.excludedInputs).toEqual([
      {
        venue: 'okx',
        symbol: 'BTC/USDT:USDT',
        input: 'price',
        fromMs: T0,
        toMs: T0 + M5,
        reason: 'its open read less than 1/1,000,000 of the median across venues',
      },
    ]);
  });

  it('outvotes one of two venues with the bar before when its high reads 10¹²', () => {
    const clean = [0, 1, 2].map((i) =>
      tick(i, [
        { venue: 'binanceusdm', instrument: withBar(flatBar(100)) },
        { venue: 'bybit', instrument: withBar(flatBar(100)) },
      ]),
    );
    const wick = tick(3, [
      { venue: 'binanceusdm', instrument: withBar(flatBar(100)) },
      { venue: 'bybit', instrument: withBar({ ...flatBar(100), high: 1e12 }) },
    ]);
    const series = buildMarketSeries([...clean, wick], 'BTC', { configuredVenues: TWO });
    expect(series.bars.map((b) => b.high)).toEqual([100.1, 100.1, 100.1, 100.1]);
    expect(series.excludedInputs.map((e) => [e.venue, e.fromMs, e.reason])).toEqual([
      ['bybit', T0 + 3 * M5, 'its high read more than 1,000,000× the median across venues'],
    ]);
  });

  it('names both of two venues 10× apart with nothing else to go by, and keeps no bar of theirs', () => {
    const split = tick(0, [
      { venue: 'binanceusdm', instrument: withBar(flatBar(100)) },
      { venue: 'bybit', instrument: withBar(flatBar(1_000)) },
    ]);
    const agree = tick(1, [{ venue: 'binanceusdm' }, { venue: 'bybit' }]);
    const series = buildMarketSeries([split, agree], 'BTC', { configuredVenues: TWO });
    expect(
      series.bars.map((b) => b.openTimeMs),
      'the first bar is not invented',
    ).toEqual([T0 + M5]);
    expect(series.excludedInputs.map((e) => `${e.venue}: ${e.reason}`)).toEqual([
      'binanceusdm: its open read 1/3.2 of the median across venues',
      'bybit: its open read 3.2× the median across venues',
    ]);
  });

  it('leaves out a spot bar 1,000× the perps even when the perps agree', () => {
    const snapshot = tick(0, [
      { venue: 'binanceusdm', spot: true },
      {
        venue: 'bybit',
        spot: true,
        instrument: (i) => ({
          ...i,
          spotBars: (i.spotBars ?? []).map((b) => ({ ...b, ...flatBar(100_000) })),
        }),
      },
    ]);
    const series = buildMarketSeries([snapshot], 'BTC', { configuredVenues: TWO });
    expect(series.bars[0]?.spotVolumeUsd, 'Binance’s spot only: 10 × $100').toBe(1_000);
    expect(series.excludedInputs.map((e) => [e.venue, e.input, e.reason])).toEqual([
      ['bybit', 'spot-price', 'its open read 1,000× the median across venues'],
    ]);
  });

  it('leaves out a bar whose high reads below its low, and keeps the venue’s other bars', () => {
    const bars = [0, 1].map((i) =>
      tick(i, [
        {
          venue: 'bybit',
          instrument: i === 0 ? withBar({ ...flatBar(100), high: 90, low: 110 }) : undefined,
        },
      ]),
    );
    const series = buildMarketSeries(bars, 'BTC', { configuredVenues: ['bybit'] });
    expect(series.bars.map((b) => b.openTimeMs)).toEqual([T0 + M5]);
    expect(series.excludedInputs[0]?.reason).toBe('its high read below its low');
  });
});

describe('plausibility gates at series build: open interest, funding and liquidations', () => {
  it('leaves out OI that reads 1,000× the venue’s recent level and keeps the last accepted reading', () => {
    const oiAt = [80_000, 80_000, 80_000, 80_000, 80_000_000, 80_000_000, 80_000];
    const ticks = oiAt.map((oiBase, i) =>
      tick(i, [
        { venue: 'binanceusdm', oiBase },
        { venue: 'bybit', oiBase: 20_000 },
      ]),
    );
    const series = buildMarketSeries(ticks, 'BTC', { configuredVenues: TWO });
    expect(
      series.bars.map((b) => b.oiBase),
      'Binance 80k + Bybit 20k throughout',
    ).toEqual([100_000, 100_000, 100_000, 100_000, 100_000, 100_000, 100_000]);
    expect(series.excludedInputs).toEqual([
      {
        venue: 'binanceusdm',
        symbol: 'BTC/USDT:USDT',
        input: 'open-interest',
        fromMs: T0 + 4 * M5,
        toMs: T0 + 6 * M5,
        reason: 'it read 1,000× its recent level',
      },
    ]);
  });

  it('leaves out funding of 5 per 8h (500 %/8h) but keeps −2 % per 2 h, the largest real rate', () => {
    const series = buildMarketSeries(
      [
        tick(0, [
          { venue: 'binanceusdm', funding: { rate: 5, intervalHours: 8 } },
          { venue: 'bybit', funding: { rate: -0.02, intervalHours: 2 } },
        ]),
      ],
      'BTC',
      { configuredVenues: TWO },
    );
    expect(series.bars[0]?.fundingRate8h, 'Bybit alone: −2 % per 2 h is −8 %/8h').toBeCloseTo(
      -0.08,
      12,
    );
    expect(series.excludedInputs.map((e) => [e.venue, e.input, e.reason])).toEqual([
      ['binanceusdm', 'funding', 'it read 31× the ±16 %/8h bound of any real rate'],
    ]);
  });

  it('leaves out one bar’s liquidations of 5× the venue’s OI, and of 10³⁰⁰, as unknown', () => {
    // Bybit: OI 100 BTC at $100 = $10,000. Ticks 0 and 2, so the two exclusions stay apart.
    const series = buildMarketSeries(
      [
        tick(0, [
          { venue: 'binanceusdm', feed: 'throttled', liqLongUsd: 7 },
          { venue: 'bybit', liqLongUsd: 50_000 },
        ]),
        tick(2, [{ venue: 'bybit', liqLongUsd: 1e300 }]),
      ],
      'BTC',
      { configuredVenues: TWO },
    );
    expect(series.bars.map((b) => b.liqLongUsd)).toEqual([7, null]);
    expect(series.bars[0]?.liqByVenue).toEqual({ binanceusdm: { longUsd: 7, shortUsd: 0 } });
    expect(series.excludedInputs.map((e) => [e.fromMs, e.reason])).toEqual([
      [T0, 'one bar’s read 5.0× the venue’s open interest'],
      [
        T0 + 2 * M5,
        'one bar’s read more than $10T, more than every crypto asset together is worth',
      ],
    ]);
  });

  it('fails only the instrument field that is wrong: Bybit’s price, OI and liquidations stay', () => {
    const series = buildMarketSeries(
      [
        tick(0, [
          { venue: 'binanceusdm', oiBase: 1e12, price: 60_000 },
          { venue: 'bybit', oiBase: 50_000, price: 60_000, liqLongUsd: 1_000 },
        ]),
      ],
      'BTC',
      { configuredVenues: TWO },
    );
    const [bar] = series.bars;
    expect(bar?.oiUsd, 'Bybit’s 50,000 BTC × $60,000; Binance has no accepted OI yet').toBe(3e9);
    expect(bar?.close).toBe(60_000);
    expect(bar?.liqLongUsd).toBe(1_000);
    expect(series.venues).toEqual(TWO);
    expect(series.excludedInputs.map((e) => `${e.venue} ${e.input}`)).toEqual([
      'binanceusdm open-interest',
    ]);
  });
});

describe('instruments the collector refused', () => {
  it('names them for every tick they were refused in, and uses nothing of them', () => {
    const reason = 'its funding rate failed a plausibility check: it read 31× the ±16 %/8h bound';
    const refusing = (i: number) => {
      const snapshot = tick(i, [{ venue: 'binanceusdm' }, { venue: 'bybit', price: 200 }]);
      return {
        ...snapshot,
        venues: snapshot.venues.map((v) =>
          v.venue === 'binanceusdm'
            ? {
                ...v,
                status: 'partial' as const,
                refusedInstruments: [{ symbol: 'BTC/USDT:USDT', asset: 'BTC', reason }],
                instruments: [],
              }
            : v,
        ),
      };
    };
    const series = buildMarketSeries([refusing(0), refusing(1)], 'BTC', { configuredVenues: TWO });
    expect(
      series.bars.map((b) => b.close),
      'Bybit’s price only',
    ).toEqual([200, 200]);
    expect(series.excludedInputs).toEqual([
      {
        venue: 'binanceusdm',
        symbol: 'BTC/USDT:USDT',
        input: 'instrument',
        fromMs: T0,
        toMs: T0 + 2 * M5,
        reason,
      },
    ]);
  });
});

describe('plausibility gates on the simulated markets', () => {
  it('leaves nothing out of any of the thirteen scenarios', () => {
    for (const name of SCENARIO_NAMES)
      expect(scenarioSeries(name).series.excludedInputs, name).toEqual([]);
  });
});
