import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../lambdas/config.ts';
import {
  attachOpenInterest,
  buildHistorySeries,
  classifyHistoryFile,
  replayHistory,
  splitSegments,
} from '../../../lambdas/market/history/index.ts';
import type { MarketSeries } from '../../../lambdas/model/index.ts';
import { HOUR_MS, klinesCsv, metricsCsv, START_MS } from './history-csv-fixtures.ts';

const config = configSchema.parse({});
const replayOptions = {
  detector: config.detector,
  regime: config.regime,
  fromMs: null,
  toMs: null,
};
const CRASH_HOUR = 40;
/** OI 90k BTC, falling 10 % in the crash hour. */
const oiAt = (hour: number) => (hour > CRASH_HOUR ? 81_000 : 90_000);

function crashFiles(hours = 72) {
  return [
    { name: 'k/BTCUSDT-1h-2025-01-01.csv', text: klinesCsv({ hours, crashHour: CRASH_HOUR }) },
    { name: 'm/BTCUSDT-metrics-2025-01-01.csv', text: metricsCsv(hours, oiAt) },
  ];
}

describe('classifyHistoryFile', () => {
  it('recognises each publisher file name and its bar size', () => {
    expect(classifyHistoryFile('BTCUSDT-15m-2024-08-05.csv')).toEqual({
      kind: 'binance-klines',
      symbol: 'BTCUSDT',
      asset: 'BTC',
      namedMinutes: 15,
    });
    expect(classifyHistoryFile('BTCUSDT-metrics-2024-08-05_0005-0300.csv')?.kind).toBe(
      'binance-metrics',
    );
    expect(classifyHistoryFile('ETHUSDT_fundingRate_8h.csv')?.asset).toBe('ETH');
    expect(
      classifyHistoryFile('coinglass_BTC_regime_1h_2025-12-04_2026-06-02.csv')?.namedMinutes,
    ).toBe(60);
    expect(classifyHistoryFile('adl_by_coin_REALTIME.csv')).toBeNull();
  });
});

describe('attachOpenInterest', () => {
  it('uses the latest reading at or before each bar close and never a stale one', () => {
    const built = buildHistorySeries(
      [{ name: 'BTCUSDT-1h-2025-01-01.csv', text: klinesCsv({ hours: 4 }) }],
      { barMinutes: 60 },
    );
    const bars = built.series[0]?.series.bars ?? [];
    const points = [
      { timeMs: START_MS + HOUR_MS, oiBase: 1, oiUsd: 10 },
      { timeMs: START_MS + HOUR_MS + 5 * 60_000, oiBase: 2, oiUsd: 20 },
    ];
    const oi = attachOpenInterest(bars, 60, points).map((b) => b.oiBase);
    expect(
      oi,
      'bar 0 closes at 01:00; bar 1 at 02:00 sees 01:05; bars 2 and 3 find only readings over 1h05 old',
    ).toEqual([1, 2, null, null]);
  });

  it('takes a row stamped a second after the close as the reading at it, not the hour-old one', () => {
    const built = buildHistorySeries(
      [{ name: 'BTCUSDT-1h-2025-01-01.csv', text: klinesCsv({ hours: 3 }) }],
      { barMinutes: 60 },
    );
    const bars = built.series[0]?.series.bars ?? [];
    // As in BTCUSDT-metrics-2024-08-05.hourly.csv: 08:00:00, then 09:00:01.
    const points = [
      { timeMs: START_MS + HOUR_MS, oiBase: 77_465, oiUsd: 10 },
      { timeMs: START_MS + 2 * HOUR_MS + 1_000, oiBase: 77_043, oiUsd: 20 },
      { timeMs: START_MS + 3 * HOUR_MS + 61_000, oiBase: 76_398, oiUsd: 30 },
    ];
    const oi = attachOpenInterest(bars, 60, points).map((b) => b.oiBase);
    expect(
      oi,
      'bar 1 (close 02:00) reads 02:00:01; bar 2 (close 03:00) keeps 02:00:01, as 03:01:01 is after it',
    ).toEqual([77_465, 77_043, 77_043]);
  });
});

describe('buildHistorySeries', () => {
  it('joins 15-minute files resampled to hourly with hourly files of the same symbol', () => {
    const built = buildHistorySeries(
      [
        { name: 'BTCUSDT-1h-2025-01-01.csv', text: klinesCsv({ hours: 24 }) },
        {
          name: 'BTCUSDT-15m-2025-01-02.csv',
          text: klinesCsv({ hours: 96, stepMinutes: 15, startMs: START_MS + 24 * HOUR_MS }),
        },
      ],
      { barMinutes: 60 },
    );
    expect(built.series.map((s) => s.label)).toEqual(['binance-vision BTCUSDT 60m']);
    expect(built.series[0]?.series.bars.length, '24 hourly + 96 quarter-hours as 24 hours').toBe(
      48,
    );
    expect(built.series[0]?.series.simulated).toBe(false);
  });

  it('keeps each bar size apart when resampling is off, and lists unknown files as skipped', () => {
    const built = buildHistorySeries(
      [
        { name: 'BTCUSDT-1h-2025-01-01.csv', text: klinesCsv({ hours: 2 }) },
        { name: 'BTCUSDT-15m-2025-01-02.csv', text: klinesCsv({ hours: 2, stepMinutes: 15 }) },
        { name: 'notes.csv', text: 'a,b\n1,2' },
      ],
      { barMinutes: null },
    );
    expect(built.series.map((s) => s.series.barMinutes).sort()).toEqual([15, 60]);
    expect(built.notes.join('\n')).toMatch(/skipped notes\.csv/);
  });
});

describe('splitSegments', () => {
  it('splits at gaps longer than two bars and keeps shorter gaps inside', () => {
    const built = buildHistorySeries(
      [
        { name: 'BTCUSDT-1h-2025-01-01.csv', text: klinesCsv({ hours: 3 }) },
        {
          name: 'BTCUSDT-1h-2025-01-02.csv',
          text: klinesCsv({ hours: 3, startMs: START_MS + 5 * HOUR_MS }),
        },
        {
          name: 'BTCUSDT-1h-2025-02-01.csv',
          text: klinesCsv({ hours: 3, startMs: START_MS + 100 * HOUR_MS }),
        },
      ],
      { barMinutes: 60 },
    );
    const series = built.series[0]?.series as MarketSeries;
    const segments = splitSegments(series);
    expect(segments.map((s) => s.bars.length)).toEqual([6, 3]);
    expect(segments[0]?.gaps, 'two missing hours stay a gap').toEqual([
      { fromMs: START_MS + 3 * HOUR_MS, toMs: START_MS + 5 * HOUR_MS },
    ]);
  });
});

describe('replayHistory', () => {
  it('finds a long flush in klines + metrics with liquidations estimated from the OI drop', () => {
    const segments = replayHistory(
      buildHistorySeries(crashFiles(), { barMinutes: 60 }).series,
      replayOptions,
    );
    const flushes = segments.flatMap((s) => s.findings.map((f) => f.flush));
    expect(flushes.map((f) => f.side)).toEqual(['long']);
    expect(flushes[0]?.startMs).toBe(START_MS + CRASH_HOUR * HOUR_MS);
    expect(flushes[0]?.liqEstimated).toBe(true);
    expect(flushes[0]?.oiChangePct).toBeCloseTo(-0.1, 6);
    expect(segments[0]?.liquidationSource).toMatch(/estimated from OI drops/);
    expect(
      segments[0]?.findings[0]?.regimes['4h']?.label,
      'a regime at each reached checkpoint',
    ).toBeTruthy();
    expect(segments[0]?.findings[0]?.regimes['72h'], 'data ends before +72h').toBeNull();
  });

  it('reports a segment too short for a baseline instead of finding nothing silently', () => {
    const segments = replayHistory(
      buildHistorySeries(crashFiles(20), { barMinutes: 60 }).series,
      replayOptions,
    );
    expect(segments[0]?.unusable).toBe('not enough history for a baseline (19 h < 24 h)');
    expect(segments[0]?.findings).toEqual([]);
  });

  it('says why a segment without liquidations or OI cannot be searched', () => {
    const files = [
      { name: 'BTCUSDT-1h-2025-01-01.csv', text: klinesCsv({ hours: 48, crashHour: 30 }) },
    ];
    const segments = replayHistory(
      buildHistorySeries(files, { barMinutes: 60 }).series,
      replayOptions,
    );
    expect(segments[0]?.unusable).toMatch(
      /no liquidations and no open interest.*largest 60-minute move −2\.0 % at 2025-01-02 06:00 UTC/,
    );
  });

  it('reports only flushes starting inside --from/--to but keeps the earlier baseline', () => {
    const series = buildHistorySeries(crashFiles(), { barMinutes: 60 }).series;
    const crashMs = START_MS + CRASH_HOUR * HOUR_MS;
    const inside = replayHistory(series, {
      ...replayOptions,
      fromMs: crashMs - HOUR_MS,
      toMs: crashMs + HOUR_MS,
    });
    const after = replayHistory(series, {
      ...replayOptions,
      fromMs: crashMs + HOUR_MS,
      toMs: null,
    });
    const outside = replayHistory(series, {
      ...replayOptions,
      fromMs: START_MS + 1000 * HOUR_MS,
      toMs: null,
    });
    expect(inside.flatMap((s) => s.findings).length).toBe(1);
    expect(after.flatMap((s) => s.findings).length).toBe(0);
    expect(outside, 'no segment overlaps the range').toEqual([]);
  });
});
