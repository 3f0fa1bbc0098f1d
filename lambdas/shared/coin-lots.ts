// Venues list low-priced coins in lots of 1,000 or 1,000,000 (`1000PEPE`, `1000000MOG`,
// `1MBABYDOGE`, Hyperliquid's `kPEPE`): the collector names the coin, the report quotes its price
// per coin. Hyperliquid's lower-case `k` is read from its own name only: upper-cased (`KPEPE`, as
// ccxt writes it) it cannot be told from a coin such as KAS.
const LOT_PREFIX = /^(1000+|1M|k)(?=[A-Z])/;

/**
 * Coins per unit of a perp's base currency: 1 unless the venue lists the coin in lots.
 * @example coinsPerLot('1000PEPE') // 1000
 * @example coinsPerLot('kPEPE') // 1000 (Hyperliquid)
 * @example coinsPerLot('BTC') // 1
 */
export function coinsPerLot(base: string): number {
  const lot = LOT_PREFIX.exec(base)?.[1];
  if (lot === undefined) return 1;
  return lot === '1M' ? 1_000_000 : lot === 'k' ? 1000 : Number(lot);
}

/**
 * The coin a perp's base currency stands for, its lot prefix dropped.
 * @example coinOfBase('1000PEPE') // 'PEPE'
 * @example coinOfBase('kPEPE') // 'PEPE'
 * @example coinOfBase('BTC') // 'BTC'
 */
export function coinOfBase(base: string): string {
  return base.replace(LOT_PREFIX, '').toUpperCase();
}
