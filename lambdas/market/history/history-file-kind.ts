import { intervalTokenMinutes } from './bar-interval.ts';

/** The history formats replay reads. */
export type HistoryFileKind =
  | 'binance-klines'
  | 'binance-metrics'
  | 'binance-funding'
  | 'coinglass-regime'
  | 'coinglass-liquidation';

/** What a file's name and first line say it is. */
export interface HistoryFileInfo {
  kind: HistoryFileKind;
  /** Exchange symbol (`BTCUSDT`) or CoinGlass coin (`BTC`). */
  symbol: string;
  asset: string;
  /** Bar size the name states, or null when it states none. */
  namedMinutes: number | null;
}

const QUOTE_SUFFIX = /(USDT|USDC|BUSD|USD)$/;

/**
 * Asset of an exchange symbol: the symbol without its quote currency.
 * @example assetOfSymbol('BTCUSDT') // 'BTC'
 */
export function assetOfSymbol(symbol: string): string {
  return symbol.replace(QUOTE_SUFFIX, '') || symbol;
}

const PATTERNS: ReadonlyArray<{ kind: HistoryFileKind; pattern: RegExp }> = [
  // BTCUSDT-1h-2025-10-10.csv, BTCUSDT-15m-2024-08.csv (monthly)
  { kind: 'binance-klines', pattern: /^([A-Z0-9]+)-(\d+[mhd])-\d{4}-\d{2}(?:-\d{2})?\.csv$/ },
  // BTCUSDT-metrics-2024-08-05.csv, …-2024-08-05.hourly.csv, …-2024-08-05_0005-0300.csv
  { kind: 'binance-metrics', pattern: /^([A-Z0-9]+)-metrics-.*\.csv$/ },
  // BTCUSDT_fundingRate_8h.csv, BTCUSDT-fundingRate-2024-08.csv
  { kind: 'binance-funding', pattern: /^([A-Z0-9]+)[-_]fundingRate.*\.csv$/ },
  // coinglass_BTC_regime_1h_2025-12-04_2026-06-02.csv
  { kind: 'coinglass-regime', pattern: /^coinglass_([A-Z0-9]+)_regime_(\d+[mhd])_.*\.csv$/ },
  {
    kind: 'coinglass-liquidation',
    pattern: /^coinglass_([A-Z0-9]+)_liquidation_(\d+[mhd])_.*\.csv$/,
  },
];

/**
 * Recognises a history file by its name (the publishers' naming schemes);
 * null for anything else, which the loader lists as skipped.
 * @example classifyHistoryFile('BTCUSDT-1h-2025-10-10.csv')?.kind // 'binance-klines'
 */
export function classifyHistoryFile(fileName: string): HistoryFileInfo | null {
  for (const { kind, pattern } of PATTERNS) {
    const match = pattern.exec(fileName);
    if (!match) continue;
    const symbol = match[1] ?? '';
    const token = kind === 'binance-metrics' || kind === 'binance-funding' ? undefined : match[2];
    const asset = kind.startsWith('coinglass') ? symbol : assetOfSymbol(symbol);
    return { kind, symbol, asset, namedMinutes: token ? intervalTokenMinutes(token) : null };
  }
  return null;
}
