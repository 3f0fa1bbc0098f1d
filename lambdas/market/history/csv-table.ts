import { HistoryDataError } from './history-data-error.ts';

/** A CSV file split into its header (null when the file has none) and data rows. */
export interface CsvTable {
  file: string;
  header: string[] | null;
  rows: string[][];
}

/**
 * Splits CSV text into rows of fields. The history formats never quote or
 * escape fields, so a plain comma split is exact; blank lines are dropped.
 * A first row whose first field is not a number is taken as the header.
 * @example parseCsvTable('a,b\n1,2\n', 'x.csv') // { header: ['a','b'], rows: [['1','2']] }
 */
export function parseCsvTable(text: string, file: string): CsvTable {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const cells = lines.map((line) => line.split(',').map((cell) => cell.trim()));
  const first = cells[0];
  const hasHeader = first !== undefined && !looksNumeric(first[0] ?? '');
  return {
    file,
    header: hasHeader ? (first ?? null) : null,
    rows: hasHeader ? cells.slice(1) : cells,
  };
}

/**
 * A plain decimal number, optionally signed, with an optional exponent: what the publishers
 * write (`56513.56`, `-0.00012359`, `-1.0E-7` in Binance's funding files). `Number()` alone
 * would also read `0x10` (16), `0b1`, `0o7`, `Infinity` and `''` (0).
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

// A header row starts with a column name; a data row with something meant as a number, even a
// malformed one, which numberAt then refuses with its row and column.
function looksNumeric(text: string): boolean {
  return /^[+\-.\d]|^(?:Infinity|NaN)$/.test(text);
}

/**
 * Index of each wanted column in the header; throws naming the file and every
 * expected column when one is missing.
 */
export function columnIndexes<K extends string>(
  table: CsvTable,
  wanted: readonly K[],
  formatName: string,
): Record<K, number> {
  const header = table.header ?? [];
  const missing = wanted.filter((name) => !header.includes(name));
  if (table.header === null || missing.length > 0) {
    const found = table.header === null ? 'no header row' : `columns ${header.join(', ')}`;
    throw new HistoryDataError(
      table.file,
      `not a ${formatName} file: expected the columns ${wanted.join(', ')} but found ${found}` +
        (missing.length > 0 && table.header !== null ? ` (missing ${missing.join(', ')})` : '') +
        '.',
    );
  }
  return Object.fromEntries(wanted.map((name) => [name, header.indexOf(name)])) as Record<
    K,
    number
  >;
}

/** The name of a column, as the error messages give it. */
export function columnName(table: CsvTable, index: number): string {
  return table.header?.[index] ?? `column ${index + 1}`;
}

/**
 * Reads a finite decimal number ({@link DECIMAL}) from a row; throws naming the file, data row
 * and column otherwise, so `0x10`, `0b1`, `Infinity`, `NaN`, `+-1` and `1e400` are refused
 * rather than read as 16, 1, ∞ or nothing. Row numbers count data rows from 1 (the header is
 * not counted).
 */
export function numberAt(
  table: CsvTable,
  row: readonly string[],
  index: number,
  rowNumber: number,
): number {
  const text = row[index] ?? '';
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new HistoryDataError(
      table.file,
      `data row ${rowNumber}: ${columnName(table, index)} should be a finite decimal number, got "${text}".`,
    );
  }
  return value;
}

/** Throws when a file has a header but no data row. */
export function requireRows(table: CsvTable): void {
  if (table.rows.length === 0) throw new HistoryDataError(table.file, 'the file has no data rows.');
}
