/** Names readers know the venues by, keyed by ccxt exchange id (and the history sources). */
const VENUE_NAMES: Readonly<Record<string, string>> = {
  binanceusdm: 'Binance',
  binance: 'Binance',
  bybit: 'Bybit',
  okx: 'OKX',
  gate: 'Gate',
  hyperliquid: 'Hyperliquid',
  'coinglass-aggregate': 'CoinGlass aggregate',
};

/**
 * The name a reader knows a venue by; an id without one is shown as it is, so a newly
 * configured venue still reads as itself rather than as nothing.
 * @example venueName('binanceusdm') // "Binance"
 * @example venueName('deribit') // "deribit"
 */
export function venueName(id: string): string {
  return VENUE_NAMES[id] ?? id;
}
