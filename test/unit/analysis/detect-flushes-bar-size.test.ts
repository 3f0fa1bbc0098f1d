import { describe, expect, it } from 'vitest';
import { rateThresholds } from '../../../lambdas/analysis/find-flush-bounds.ts';
import { toFlushArrays, windowReturnSigma } from '../../../lambdas/analysis/flush-arrays.ts';
import {
  buildMarketSeries,
  detectFlushes,
  resampleBars,
  withEstimatedLiquidations,
} from '../../../lambdas/analysis/index.ts';
import {
  quietBars,
  testWindow,
  windowGeometry,
} from '../../../lambdas/analysis/scan-flush-windows.ts';
import { baselineWindows } from '../../../lambdas/analysis/window-baseline.ts';
import { configSchema } from '../../../lambdas/config.ts';
import { generateScenario, type ScenarioName } from '../../../lambdas/market/scenarios/index.ts';
import type { FlushEvent, MarketSeries } from '../../../lambdas/model/index.ts';
import { makeBar, makeSeries } from './series-fixtures.ts';
import { syntheticFlushSeries } from './synthetic-flush-series.ts';
import { type MarketShock, syntheticMarket } from './synthetic-market.ts';

const detector = configSchema.parse({}).detector;
const HOUR_MS = 3_600_000;

const resampled = (series: MarketSeries, barMinutes: number): MarketSeries => ({
  ...series,
  barMinutes,
  bars: resampleBars(series.bars, barMinutes),
});

/** Whether a tier measure sits within 15 % of a tier threshold, where bar size may tip it. */
function borderline(f: FlushEvent): boolean {
  return [detector.tiers.major, detector.tiers.extreme].some(
    (t) => Math.abs(f.liqToOi24h / t - 1) < 0.15,
  );
}

/**
 * Same count and side, the same tier unless the measure is borderline at either size (an
 * hourly event ends up to an hour later, so it may count one more hour of liquidations),
 * starts within an hour, spans that overlap (ends are bar closes).
 */
function expectSameFlushes(at30: FlushEvent[], at60: FlushEvent[]): void {
  const brief = (f: FlushEvent) =>
    `${new Date(f.startMs).toISOString().slice(5, 16)} ${f.side} ${f.tier} ${(f.liqToOi24h * 100).toFixed(2)} %`;
  const tierOf = (f: FlushEvent, k: number, other: FlushEvent[]) => {
    const g = other[k];
    return g !== undefined && (borderline(f) || borderline(g)) ? 'borderline' : f.tier;
  };
  expect(
    at30.map((f, k) => [f.side, tierOf(f, k, at60)]),
    `30m: ${at30.map(brief)}; 60m: ${at60.map(brief)}`,
  ).toEqual(at60.map((f, k) => [f.side, tierOf(f, k, at30)]));
  at30.forEach((f, k) => {
    const g = at60[k];
    if (g === undefined) return;
    expect(Math.abs(f.startMs - g.startMs), brief(f)).toBeLessThanOrEqual(HOUR_MS);
    expect(f.startMs < g.endMs + HOUR_MS && g.startMs < f.endMs + HOUR_MS / 2, brief(f)).toBe(true);
  });
}

const day = (d: number, hm: string) => `2026-01-${String(d).padStart(2, '0')}T${hm}:00Z`;

/** Flushes of a month, at every quarter of the hour, an aftershock and two bursts 40 min apart. */
const SHOCKS: MarketShock[] = [
  { at: day(8, '20:40'), minutes: 70, liqUsd: 300e6, moveFrac: -0.09, side: 'long' },
  { at: day(9, '02:15'), minutes: 30, liqUsd: 60e6, moveFrac: -0.03, side: 'long' },
  { at: day(12, '13:00'), minutes: 60, liqUsd: 120e6, moveFrac: 0.04, side: 'short' },
  { at: day(15, '09:45'), minutes: 30, liqUsd: 90e6, moveFrac: -0.05, side: 'long' },
  { at: day(21, '16:30'), minutes: 20, liqUsd: 80e6, moveFrac: -0.03, side: 'long' },
  { at: day(21, '17:30'), minutes: 20, liqUsd: 80e6, moveFrac: -0.03, side: 'long' },
  { at: day(25, '04:20'), minutes: 50, liqUsd: 80e6, moveFrac: 0.045, side: 'short' },
  { at: day(28, '11:05'), minutes: 120, liqUsd: 200e6, moveFrac: -0.06, side: 'long' },
];

describe('the same market at 30- and 60-minute bars', () => {
  it.each([2, 3, 4, 5, 6])(
    'finds the same seven flushes in a simulated 5-minute month (seed %i)',
    (seed) => {
      const market = syntheticMarket({ days: 35, shocks: SHOCKS, seed });
      const at30 = detectFlushes(resampled(market, 30), detector);
      const at60 = detectFlushes(resampled(market, 60), detector);
      // Eight shocks, seven flushes: the two bursts of 01-21, 40 minutes apart, merge.
      expect(at60).toHaveLength(7);
      expectSameFlushes(at30, at60);
    },
  );

  it.each<[ScenarioName, number]>([
    ['long-flush-reclaim', 0],
    ['long-flush-grind-lower', 30],
    ['short-squeeze-rejection', 45],
    ['two-sided-washout', 15],
    ['calm', 0],
  ])('finds the same flush in the %s scenario starting at :%i', (name, minute) => {
    const scenario = generateScenario(name, { flushAtMs: Date.UTC(2026, 2, 12, 20, minute) });
    const series = buildMarketSeries(scenario.snapshots, scenario.asset, {
      configuredVenues: scenario.configuredVenues,
    });
    const at60 = detectFlushes(resampled(series, 60), detector);
    expect(at60.map((f) => f.side)).toEqual(
      scenario.expected.flush ? [scenario.expected.side] : [],
    );
    expectSameFlushes(detectFlushes(resampled(series, 30), detector), at60);
  });
});

describe('what used to depend on the bar size', () => {
  it('measures displacement in σ of 60-minute returns, which 30-minute σ × √2 overstates when prices mean-revert', () => {
    // The price wanders slowly; every 30-minute close overshoots it by 0.4 %, up and down in
    // turn, and the next one takes it back: 30-minute returns swing, hourly ones hardly do.
    const closes = Array.from(
      { length: 96 },
      (_, k) => 100 * Math.exp(0.003 * Math.sin(k * 0.45)) * (1 + 0.004 * (k % 2 === 0 ? 1 : -1)),
    );
    const bars = closes.map((close, k) =>
      makeBar(k * 30 * 60_000, { open: closes[k - 1] ?? 100, close, high: close, low: close }),
    );
    const sigma30 = windowReturnSigma(toFlushArrays(makeSeries(bars, 30), 2), 0, 95);
    const sigma60 = windowReturnSigma(
      toFlushArrays(makeSeries(resampleBars(bars, 60), 60), 1),
      0,
      47,
    );
    const r30 = closes.map((c, k) => Math.log(c / (closes[k - 1] ?? 100)));
    const oneBarTimesRoot2 =
      Math.sqrt(r30.reduce((sum, r) => sum + r * r, 0) / r30.length) * Math.SQRT2;
    expect(sigma30 / sigma60, 'σ of 60-minute returns on 30- vs 60-minute bars').toBeCloseTo(1, 2);
    // The old unit: a 3σ move on hourly bars would have read as 0.5σ on 30-minute bars.
    expect(oneBarTimesRoot2 / sigma60, 'σ of 30-minute returns × √2').toBeGreaterThan(6);
  });

  it('compares every bar size with the same clock-hour baseline windows and rate thresholds', () => {
    const market = syntheticMarket({ days: 3, shocks: [], seed: 4 });
    // Thresholds every window passes, so each one is a trigger and shows its baseline.
    const anyWindow = { ...detector, minLiqToOi: 0, minDisplacementSigma: -99, liqZScore: -99 };
    const windowFrom = (barMinutes: number, iso: string) => {
      const g = windowGeometry(detector, barMinutes);
      const a = toFlushArrays(resampled(market, barMinutes), g.windowBars);
      const start = a.openTimeMs.indexOf(Date.parse(iso));
      const verdict = testWindow(a, start + g.windowBars - 1, g, anyWindow, []);
      return { a, g, start, window: verdict?.kind === 'flush' ? verdict.trigger : null };
    };
    const rounded = (usd: readonly number[] | undefined) => usd?.map(Math.round);
    const at30 = windowFrom(30, '2026-01-03T11:00:00Z');
    const at60 = windowFrom(60, '2026-01-03T11:00:00Z');
    if (!at30.window || !at60.window) throw new Error('no window');
    expect(rounded(at30.window.baseline)).toEqual(rounded(at60.window.baseline));
    expect(at30.window.baseline, 'the 59 whole hours before 11:00 on day 3').toHaveLength(59);
    const t30 = rateThresholds(at30.a, at30.window, detector);
    const t60 = rateThresholds(at60.a, at60.window, detector);
    expect(t30.start).toBeCloseTo(t60.start, 6);
    expect(t30.end).toBeCloseTo(t60.end, 6);
    // A window starting on the half hour is compared with the same whole hours, up to 10:00.
    const offHour = windowFrom(30, '2026-01-03T10:30:00Z');
    const at60From10 = baselineWindows(at60.a, at60.start - 1, at60.g);
    expect(rounded(offHour.window?.baseline)).toEqual(rounded(at60From10));
  });

  it.each([
    [5, 6],
    [25, 2],
    [30, 1],
    [60, 1],
  ])(
    'waits at least quietMinutes (30) before ending an event: %i-minute bars → %i bars',
    (barMinutes, bars) => {
      expect(quietBars(detector, barMinutes)).toBe(bars);
    },
  );

  it('ends a 5-minute event after 30 quiet minutes even when one bar among them is busy', () => {
    // Bars 600–602 liquidate $10M each; bar 605 has $40K, above the 90th percentile of the hourly
    // rate (about $16K per 5 min), but the 30 minutes after bar 602 average $7K.
    const series = syntheticFlushSeries(
      [{ atBar: 600, bars: 3, liqPerBarUsd: 10e6, movePerBar: -0.01 }],
      700,
      0.001,
    );
    const busy = {
      ...series,
      bars: series.bars.map((b, k) =>
        k === 605 ? { ...b, liqLongUsd: 20_000, liqShortUsd: 20_000 } : b,
      ),
    };
    const [flush] = detectFlushes(busy, detector);
    expect(flush?.endMs, 'the last burst bar').toBe(602 * 300_000);
  });

  it('attributes an hourly OI drop seen on 30-minute bars by the move of the whole hour', () => {
    // OI is read on the hour: the 00:30 bar carries the whole 00:00–01:00 drop of 100 BTC, and it
    // rose itself (97 → 98) while the hour fell 2 % (100 → 98).
    const rows = [
      { close: 100, oiBase: 1000 },
      { close: 97, oiBase: 1000 },
      { close: 98, oiBase: 900 },
    ];
    const bars = rows.map((row, k) =>
      makeBar(Date.parse('2026-01-01T23:30:00Z') + k * 30 * 60_000, {
        open: rows[k - 1]?.close ?? 100,
        close: row.close,
        oiBase: row.oiBase,
        oiUsd: null,
        liqLongUsd: null,
        liqShortUsd: null,
      }),
    );
    const at30 = withEstimatedLiquidations(makeSeries(bars, 30)).bars[2];
    expect([at30?.liqLongUsd, at30?.liqShortUsd], '100 BTC × $98, longs').toEqual([9800, 0]);
    const at60 = withEstimatedLiquidations(makeSeries(resampleBars(bars, 60), 60)).bars[1];
    expect([at60?.liqLongUsd, at60?.liqShortUsd], 'the same hour at 60 minutes').toEqual([9800, 0]);
  });
});
