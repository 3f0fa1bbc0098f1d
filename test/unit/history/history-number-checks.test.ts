import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryDataError, loadHistoryFolder } from '../../../lambdas/market/history/index.ts';
import { HOUR_MS, klinesCsv, metricsCsv, START_MS } from './history-csv-fixtures.ts';

const KLINES = 'BTCUSDT-1h-2025-01-01.csv';
const COINGLASS = 'coinglass_BTC_regime_1h_2025-01-01_2025-01-02.csv';
const FUNDING = 'BTCUSDT_fundingRate_8h.csv';
const METRICS = 'BTCUSDT-metrics-2025-01-01.csv';

const folders: string[] = [];
afterEach(async () => {
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Writes the files into a fresh temp folder and imports it as `replay --data` does. */
async function importFiles(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'aftershock-csv-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return loadHistoryFolder(dir, { barMinutes: 60 });
}

/** `text` with field `column` (0-based) of data row `rowNumber` (1-based, after the header) set to `value`. */
function withCell(text: string, rowNumber: number, column: number, value: string): string {
  const lines = text.split('\n');
  const fields = (lines[rowNumber] ?? '').split(',');
  fields[column] = value;
  lines[rowNumber] = fields.join(',');
  return lines.join('\n');
}

async function refusal(files: Record<string, string>): Promise<string> {
  const error = await importFiles(files).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HistoryDataError);
  return error instanceof Error ? error.message : '';
}

const klines = klinesCsv({ hours: 24 });

describe('CSV importers read decimal numbers only', () => {
  const notDecimal: Array<[column: number, name: string, value: string]> = [
    [2, 'high', '0x10'],
    [1, 'open', '0b1'],
    [4, 'close', '1e400'],
    [5, 'volume', 'Infinity'],
    [7, 'quote_volume', 'NaN'],
    [1, 'open', '+-1'],
    [3, 'low', ''],
  ];
  for (const [column, name, value] of notDecimal) {
    it(`refuses ${value === '' ? 'an empty cell' : value} as ${name}, naming the file, row and column`, async () => {
      expect(await refusal({ [KLINES]: withCell(klines, 3, column, value) })).toBe(
        `${KLINES}: data row 3: ${name} should be a finite decimal number, got "${value}".`,
      );
    });
  }

  it('reads the scientific notation of Binance’s funding files (-1.0E-7) and a leading +', async () => {
    const funding = `calc_time,funding_interval_hours,last_funding_rate\n${START_MS},8,-1.0E-7\n${START_MS + 8 * HOUR_MS},8,+0.0001`;
    const { series } = await importFiles({ [KLINES]: klines, [FUNDING]: funding });
    expect(series[0]?.series.bars[1]?.fundingRate8h).toBeCloseTo(-1e-7, 15);
    expect(series[0]?.series.bars[9]?.fundingRate8h).toBeCloseTo(0.0001, 15);
  });
});

describe('CSV importers refuse numbers no market has', () => {
  it('refuses a price of 0 or below and an OHLC whose high is under its open or close', async () => {
    expect(await refusal({ [KLINES]: withCell(klines, 5, 3, '-5') })).toBe(
      `${KLINES}: data row 5: low should be above 0, got -5.`,
    );
    expect(await refusal({ [KLINES]: withCell(klines, 2, 2, '1') })).toMatch(
      new RegExp(
        `^${KLINES}: data row 2: high 1 should be at least open [\\d.]+ and close [\\d.]+\\.$`,
      ),
    );
    expect(await refusal({ [KLINES]: withCell(klines, 2, 3, '200000') })).toMatch(
      /data row 2: low 200000 should be at most open [\d.]+ and close [\d.]+\.$/,
    );
  });

  it('refuses negative volumes, trade counts and open interest', async () => {
    expect(await refusal({ [KLINES]: withCell(klines, 4, 10, '-1') })).toBe(
      `${KLINES}: data row 4: taker_buy_quote_volume should not be negative, got -1.`,
    );
    expect(await refusal({ [KLINES]: withCell(klines, 4, 8, '-3') })).toBe(
      `${KLINES}: data row 4: count should not be negative, got -3.`,
    );
    const metrics = withCell(
      metricsCsv(24, () => 90_000),
      7,
      2,
      '-90000',
    );
    expect(await refusal({ [KLINES]: klines, [METRICS]: metrics })).toBe(
      `${METRICS}: data row 7: sum_open_interest should not be negative, got -90000.`,
    );
  });

  it('refuses funding of 500 %/8h and an interval of 0 hours', async () => {
    const funding = (rate: string, hours: string) =>
      `calc_time,funding_interval_hours,last_funding_rate\n${START_MS},8,0.0001\n${START_MS + 8 * HOUR_MS},${hours},${rate}`;
    expect(await refusal({ [KLINES]: klines, [FUNDING]: funding('5', '8') })).toBe(
      `${FUNDING}: data row 2: last_funding_rate 5 is beyond ±2 % per hour, more than any real funding rate.`,
    );
    expect(await refusal({ [KLINES]: klines, [FUNDING]: funding('0.0001', '0') })).toBe(
      `${FUNDING}: data row 2: funding_interval_hours should be above 0, got 0.`,
    );
  });

  it('refuses a CoinGlass liquidation that is negative or of 10³⁰⁰ dollars', async () => {
    const header =
      'timestamp,datetime_utc,price_open,price_high,price_low,price_close,liquidation_long_usd,liquidation_short_usd,liquidation_total_usd,funding_open,funding_high,funding_low,funding_close,oi_open,oi_high,oi_low,oi_close';
    const rows = Array.from(
      { length: 30 },
      (_, h) =>
        `${START_MS + h * HOUR_MS},x,100,110,90,105,5000000,1000000,6000000,0,0,0,0.01,0,0,0,2100000000`,
    );
    const regime = [header, ...rows].join('\n');
    expect(await refusal({ [COINGLASS]: withCell(regime, 12, 6, '-5000000') })).toBe(
      `${COINGLASS}: data row 12: liquidation_long_usd should not be negative, got -5000000.`,
    );
    expect(await refusal({ [COINGLASS]: withCell(regime, 12, 7, '1e300') })).toBe(
      `${COINGLASS}: data row 12: liquidation_short_usd should be at most $10T, got 1e+300.`,
    );
    expect(await refusal({ [COINGLASS]: withCell(regime, 3, 12, '500') })).toBe(
      `${COINGLASS}: data row 3: funding_close 500 is beyond ±2 % per hour, more than any real funding rate.`,
    );
  });
});
