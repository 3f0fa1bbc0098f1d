/** Prices the emulator quotes (USD), per asset. */
export const EMULATED_PRICES: Readonly<Record<string, number>> = {
  BTC: 60_000,
  ETH: 3_000,
  SOL: 150,
};

/** Open interest the emulator reports, in base units, per asset. */
export const EMULATED_OI_BASE: Readonly<Record<string, number>> = {
  BTC: 80_000,
  ETH: 900_000,
  SOL: 9_000_000,
};

/** Assets every emulated venue lists. */
export const EMULATED_ASSETS = Object.keys(EMULATED_PRICES);

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

/** Asset of a venue market id such as `BTCUSDT`, `BTC-USDT-SWAP`, `BTC_USDT`. */
export function assetOf(marketId: string): string {
  return EMULATED_ASSETS.find((a) => marketId.toUpperCase().startsWith(a)) ?? 'BTC';
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
