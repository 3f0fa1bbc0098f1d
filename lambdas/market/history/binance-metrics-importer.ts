import { toFundingRate8h } from '../../analysis/index.ts';
import { fundingRateAt, nonNegativeAt, positiveAt, usdAt } from './csv-checks.ts';
import { columnIndexes, parseCsvTable, requireRows } from './csv-table.ts';
import { HistoryDataError } from './history-data-error.ts';
import type { FundingPoint, OiPoint } from './history-types.ts';

const METRIC_COLUMNS = ['create_time', 'sum_open_interest', 'sum_open_interest_value'] as const;
const FUNDING_COLUMNS = ['calc_time', 'funding_interval_hours', 'last_funding_rate'] as const;

/** `2024-08-05 00:05:00` (UTC, as Binance writes it) → epoch ms. */
function parseUtcTime(text: string, file: string, rowNumber: number): number {
  const ms = Date.parse(`${text.replace(' ', 'T')}Z`);
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) || Number.isNaN(ms)) {
    throw new HistoryDataError(
      file,
      `data row ${rowNumber}: create_time should look like 2024-08-05 00:05:00, got "${text}".`,
    );
  }
  return ms;
}

/**
 * Parses a data.binance.vision "metrics" CSV into open-interest readings:
 * `sum_open_interest` (base units) and `sum_open_interest_value` (USD) at
 * `create_time` (UTC). The positioning ratios are not used.
 * @throws HistoryDataError naming the file when a column is missing, and the row and column of
 * a value that is not a decimal number or is negative.
 */
export function parseBinanceMetrics(text: string, file: string): OiPoint[] {
  const table = parseCsvTable(text, file);
  const at = columnIndexes(table, METRIC_COLUMNS, 'Binance metrics');
  requireRows(table);
  return table.rows
    .map((row, i) => {
      const cell = { table, row, rowNumber: i + 1 };
      return {
        timeMs: parseUtcTime(row[at.create_time] ?? '', file, i + 1),
        oiBase: nonNegativeAt(cell, at.sum_open_interest),
        oiUsd: usdAt(cell, at.sum_open_interest_value),
      };
    })
    .sort((a, b) => a.timeMs - b.timeMs);
}

/**
 * Parses a data.binance.vision fundingRate CSV: each settlement's
 * `last_funding_rate` (fraction per `funding_interval_hours`) normalised to 8h. A rate beyond
 * ±2 % per hour, or an interval that is not above 0, is refused.
 * @throws HistoryDataError naming the file when a column is missing, and the row and column of
 * a value that cannot be read or is out of bounds.
 */
export function parseBinanceFunding(text: string, file: string): FundingPoint[] {
  const table = parseCsvTable(text, file);
  const at = columnIndexes(table, FUNDING_COLUMNS, 'Binance fundingRate');
  requireRows(table);
  return table.rows
    .map((row, i) => {
      const cell = { table, row, rowNumber: i + 1 };
      const intervalHours = positiveAt(cell, at.funding_interval_hours);
      return {
        timeMs: nonNegativeAt(cell, at.calc_time),
        fundingRate8h: toFundingRate8h(
          fundingRateAt(cell, at.last_funding_rate, intervalHours),
          intervalHours,
        ),
      };
    })
    .sort((a, b) => a.timeMs - b.timeMs);
}
