import { describe, expect, it } from 'vitest';
import {
  HistoryDataError,
  parseBinanceFunding,
  parseBinanceKlines,
  parseBinanceMetrics,
  parseCoinglassLiquidations,
  parseCoinglassRegime,
} from '../../../lambdas/market/history/index.ts';
import { HOUR_MS, klinesCsv, START_MS } from './history-csv-fixtures.ts';

describe('parseBinanceKlines', () => {
  it('reads files with and without the header row alike', () => {
    const withHeader = parseBinanceKlines(klinesCsv({ hours: 3 }), 'a.csv', 60);
    const without = parseBinanceKlines(klinesCsv({ hours: 3, header: false }), 'b.csv', 60);
    expect(without.bars).toEqual(withHeader.bars);
    expect(withHeader.barMinutes).toBe(60);
    expect(withHeader.bars[0]?.openTimeMs).toBe(START_MS);
  });

  it('takes quote volume as USD volume and 2·taker buy − volume as taker delta', () => {
    const bar = parseBinanceKlines(klinesCsv({ hours: 1 }), 'a.csv', 60).bars[0];
    expect(bar?.perpVolumeUsd).toBe(1_000_000);
    expect(bar?.perpTakerDeltaUsd, '2 × 600k − 1M').toBe(200_000);
    expect(bar?.oiBase, 'klines carry no OI').toBeNull();
    expect(bar?.liqLongUsd, 'klines carry no liquidations').toBeNull();
  });

  it('names the file and the expected columns when the columns are wrong', () => {
    const text = 'time,open,high,low,close\n1,2,3,4,5';
    expect(() => parseBinanceKlines(text, 'bad.csv', 60)).toThrow(HistoryDataError);
    expect(() => parseBinanceKlines(text, 'bad.csv', 60)).toThrow(
      /bad\.csv: .*expected the columns open_time, open/,
    );
  });

  it('rejects a file whose rows mix intervals, naming the file', () => {
    const rows = klinesCsv({ hours: 4 }).split('\n');
    const shifted = rows[3]?.replace(/^(\d+)/, (t) => String(Number(t) - 30 * 60_000)) ?? '';
    const text = [...rows.slice(0, 3), shifted, ...rows.slice(4)].join('\n');
    expect(() => parseBinanceKlines(text, 'mixed.csv', 60)).toThrow(/mixed\.csv: mixed intervals/);
  });

  it('rejects 15-minute rows in a file named as hourly', () => {
    const text = klinesCsv({ hours: 4, stepMinutes: 15 });
    expect(() => parseBinanceKlines(text, 'BTCUSDT-1h-x.csv', 60)).toThrow(
      /name says 60-minute bars but the rows are 15 minutes apart/,
    );
  });

  it('names the row and column of a value that is not a number', () => {
    const text = klinesCsv({ hours: 2 }).replace(/\n(\d+),[\d.]+,/, '\n$1,abc,');
    expect(() => parseBinanceKlines(text, 'x.csv', 60)).toThrow(
      /x\.csv: data row 1: open should be a finite decimal number, got "abc"/,
    );
  });

  it('says so when a file has a header and no rows', () => {
    expect(() => parseBinanceKlines(klinesCsv({ hours: 0 }), 'empty.csv', 60)).toThrow(
      /empty\.csv: the file has no data rows/,
    );
  });
});

describe('parseBinanceMetrics and parseBinanceFunding', () => {
  it('reads OI in BTC and USD at create_time (UTC)', () => {
    const text =
      'create_time,symbol,sum_open_interest,sum_open_interest_value\n2024-08-05 00:05:00,BTCUSDT,88072.4,5132483149.98';
    expect(parseBinanceMetrics(text, 'm.csv')).toEqual([
      { timeMs: Date.UTC(2024, 7, 5, 0, 5), oiBase: 88072.4, oiUsd: 5132483149.98 },
    ]);
  });

  it('rejects a metrics file without the OI columns, listing them', () => {
    const text = 'create_time,symbol,ratio\n2024-08-05 00:05:00,BTCUSDT,1';
    expect(() => parseBinanceMetrics(text, 'm.csv')).toThrow(
      /m\.csv: .*sum_open_interest, sum_open_interest_value .*missing/,
    );
  });

  it('normalises funding to 8 hours from the interval column', () => {
    const text = 'calc_time,funding_interval_hours,last_funding_rate\n1000,4,0.0001\n0,8,-0.0002';
    const points = parseBinanceFunding(text, 'f.csv');
    expect(
      points.map((p) => p.timeMs),
      'sorted by time',
    ).toEqual([0, 1000]);
    expect(points[1]?.fundingRate8h, '0.01 % per 4h is 0.02 % per 8h').toBeCloseTo(0.0002, 12);
  });
});

describe('CoinGlass importers', () => {
  const header =
    'timestamp,datetime_utc,price_open,price_high,price_low,price_close,liquidation_long_usd,liquidation_short_usd,liquidation_total_usd,funding_open,funding_high,funding_low,funding_close,oi_open,oi_high,oi_low,oi_close';
  const row = (t: number) =>
    `${t},x,100,110,90,105,5000000,1000000,6000000,0,0,0,0.01,0,0,0,2100000000`;

  it('reads funding in percent, derives OI in base units and keeps liquidations per venue', () => {
    const parsed = parseCoinglassRegime([header, row(0), row(HOUR_MS)].join('\n'), 'cg.csv', 60);
    const bar = parsed.bars[0];
    expect(bar?.fundingRate8h, '0.01 (percent) is 0.0001').toBeCloseTo(0.0001, 12);
    expect(bar?.oiBase, 'oiUsd / close').toBe(20_000_000);
    expect(bar?.liqLongUsd).toBe(5_000_000);
    expect(bar?.liqByVenue['coinglass-aggregate']).toEqual({
      longUsd: 5_000_000,
      shortUsd: 1_000_000,
    });
    expect(parsed.barMinutes).toBe(60);
  });

  it('reads a liquidation-only export and rejects one without longUsd', () => {
    const ok = 'timestamp,datetime_utc,longUsd,shortUsd,totalUsd\n0,x,1,2,3\n1800000,x,4,5,9';
    expect(parseCoinglassLiquidations(ok, 'l.csv', 30).points[1]).toEqual({
      openTimeMs: 1_800_000,
      longUsd: 4,
      shortUsd: 5,
    });
    expect(() => parseCoinglassLiquidations('timestamp,total\n0,1', 'l.csv', 30)).toThrow(
      /l\.csv: .*longUsd/,
    );
  });
});
