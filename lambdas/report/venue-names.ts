const NAMES: Record<string, string> = {
  binanceusdm: 'Binance',
  binance: 'Binance',
  bybit: 'Bybit',
  okx: 'OKX',
  gate: 'Gate',
  hyperliquid: 'Hyperliquid',
  'coinglass-aggregate': 'CoinGlass aggregate',
};

/**
 * A venue under the name readers know; an unknown ccxt id is capitalised.
 * @example venueName('binanceusdm') // "Binance"
 */
export function venueName(id: string): string {
  return NAMES[id] ?? id.charAt(0).toUpperCase() + id.slice(1);
}
