import type { Exchange } from '../../../node_modules/ccxt/js/src/base/Exchange.js';

import type { VENUE_IDS } from '../../config.ts';

/** The venues the collector knows how to read (ccxt exchange ids), as the config lists them. */
export type VenueId = (typeof VENUE_IDS)[number];

/** Constructor of one ccxt pro exchange class. */
export type ExchangeClass = new (userConfig?: Record<string, unknown>) => Exchange;

// ccxt 4.5.84's package.json exports only ".", which bundles every exchange (~6 MB
// minified). Importing each pro class by file path keeps the collector bundle to the
// five venues it uses; each import is lazy so a run pays only for configured venues.
const LOADERS: Record<VenueId, () => Promise<{ default: unknown }>> = {
  binanceusdm: () => import('../../../node_modules/ccxt/js/src/pro/binanceusdm.js'),
  bybit: () => import('../../../node_modules/ccxt/js/src/pro/bybit.js'),
  okx: () => import('../../../node_modules/ccxt/js/src/pro/okx.js'),
  gate: () => import('../../../node_modules/ccxt/js/src/pro/gate.js'),
  hyperliquid: () => import('../../../node_modules/ccxt/js/src/pro/hyperliquid.js'),
};

/** True when the collector has an adapter for `id`. */
export function isSupportedVenue(id: string): id is VenueId {
  return Object.hasOwn(LOADERS, id);
}

/**
 * Loads the ccxt pro (REST + websocket) class of one venue.
 * @example const Binance = await loadExchangeClass('binanceusdm'); new Binance({});
 */
export async function loadExchangeClass(id: VenueId): Promise<ExchangeClass> {
  const module = await LOADERS[id]();
  return module.default as ExchangeClass;
}
