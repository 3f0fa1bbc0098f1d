import type { Exchange } from '../../../node_modules/ccxt/js/src/base/Exchange.js';
import { NotSupported } from './ccxt-errors.ts';

/** A raw REST endpoint ccxt generates from a venue's API description. */
export type ImplicitEndpoint = (params: object) => Promise<unknown>;

/**
 * Throws ccxt's `NotSupported` unless the venue offers the unified `method` (its `has` flag,
 * which a venue's `ccxtOptions` may also switch off). Checked before the call so an
 * unsupported read fails at once, with the method named, and is never retried.
 * @example requireUnifiedMethod(gate, 'fetchOpenInterest') // throws: gate does not support fetchOpenInterest
 */
export function requireUnifiedMethod(exchange: Exchange, method: string): void {
  if (!exchange.has[method])
    throw new NotSupported(`${exchange.id} does not support ${method} in this ccxt version`);
}

/**
 * The implicit endpoint `name` bound to the exchange, or ccxt's `NotSupported` when this
 * ccxt version does not generate it.
 * @example await implicitEndpoint(okx, 'publicGetMarketIndexTickers')({ instId: 'BTC-USDT' })
 */
export function implicitEndpoint(exchange: Exchange, name: string): ImplicitEndpoint {
  const call = (exchange as unknown as Record<string, unknown>)[name];
  if (typeof call !== 'function')
    throw new NotSupported(`${exchange.id} has no ${name} endpoint in this ccxt version`);
  return (params) => call.call(exchange, params) as Promise<unknown>;
}
