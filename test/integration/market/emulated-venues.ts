/** Venues the exchange emulator serves, in the collector's configured order. */
export const EMULATED_VENUES = ['binanceusdm', 'bybit', 'okx'] as const;
