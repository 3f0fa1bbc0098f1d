/** Venues the exchange emulator serves, in the collector's configured order. */
export const EMULATED_VENUES = ['binanceusdm', 'bybit', 'okx', 'gate', 'hyperliquid'] as const;

/** The emulated venues whose liquidations arrive over a websocket. */
export const WEBSOCKET_VENUES = ['binanceusdm', 'bybit', 'okx'] as const;
