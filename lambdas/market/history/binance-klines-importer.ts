import { detectBarMinutes } from './bar-interval.ts';
import { nonNegativeAt, ohlcAt, usdAt } from './csv-checks.ts';
import { type CsvTable, parseCsvTable, requireRows } from './csv-table.ts';
import { HistoryDataError } from './history-data-error.ts';
import { emptyBar, type ParsedBars } from './history-types.ts';

/** Columns of a data.binance.vision klines file, in order (older files have no header row). */
export const BINANCE_KLINE_COLUMNS = [
  'open_time',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'close_time',
  'quote_volume',
  'count',
  'taker_buy_volume',
  'taker_buy_quote_volume',
  'ignore',
] as const;

function checkColumns(table: CsvTable): void {
  const expected = BINANCE_KLINE_COLUMNS.join(', ');
  const header = table.header;
  if (header !== null && header.join(',') !== BINANCE_KLINE_COLUMNS.join(',')) {
    throw new HistoryDataError(
      table.file,
      `not a Binance klines file: expected the columns ${expected} but found ${header.join(', ')}.`,
    );
  }
  const bad = table.rows.findIndex((row) => row.length !== BINANCE_KLINE_COLUMNS.length);
  if (bad >= 0) {
    throw new HistoryDataError(
      table.file,
      `data row ${bad + 1} has ${table.rows[bad]?.length ?? 0} fields; a Binance klines row has ${BINANCE_KLINE_COLUMNS.length} (${expected}).`,
    );
  }
}

/**
 * Parses a data.binance.vision USDⓈ-M klines CSV (with or without its header
 * row) into bars: perp OHLC, perp volume in USD (`quote_volume`), and taker
 * delta = 2 · taker_buy_quote − quote_volume (buys minus sells, USD). Every number must be a
 * decimal, prices above 0 with low ≤ open, close ≤ high, volumes and counts not negative.
 * @throws HistoryDataError naming the file (and the row and column) on wrong columns, mixed
 * intervals or a number that cannot be a market's.
 * @example parseBinanceKlines(text, 'BTCUSDT-1h-2025-10-10.csv', 60).barMinutes // 60
 */
export function parseBinanceKlines(
  text: string,
  file: string,
  namedMinutes: number | null,
): ParsedBars {
  const table = parseCsvTable(text, file);
  requireRows(table);
  checkColumns(table);
  const bars = table.rows.map((row, i) => {
    const at = { table, row, rowNumber: i + 1 };
    const bar = emptyBar(nonNegativeAt(at, 0), ohlcAt(at, [1, 2, 3, 4]));
    for (const count of [5, 8, 9]) nonNegativeAt(at, count);
    const quoteVolume = usdAt(at, 7);
    bar.perpVolumeUsd = quoteVolume;
    bar.perpTakerDeltaUsd = 2 * usdAt(at, 10) - quoteVolume;
    return bar;
  });
  const barMinutes = detectBarMinutes(
    bars.map((b) => b.openTimeMs),
    file,
    namedMinutes,
  );
  return { file, barMinutes, bars };
}
