import { detectBarMinutes } from './bar-interval.ts';
import { columnIndexes, numberAt, parseCsvTable, requireRows } from './csv-table.ts';
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
 * taken to stand for the whole market.
 * @throws HistoryDataError naming the file on wrong columns or mixed intervals.
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
    const n = (column: number) => numberAt(table, row, column, i + 1);
    const close = n(at.price_close);
    const bar = emptyBar(n(at.timestamp), [
      n(at.price_open),
      n(at.price_high),
      n(at.price_low),
      close,
    ]);
    const oiUsd = n(at.oi_close);
    const longUsd = n(at.liquidation_long_usd);
    const shortUsd = n(at.liquidation_short_usd);
    bar.oiUsd = oiUsd > 0 ? oiUsd : null;
    bar.oiBase = oiUsd > 0 && close > 0 ? oiUsd / close : null;
    bar.fundingRate8h = n(at.funding_close) / 100;
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
 * Parses a CoinGlass liquidation-only export: long/short liquidations (USD) per bar.
 * @throws HistoryDataError naming the file on wrong columns or mixed intervals.
 */
export function parseCoinglassLiquidations(
  text: string,
  file: string,
  namedMinutes: number | null,
): { barMinutes: number; points: LiquidationPoint[] } {
  const table = parseCsvTable(text, file);
  const at = columnIndexes(table, LIQUIDATION_COLUMNS, 'CoinGlass liquidation');
  requireRows(table);
  const points = table.rows.map((row, i) => ({
    openTimeMs: numberAt(table, row, at.timestamp, i + 1),
    longUsd: numberAt(table, row, at.longUsd, i + 1),
    shortUsd: numberAt(table, row, at.shortUsd, i + 1),
  }));
  const barMinutes = detectBarMinutes(
    points.map((p) => p.openTimeMs),
    file,
    namedMinutes,
  );
  return { barMinutes, points };
}
