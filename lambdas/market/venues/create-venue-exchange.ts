import type { Exchange } from '../../../node_modules/ccxt/js/src/base/Exchange.js';
import { loadExchangeClass, type VenueId } from './ccxt-exchange-loader.ts';
import { type MarketsCache, type MarketsUse, usableMarkets } from './markets-cache.ts';
import { withRetry } from './retry-policy.ts';
import { rewriteApiHosts, type UrlTree } from './rewrite-api-hosts.ts';
import { VENUE_PROFILES } from './venue-profiles.ts';

/** How to reach one venue (the collector's part of a venue's config). */
export interface VenueConnection {
  id: VenueId;
  /** Extra ccxt constructor options (proxies, headers, options); merged over the defaults. */
  ccxtOptions: Record<string, unknown>;
  /** Replaces scheme and host of every REST and websocket URL (proxy, regional host, emulator). */
  apiBaseUrl?: string | undefined;
  timeoutMs: number;
  /** Perp symbol per asset (ccxt unified, e.g. `{ BTC: 'BTC/USDC:USDC' }`) instead of the venue default. */
  symbols?: Readonly<Record<string, string>> | undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeOptions(
  base: Record<string, unknown>,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    merged[key] =
      isPlainObject(current) && isPlainObject(value) ? mergeOptions(current, value) : value;
  }
  return merged;
}

/** The markets cache and what its entries must satisfy to be used. */
export interface MarketsSource extends MarketsUse {
  cache: MarketsCache;
}

/**
 * Builds a real ccxt exchange for one venue: rate limiting on, the venue timeout,
 * only the market types the collector reads, cached markets when they are fresh and list
 * the tick's symbols, and URL overrides applied. Otherwise loads markets and caches them.
 */
export async function createVenueExchange(
  connection: VenueConnection,
  markets: MarketsSource,
): Promise<Exchange> {
  const ExchangeClass = await loadExchangeClass(connection.id);
  const cached = usableMarkets(await markets.cache.get(connection.id), markets);
  const defaults: Record<string, unknown> = {
    enableRateLimit: true,
    timeout: connection.timeoutMs,
    options: { fetchMarkets: { types: VENUE_PROFILES[connection.id].marketTypes } },
    ...(cached ? { markets: cached } : {}),
  };
  const exchange = new ExchangeClass(mergeOptions(defaults, connection.ccxtOptions));
  if (connection.apiBaseUrl !== undefined) {
    const urls = exchange.urls as { api: UrlTree };
    urls.api = rewriteApiHosts(urls.api, connection.apiBaseUrl);
  }
  if (cached === null) {
    await withRetry(() => exchange.loadMarkets());
    await markets.cache.put(connection.id, {
      savedAtMs: markets.nowMs,
      markets: exchange.markets as Record<string, unknown>,
    });
  }
  return exchange;
}
