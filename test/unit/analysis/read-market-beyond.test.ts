import { describe, expect, it } from 'vitest';
import {
  buildCoinSeries,
  buildMarketWideSeries,
  readMarketBeyond,
} from '../../../lambdas/analysis/index.ts';
import { generateMarketScenario } from '../../../lambdas/market/scenarios/index.ts';
import type { MarketBeyond } from '../../../lambdas/model/index.ts';

const scenario = generateMarketScenario({
  coins: [
    { coin: 'BTC', plan: 'long-flush-reclaim' },
    { coin: 'ETH', plan: 'long-flush-stabilizing' },
  ],
  longTail: [{ coin: 'PEPE', plan: 'long-flush-grind-lower' }],
});

function totalOf(beyond: MarketBeyond | null, coin: string): number {
  return (beyond?.bars ?? []).reduce(
    (sum, b) =>
      sum +
      Object.values(b.byCoin[coin] ?? {}).reduce((part, v) => part + v.longUsd + v.shortUsd, 0),
    0,
  );
}

describe('readMarketBeyond', () => {
  it('counts a tick stored twice once', () => {
    const once = readMarketBeyond(scenario.snapshots, 5);
    const repeated = scenario.snapshots[400];
    const twice = readMarketBeyond(
      repeated === undefined ? scenario.snapshots : [...scenario.snapshots, repeated],
      5,
    );
    expect(totalOf(once, 'PEPE')).toBeGreaterThan(0);
    expect(totalOf(twice, 'PEPE')).toBe(totalOf(once, 'PEPE'));
    expect(twice?.largest.length).toBe(once?.largest.length);
  });

  it('adds five-minute buckets into hourly bars without losing a dollar', () => {
    const fine = totalOf(readMarketBeyond(scenario.snapshots, 5), 'PEPE');
    const hourly = readMarketBeyond(scenario.snapshots, 60);
    expect(totalOf(hourly, 'PEPE')).toBeCloseTo(fine, 0);
    expect(hourly?.bars.every((b) => b.openTimeMs % 3_600_000 === 0)).toBe(true);
  });

  it('keeps each tick’s bulk open interest once, its funding per 8 hours, per coin and venue', () => {
    const repeated = scenario.snapshots[400];
    const beyond = readMarketBeyond(
      repeated === undefined ? scenario.snapshots : [...scenario.snapshots, repeated],
      5,
    );
    expect(beyond?.leverage.length, 'one reading per tick').toBe(scenario.snapshots.length);
    const tick = scenario.snapshots[400];
    const reading = beyond?.leverage.find((r) => r.atMs === Date.parse(tick?.takenAt ?? ''));
    for (const venue of tick?.venues ?? []) {
      const pepe = venue.marketDerivatives?.coins.find((c) => c.coin === 'PEPE');
      if (pepe === undefined) continue;
      expect(reading?.byCoin.PEPE?.[venue.venue]).toEqual({
        oiUsd: pepe.openInterestUsd,
        funding8h: (pepe.fundingRate * 8) / pepe.fundingIntervalHours,
      });
    }
    expect(Object.keys(reading?.byCoin ?? {}), 'the covered coins keep their instruments').toEqual([
      'PEPE',
    ]);
    expect(beyond?.leverageTopN.bybit).toBe(30);
  });

  it('is null when no tick listened to the market', () => {
    const plain = generateMarketScenario({ coins: [{ coin: 'BTC', plan: 'calm' }] });
    expect(readMarketBeyond(plain.snapshots, 5)).toBeNull();
  });
});

describe('buildMarketWideSeries with the market beyond the covered coins', () => {
  const { series } = buildCoinSeries(scenario.snapshots, scenario.coins, {
    configuredVenues: scenario.configuredVenues,
  });
  const beyond = readMarketBeyond(scenario.snapshots, 5);
  const covered = buildMarketWideSeries(series);
  const whole = buildMarketWideSeries(series, beyond);

  it('adds the other coins to the totals, per coin and per venue, without open interest', () => {
    const sum = (bars: typeof whole.bars) =>
      bars.reduce((s, b) => s + b.liqLongUsd + b.liqShortUsd, 0);
    expect(sum(whole.bars) - sum(covered.bars)).toBeCloseTo(totalOf(beyond, 'PEPE'), 0);
    const bar = whole.bars.find((b) => b.byCoin.PEPE !== undefined);
    expect(bar?.byCoin.PEPE?.oiUsd).toBeNull();
    const venues = (b: (typeof whole.bars)[number]) =>
      Object.values(b.byVenue).reduce((s, v) => s + v.longUsd + v.shortUsd, 0);
    for (const b of whole.bars) expect(venues(b)).toBeCloseTo(b.liqLongUsd + b.liqShortUsd, 0);
  });

  it('keeps them out of the market read as one asset, so the detector reads coins with known OI', () => {
    expect(whole.asAsset.bars.map((b) => b.liqLongUsd)).toEqual(
      covered.asAsset.bars.map((b) => b.liqLongUsd),
    );
    expect(whole.coins).toEqual(['BTC', 'ETH']);
  });
});
