import { detectBarMinutes } from './bar-interval.ts';
import { fundingRateAt, nonNegativeAt, ohlcAt, usdAt } from './csv-checks.ts';
import { columnIndexes, parseCsvTable, requireRows } from './csv-table.ts';
import { emptyBar, type LiquidationPoint, type ParsedBars } from './history-types.ts';

/** The venue name CoinGlass aggregates appear under (Binance + Bybit + OKX in one figure). */
export const COINGLASS_VENUE = 'coinglass-aggregate';

const REGIME_COLUMNS = [
  'timestamp',
  'price_open',
  'price_high',
  'price_low',
  'price_close',
  'liquidation_long_usd',
  'liquidation_short_usd',
  'funding_close',
  'oi_close',
] as const;

const LIQUIDATION_COLUMNS = ['timestamp', 'longUsd', 'shortUsd'] as const;

/**
 * Parses a CoinGlass aggregated "regime" export (one row per bar): price OHLC,
 * long/short liquidations (USD), OI at the bar's close (USD; `oiBase` is
 * derived as oiUsd / close) and the OI-weighted funding at the close. CoinGlass
 * gives funding in **percent** per interval and the export does not say the
 * interval; Binance, Bybit and OKX all settle BTC every 8h, so it is read as
 * percent per 8h (÷ 100). The `cvd_*` columns are all zero in these exports
 * and are not used (taker delta stays null). Coverage is 1: the aggregate is
 * taken to stand for the whole market. Prices must be above 0 with low ≤ open, close ≤ high,
 * liquidations and OI between 0 and $10T, funding within ±2 % per hour.
 * @throws HistoryDataError naming the file on wrong columns or mixed intervals, and the row and
 * column of a number that cannot be read or cannot be a market's.
 */
export function parseCoinglassRegime(
  text: string,
  file: string,
  namedMinutes: number | null,
): ParsedBars {
  const table = parseCsvTable(text, file);
  const at = columnIndexes(table, REGIME_COLUMNS, 'CoinGlass regime');
  requireRows(table);
  const bars = table.rows.map((row, i) => {
    const cell = { table, row, rowNumber: i + 1 };
    const ohlc = ohlcAt(cell, [at.price_open, at.price_high, at.price_low, at.price_close]);
    const close = ohlc[3];
    const bar = emptyBar(nonNegativeAt(cell, at.timestamp), ohlc);
    const oiUsd = usdAt(cell, at.oi_close);
    const longUsd = usdAt(cell, at.liquidation_long_usd);
    const shortUsd = usdAt(cell, at.liquidation_short_usd);
    bar.oiUsd = oiUsd > 0 ? oiUsd : null;
    bar.oiBase = oiUsd > 0 ? oiUsd / close : null;
    // Percent per 8 h (see above), checked as a fraction per 8 h.
    bar.fundingRate8h = fundingRateAt(cell, at.funding_close, 8, 1 / 100) / 100;
    bar.liqLongUsd = longUsd;
    bar.liqShortUsd = shortUsd;
    bar.liqByVenue = { [COINGLASS_VENUE]: { longUsd, shortUsd } };
    return bar;
  });
  const barMinutes = detectBarMinutes(
    bars.map((b) => b.openTimeMs),
    file,
    namedMinutes,
  );
  return { file, barMinutes, bars };
}

/**
 * Parses a CoinGlass liquidation-only export: long/short liquidations (USD, 0 to $10T) per bar.
 * @throws HistoryDataError naming the file on wrong columns or mixed intervals, and the row and
 * column of a number that cannot be read or is out of bounds.
 */
export function parseCoinglassLiquidations(
  text: string,
  file: string,
  namedMinutes: number | null,
): { barMinutes: number; points: LiquidationPoint[] } {
  const table = parseCsvTable(text, file);
  const at = columnIndexes(table, LIQUIDATION_COLUMNS, 'CoinGlass liquidation');
  requireRows(table);
  const points = table.rows.map((row, i) => {
    const cell = { table, row, rowNumber: i + 1 };
    return {
      openTimeMs: nonNegativeAt(cell, at.timestamp),
      longUsd: usdAt(cell, at.longUsd),
      shortUsd: usdAt(cell, at.shortUsd),
    };
  });
  const barMinutes = detectBarMinutes(
    points.map((p) => p.openTimeMs),
    file,
    namedMinutes,
  );
  return { barMinutes, points };
}
