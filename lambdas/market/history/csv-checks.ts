import { MAX_FUNDING_RATE_PER_HOUR, MAX_INSTRUMENT_USD } from '../../analysis/index.ts';
import { type CsvTable, columnName, numberAt } from './csv-table.ts';
import { HistoryDataError } from './history-data-error.ts';

/** One data row of a table, with its number (from 1) for error messages. */
export interface CsvRow {
  table: CsvTable;
  row: readonly string[];
  rowNumber: number;
}

function refuse(at: CsvRow, message: string): never {
  throw new HistoryDataError(at.table.file, `data row ${at.rowNumber}: ${message}`);
}

/** A number that must be at least 0 (a volume, a count, open interest, a time). */
export function nonNegativeAt(at: CsvRow, index: number): number {
  const value = numberAt(at.table, at.row, index, at.rowNumber);
  if (value < 0) refuse(at, `${columnName(at.table, index)} should not be negative, got ${value}.`);
  return value;
}

/** A number that must be above 0 (a price, a funding interval). */
export function positiveAt(at: CsvRow, index: number): number {
  const value = numberAt(at.table, at.row, index, at.rowNumber);
  if (value <= 0) refuse(at, `${columnName(at.table, index)} should be above 0, got ${value}.`);
  return value;
}

/**
 * A USD amount: at least 0 and at most {@link MAX_INSTRUMENT_USD} ($10T, more than every crypto
 * asset together is worth), so a liquidation of 10³⁰⁰ is refused like a negative one.
 */
export function usdAt(at: CsvRow, index: number): number {
  const value = nonNegativeAt(at, index);
  if (value > MAX_INSTRUMENT_USD)
    refuse(at, `${columnName(at.table, index)} should be at most $10T, got ${value}.`);
  return value;
}

/**
 * A funding rate paid every `intervalHours`, within {@link MAX_FUNDING_RATE_PER_HOUR} either way
 * (the Binance archives peak at 1 %/h; a rate of 500 %/8h is a broken file, not a market).
 */
export function fundingRateAt(at: CsvRow, index: number, intervalHours: number, scale = 1): number {
  const value = numberAt(at.table, at.row, index, at.rowNumber);
  if (Math.abs((value * scale) / intervalHours) > MAX_FUNDING_RATE_PER_HOUR)
    refuse(
      at,
      `${columnName(at.table, index)} ${value} is beyond ±${MAX_FUNDING_RATE_PER_HOUR * 100} % per hour, more than any real funding rate.`,
    );
  return value;
}

/**
 * Open, high, low and close read from the given columns, all above 0 with
 * low ≤ min(open, close) and max(open, close) ≤ high.
 * @throws HistoryDataError naming the file, row and the columns that disagree.
 */
export function ohlcAt(
  at: CsvRow,
  columns: readonly [open: number, high: number, low: number, close: number],
): [number, number, number, number] {
  const [open, high, low, close] = columns.map((c) => positiveAt(at, c)) as [
    number,
    number,
    number,
    number,
  ];
  const name = (i: number) => columnName(at.table, columns[i] ?? 0);
  if (low > Math.min(open, close))
    refuse(at, `${name(2)} ${low} should be at most ${name(0)} ${open} and ${name(3)} ${close}.`);
  if (high < Math.max(open, close))
    refuse(at, `${name(1)} ${high} should be at least ${name(0)} ${open} and ${name(3)} ${close}.`);
  return [open, high, low, close];
}
