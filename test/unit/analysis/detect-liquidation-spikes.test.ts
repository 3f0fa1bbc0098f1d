import { describe, expect, it } from 'vitest';
import {
  detectLiquidationEvents,
  detectLiquidationSpikes,
  resampleBars,
} from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import type { MarketSeries } from '../../../lambdas/model/index.ts';
import { type MarketShock, syntheticMarket } from './synthetic-market.ts';

const detector = configSchema.parse({}).detector;

const hourlyMarket = (shocks: MarketShock[]): MarketSeries => {
  const market = syntheticMarket({ days: 10, shocks, seed: 3 });
  return { ...market, barMinutes: 60, bars: resampleBars(market.bars, 60) };
};

/** $88M of longs in an hour on $7B of OI, the price 0.3 % lower at the close and 0.8 % at the wick. */
const spikeHour: MarketShock = {
  at: '2026-01-08T02:00:00Z',
  minutes: 60,
  liqUsd: 88e6,
  moveFrac: -0.003,
  side: 'long',
  wickFrac: 0.005,
};

describe('liquidation spikes without a flush', () => {
  it('returns an $88M hour that moved the price under 3σ as a spike, not a flush', () => {
    const { flushes, spikes } = detectLiquidationEvents(hourlyMarket([spikeHour]), detector);
    expect(flushes).toEqual([]);
    expect(spikes).toHaveLength(1);
    const [spike] = spikes;
    expect(spike?.side).toBe('long');
    expect(spike?.startMs).toBe(Date.parse('2026-01-08T02:00:00Z'));
    expect(spike?.endMs, 'the close of its last bar').toBe(Date.parse('2026-01-08T03:00:00Z'));
    expect(spike?.liqLongUsd).toBeGreaterThan(0.95 * 88e6);
    expect(spike?.liqToOi).toBeCloseTo(88e6 / 7e9, 2);
    expect(spike?.maxMoveFrac, 'to the wick, on the long side').toBeLessThan(
      spike?.priceMoveFrac ?? 0,
    );
    expect(spike?.maxMoveFrac).toBeGreaterThan(-0.015);
    expect(spike?.maxMoveSigma).toBeLessThan(detector.minDisplacementSigma);
  });

  it('merges adjacent spike hours into one spike with their summed liquidations', () => {
    const next: MarketShock = {
      ...spikeHour,
      at: '2026-01-08T03:00:00Z',
      liqUsd: 60e6,
      moveFrac: 0.002,
    };
    const spikes = detectLiquidationSpikes(hourlyMarket([spikeHour, next]), detector);
    expect(
      spikes.map((s) => [new Date(s.startMs).toISOString(), new Date(s.endMs).toISOString()]),
    ).toEqual([['2026-01-08T02:00:00.000Z', '2026-01-08T04:00:00.000Z']]);
    expect(spikes[0]?.liqTotalUsd).toBeGreaterThan(148e6);
  });

  it('merges overlapping 60-minute windows on 30-minute bars into one spike', () => {
    const market = syntheticMarket({ days: 10, shocks: [spikeHour], seed: 3 });
    const spikes = detectLiquidationSpikes(
      { ...market, barMinutes: 30, bars: resampleBars(market.bars, 30) },
      detector,
    );
    expect(spikes).toHaveLength(1);
    expect(spikes[0]?.startMs).toBeLessThanOrEqual(Date.parse('2026-01-08T02:00:00Z'));
    expect(spikes[0]?.endMs).toBeGreaterThanOrEqual(Date.parse('2026-01-08T03:00:00Z'));
  });

  it('counts a spike hour that leads into a crash as part of the flush', () => {
    const crash: MarketShock = {
      at: '2026-01-08T03:00:00Z',
      minutes: 60,
      liqUsd: 150e6,
      moveFrac: -0.05,
      side: 'long',
    };
    const { flushes, spikes } = detectLiquidationEvents(hourlyMarket([spikeHour, crash]), detector);
    expect(flushes.map((f) => new Date(f.startMs).toISOString())).toEqual([
      '2026-01-08T02:00:00.000Z',
    ]);
    expect(spikes, 'the 02:00 hour is inside the flush').toEqual([]);
  });

  it('finds no spike in a calm market', () => {
    expect(detectLiquidationSpikes(hourlyMarket([]), detector)).toEqual([]);
  });
});
