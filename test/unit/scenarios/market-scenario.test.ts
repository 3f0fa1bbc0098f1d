import { describe, expect, it } from 'vitest';
import {
  buildCoinSeries,
  buildMarketWideSeries,
  detectMarketFlushes,
} from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import { generateMarketScenario } from '../../../lambdas/market/scenarios/index.ts';

const detector = configSchema.parse({}).detector;

describe('generateMarketScenario', () => {
  const scenario = generateMarketScenario({ seed: 1 });

  it('simulates twelve coins on four venues, every tick one snapshot holding all of them', () => {
    expect(scenario.coins).toHaveLength(12);
    expect(scenario.configuredVenues).toEqual(['binanceusdm', 'bybit', 'okx', 'hyperliquid']);
    const tick = scenario.snapshots[500];
    expect(tick?.simulated).toBe(true);
    for (const venue of tick?.venues ?? [])
      expect(new Set(venue.instruments.map((i) => i.asset)).size, venue.venue).toBe(12);
    const times = scenario.snapshots.map((s) => s.takenAt);
    expect(new Set(times).size, 'one snapshot per tick').toBe(times.length);
  });

  it('is found as one market-wide long flush of exactly the coins that were flushed', () => {
    const { series, missing } = buildCoinSeries(scenario.snapshots, scenario.coins, {
      configuredVenues: scenario.configuredVenues,
    });
    expect(missing).toEqual([]);
    const market = buildMarketWideSeries(series);
    expect(market.excludedCoins).toEqual([]);
    expect(market.liqIsLowerBound, 'Binance and OKX feeds are throttled').toBe(true);
    const { flushes } = detectMarketFlushes(market, detector);
    expect(flushes).toHaveLength(1);
    const [flush] = flushes;
    expect(flush?.event.side).toBe(scenario.expected.side);
    expect([...(flush?.coinsInFlush ?? [])].sort()).toEqual(
      [...scenario.expected.coinsInFlush].sort(),
    );
    expect(flush?.peakBreadth).toBe(scenario.expected.coinsInFlush.length);
    expect(flush?.coinsInFlush[0], 'BTC, the largest market, lost the most').toBe('BTC');
  });

  it('gives the same market for the same seed and another for another seed', () => {
    const again = generateMarketScenario({ seed: 1 });
    expect(JSON.stringify(again.snapshots[3000])).toBe(JSON.stringify(scenario.snapshots[3000]));
    const other = generateMarketScenario({ seed: 2 });
    expect(JSON.stringify(other.snapshots[3000])).not.toBe(
      JSON.stringify(scenario.snapshots[3000]),
    );
  });
});

describe('buildCoinSeries', () => {
  it('names a coin no tick holds instead of dropping it silently', () => {
    const scenario = generateMarketScenario({
      coins: [
        { coin: 'BTC', plan: 'calm' },
        { coin: 'ETH', plan: 'calm' },
      ],
    });
    const { series, missing } = buildCoinSeries(scenario.snapshots, ['BTC', 'ETH', 'PEPE'], {
      configuredVenues: scenario.configuredVenues,
    });
    expect(series.map((s) => s.asset)).toEqual(['BTC', 'ETH']);
    expect(missing).toEqual([{ coin: 'PEPE', reason: 'No PEPE bars in the snapshots.' }]);
  });
});
