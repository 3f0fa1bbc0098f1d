import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BINANCE_KLINE_COLUMNS } from '../../../lambdas/market/history/index.ts';

export const HOUR_MS = 3_600_000;
/** 2025-01-01T00:00Z */
export const START_MS = Date.UTC(2025, 0, 1);

/** Price path: a small alternating wiggle around 100k, then a 6 % wick down at `crashHour` that closes 2 % lower. */
export function pricePath(hours: number, crashHour: number | null) {
  let level = 100_000;
  return Array.from({ length: hours }, (_, i) => {
    const open = level;
    if (i === crashHour) {
      level = open * 0.98;
      return { open, high: open * 1.001, low: open * 0.94, close: level };
    }
    level = open * (i % 2 === 0 ? 1.002 : 0.998);
    return {
      open,
      high: Math.max(open, level) * 1.001,
      low: Math.min(open, level) * 0.999,
      close: level,
    };
  });
}

/** A data.binance.vision klines CSV of `hours` hourly bars from `startMs`. */
export function klinesCsv(opts: {
  hours: number;
  crashHour?: number | null;
  header?: boolean;
  startMs?: number;
  stepMinutes?: number;
}): string {
  const start = opts.startMs ?? START_MS;
  const stepMs = (opts.stepMinutes ?? 60) * 60_000;
  const rows = pricePath(opts.hours, opts.crashHour ?? null).map((p, i) => {
    const t = start + i * stepMs;
    const quote = 1_000_000;
    return [t, p.open, p.high, p.low, p.close, 10, t + stepMs - 1, quote, 100, 6, 600_000, 0].join(
      ',',
    );
  });
  return [...(opts.header === false ? [] : [BINANCE_KLINE_COLUMNS.join(',')]), ...rows].join('\n');
}

const METRICS_HEADER =
  'create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio';

function utcText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A Binance metrics CSV with one row an hour (at HH:00) of OI `oiAt(hour)` BTC at 100k USD. */
export function metricsCsv(
  hours: number,
  oiAt: (hour: number) => number,
  startMs = START_MS,
): string {
  const rows = Array.from({ length: hours + 1 }, (_, h) => {
    const oi = oiAt(h);
    return [utcText(startMs + h * HOUR_MS), 'BTCUSDT', oi, oi * 100_000, 1, 1, 1, 1].join(',');
  });
  return [METRICS_HEADER, ...rows].join('\n');
}

/**
 * A new folder of generated Binance files as a user would have them: 72 hourly klines with a long
 * flush at hour 40 (in `klines/`) and metrics with OI down 10 % after it.
 */
export function makeCrashDataFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  mkdirSync(path.join(dir, 'klines'));
  writeFileSync(
    path.join(dir, 'klines', 'BTCUSDT-1h-2025-01-01.csv'),
    klinesCsv({ hours: 72, crashHour: 40 }),
  );
  writeFileSync(
    path.join(dir, 'BTCUSDT-metrics-2025-01-01.csv'),
    metricsCsv(72, (h) => (h > 40 ? 81_000 : 90_000)),
  );
  return dir;
}
