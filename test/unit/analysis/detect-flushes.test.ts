import { describe, expect, it } from 'vitest';
import { detectFlushes } from '../../../lambdas/analysis/index.ts';
import { configSchema } from '../../../lambdas/config.ts';
import type { FlushEvent, MarketSeries } from '../../../lambdas/model/index.ts';
import { scenarioSeries } from '../scenarios/scenario-series.ts';
import { syntheticFlushSeries } from './synthetic-flush-series.ts';

const detector = configSchema.parse({}).detector;
const burst = (atBar: number) => ({ atBar, bars: 3, liqPerBarUsd: 10e6, movePerBar: -0.01 });

function expectAllFinite(event: FlushEvent): void {
  for (const [key, value] of Object.entries(event)) {
    if (typeof value === 'number') expect(Number.isFinite(value), `${key} is finite`).toBe(true);
  }
}

describe('detectFlushes on synthetic series', () => {
  it('finds one long flush in a burst of long liquidations with a falling price', () => {
    const flushes = detectFlushes(syntheticFlushSeries([burst(600)]), detector);
    expect(flushes).toHaveLength(1);
    const [flush] = flushes;
    expect(flush?.side).toBe('long');
    // Bar 599's noise is already above the 95th percentile, so the run starts there.
    expect(flush?.startMs).toBe(599 * 300_000);
    expect(flush?.endMs, 'the last burst bar; the quiet after it ends the event').toBe(
      602 * 300_000,
    );
    expect(flush?.liqToOi).toBeCloseTo(0.0306, 3);
    if (flush) expectAllFinite(flush);
  });

  it('skips windows without minBaselineHours of history before them', () => {
    expect(detectFlushes(syntheticFlushSeries([burst(100)]), detector), '100 bars = 8h20m').toEqual(
      [],
    );
  });

  it('merges same-side bursts less than mergeMinutes apart and keeps them apart otherwise', () => {
    // 40 minutes apart: longer than quietMinutes (two events), shorter than mergeMinutes.
    const series = syntheticFlushSeries([burst(400), burst(400 + 3 + 8)], 700, 0.001);
    expect(detectFlushes(series, detector)).toHaveLength(1);
    expect(detectFlushes(series, { ...detector, mergeMinutes: 0 })).toHaveLength(2);
  });

  it.each([
    [2.5e6, 'minor'],
    [10e6, 'major'],
    [20e6, 'extreme'],
  ])('tiers a burst of 3 × $%d on $1B of OI as %s', (liqPerBarUsd, tier) => {
    const [flush] = detectFlushes(
      syntheticFlushSeries([{ ...burst(600), liqPerBarUsd }]),
      detector,
    );
    expect(flush?.tier).toBe(tier);
  });

  it('confirms the flush by the OI drop and flags liquidations far below it', () => {
    const deep = { ...burst(600), oiDropPerBar: 0.1 };
    const [flush] = detectFlushes(syntheticFlushSeries([deep]), detector);
    expect(flush?.oiChangePct).toBeCloseTo(-0.3, 6);
    expect(flush?.oiConfirmation).toBe('deep-reset');
    // About $31M liquidated against a $300M OI drop: under the one-fifth ratio.
    expect(flush?.liqUndercountSuspected).toBe(true);
    const [plain] = detectFlushes(syntheticFlushSeries([burst(600)]), detector);
    expect(plain?.oiConfirmation, 'OI did not move').toBe('unconfirmed');
    expect(plain?.liqUndercountSuspected).toBe(false);
  });

  it('divides liquidations by the open interest of the venues with a feed when the bars keep it', () => {
    const series = syntheticFlushSeries([burst(600)]);
    // A fifth of the open interest sits on a venue without a liquidation feed.
    const fed: MarketSeries = {
      ...series,
      bars: series.bars.map((b) => ({ ...b, fedOiUsd: b.oiUsd === null ? null : b.oiUsd * 0.8 })),
    };
    const [all] = detectFlushes(series, detector);
    const [own] = detectFlushes(fed, detector);
    expect(own?.liqToOi).toBeCloseTo((all?.liqToOi ?? 0) / 0.8, 10);
    expect([own?.liqToOiOf, all?.liqToOiOf], 'each says whose open interest').toEqual([
      'fed',
      'all',
    ]);
    expect(own?.liqToOi24h).toBeCloseTo((all?.liqToOi24h ?? 0) / 0.8, 10);
    expect(own?.oiBeforeUsd, 'the open interest reported stays every venue’s').toBe(
      all?.oiBeforeUsd,
    );
    // Too small against all venues' open interest, the burst is a flush against the fed ones'.
    const minLiqToOi = ((all?.liqToOi ?? 0) + (own?.liqToOi ?? 0)) / 2;
    const strict = { ...detector, minLiqToOi };
    expect(detectFlushes(series, strict)).toEqual([]);
    expect(detectFlushes(fed, strict)).toHaveLength(1);
  });

  it('ignores a burst below the minimum liquidations ÷ OI', () => {
    const small = { atBar: 600, bars: 3, liqPerBarUsd: 1e6, movePerBar: -0.01 };
    expect(detectFlushes(syntheticFlushSeries([small]), detector)).toEqual([]);
  });

  it('needs displacement in the direction of the liquidated side', () => {
    const upward = { atBar: 600, bars: 3, liqPerBarUsd: 10e6, movePerBar: 0.01 };
    expect(
      detectFlushes(syntheticFlushSeries([upward]), detector),
      'longs liquidated while price rose',
    ).toEqual([]);
  });
});

describe('detectFlushes on scenarios', () => {
  const { series } = scenarioSeries('long-flush-reclaim');
  const [flush] = detectFlushes(series, detector);

  it('measures the flush consistently', () => {
    if (flush === undefined) throw new Error('no flush');
    expectAllFinite(flush);
    expect(flush.startMs).toBeLessThanOrEqual(flush.peakBarMs);
    expect(flush.peakBarMs).toBeLessThanOrEqual(flush.endMs);
    expect(flush.extremePrice).toBeLessThan(flush.priceBefore);
    expect(flush.brokenLevel ?? 0).toBeGreaterThan(flush.extremePrice);
    expect(flush.brokenLevel ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(
      flush.priceBefore * 1.01,
    );
    expect(flush.tier, 'L/OI above 5 %').toBe('extreme');
    expect(flush.displacementSigma).toBeLessThan(-detector.minDisplacementSigma);
    expect(flush.liqZScore).toBeGreaterThan(detector.liqZScore);
  });

  it('calls the total a lower bound when a feed went unwatched during the flush', () => {
    const series = syntheticFlushSeries([burst(600)]);
    const [watched] = detectFlushes(series, detector);
    expect(watched?.liqIsLowerBound, 'one complete feed, listened to throughout').toBe(false);
    const reconnect = { venue: 'bybit', fromMs: 601 * 300_000, toMs: 601 * 300_000 + 20_000 };
    const [during] = detectFlushes({ ...series, unwatchedLiquidations: [reconnect] }, detector);
    expect(during?.liqIsLowerBound, '20 s of the flush were not listened to').toBe(true);
    const earlier = { ...reconnect, fromMs: 100 * 300_000, toMs: 100 * 300_000 + 20_000 };
    const [outside] = detectFlushes({ ...series, unwatchedLiquidations: [earlier] }, detector);
    expect(outside?.liqIsLowerBound, 'a gap hours before does not touch the total').toBe(false);
  });

  it('scores a burst against the known part of its baseline only', () => {
    // Bars 0–299 with unknown liquidations must weigh as if they were not there at all.
    const full = syntheticFlushSeries([burst(600)]);
    const unknownStart: MarketSeries = {
      ...full,
      bars: full.bars.map((b, i) => (i < 300 ? { ...b, liqLongUsd: null, liqShortUsd: null } : b)),
    };
    const knownOnly: MarketSeries = { ...full, bars: full.bars.slice(300) };
    const [withUnknown] = detectFlushes(unknownStart, detector);
    const [withoutThem] = detectFlushes(knownOnly, detector);
    expect(withUnknown?.liqZScore, 'unknown bars are not quiet bars').toBeCloseTo(
      withoutThem?.liqZScore ?? Number.NaN,
      9,
    );
  });

  it('estimates liquidations from OI drops when no venue has a feed', () => {
    const blind: MarketSeries = {
      ...series,
      bars: series.bars.map((b) => ({ ...b, liqLongUsd: null, liqShortUsd: null, liqByVenue: {} })),
    };
    const flushes = detectFlushes(blind, detector);
    expect(flushes.map((f) => f.side)).toEqual(['long']);
    expect(flushes[0]?.liqEstimated).toBe(true);
    expect(flushes[0]?.liqIsLowerBound, 'an estimate is not a lower bound').toBe(false);
  });
});
