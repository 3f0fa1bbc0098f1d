/** Assets every emulated venue lists. */
export const EMULATED_ASSETS: readonly string[] = ['BTC', 'ETH', 'SOL'];

/**
 * Coins an emulator started with `{ market: true }` lists beyond {@link EMULATED_ASSETS}, so the
 * all-market feeds carry more than the configured assets. PEPE trades in lots of 1,000 on
 * Binance and Bybit (`1000PEPEUSDT`), as there.
 */
export const EMULATED_LONG_TAIL: readonly string[] = ['DOGE', 'XRP', 'PEPE'];

/** Prices the emulator quotes (USD), per coin. */
const PRICES: Record<string, number> = {
  BTC: 60_000,
  ETH: 3_000,
  SOL: 150,
  DOGE: 0.2,
  XRP: 2.5,
  PEPE: 0.00001,
};

/** Open interest the emulator reports, in base units, per coin. */
const OI_BASE: Record<string, number> = {
  BTC: 80_000,
  ETH: 900_000,
  SOL: 9_000_000,
  DOGE: 5_000_000_000,
  XRP: 360_000_000,
  PEPE: 50_000_000_000_000,
};

/** Prices the emulator quotes (USD), per coin (generated coins included once made). */
export const EMULATED_PRICES: Readonly<Record<string, number>> = PRICES;

/** Open interest the emulator reports, in base units, per coin. */
export const EMULATED_OI_BASE: Readonly<Record<string, number>> = OI_BASE;

/**
 * `count` more coins for measuring a tick over a wide market (`QAA`, `QAB`, …): each priced $1–$50
 * with open interest falling from $400M, so a top-N ranking has a clear order. Deterministic, so
 * making them twice in one process lists the same coins.
 * @example generatedCoins(2) // ['QAA', 'QAB']
 */
export function generatedCoins(count: number): string[] {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from({ length: count }, (_, i) => {
    const coin = `Q${letters[Math.floor(i / 26) % 26]}${letters[i % 26]}`;
    const price = 1 + ((i * 7) % 50);
    PRICES[coin] = price;
    OI_BASE[coin] = 400_000_000 / (i + 1) / price;
    return coin;
  });
}

/** Coins per lot where Binance and Bybit list a coin in lots (`1000PEPEUSDT`). */
export function lotOf(coin: string): number {
  return coin === 'PEPE' ? 1000 : 1;
}

/** The base a lot-listing venue names: `1000PEPE` for PEPE, the coin otherwise. */
export function lotBaseOf(coin: string): string {
  return lotOf(coin) === 1 ? coin : `${lotOf(coin)}${coin}`;
}

/**
 * A price as a venue writes it: six significant digits, so a coin worth $0.00001 is not "0.00".
 * @example priceText(60_012) // '60012.0'
 */
export function priceText(price: number): string {
  return price.toPrecision(6);
}

/** The emulated funding rate per 8h, and Hyperliquid's hourly one. */
export const EMULATED_FUNDING_8H = 0.0001;

/** One emulated 5-minute bar. */
export interface EmulatedBar {
  openTimeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumeBase: number;
  takerBuyBase: number;
}

/** Asset of a venue market id such as `BTCUSDT`, `BTC-USDT-SWAP`, `BTC_USDT`, `1000PEPEUSDT`. */
export function assetOf(marketId: string): string {
  const id = marketId.toUpperCase().replace(/^1000(?=[A-Z])/, '');
  return Object.keys(EMULATED_PRICES).find((a) => id.startsWith(a)) ?? 'BTC';
}

/**
 * Deterministic 5-minute bars from `fromMs` (aligned down) up to the bar containing `nowMs`,
 * at most `limit`. Prices wobble ±0.1 % around the asset price so bars are valid OHLC.
 */
export function emulatedBars(
  asset: string,
  fromMs: number,
  nowMs: number,
  limit: number,
): EmulatedBar[] {
  const barMs = 300_000;
  const price = EMULATED_PRICES[asset] ?? 100;
  const bars: EmulatedBar[] = [];
  const start = Math.max(
    Math.floor(fromMs / barMs) * barMs,
    Math.floor(nowMs / barMs) * barMs - (limit - 1) * barMs,
  );
  for (let t = start; t <= nowMs && bars.length < limit; t += barMs) {
    const wobble = 1 + 0.001 * Math.sin(t / barMs);
    const open = price * wobble;
    const close = price * (2 - wobble);
    const volumeBase = (1_000_000 / price) * (1 + ((t / barMs) % 7) / 10);
    bars.push({
      openTimeMs: t,
      open,
      high: Math.max(open, close) * 1.0005,
      low: Math.min(open, close) * 0.9995,
      close,
      volumeBase,
      takerBuyBase: volumeBase * 0.55,
    });
  }
  return bars;
}
