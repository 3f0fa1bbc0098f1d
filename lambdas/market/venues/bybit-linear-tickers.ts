import * as z from 'zod';
import type { Exchange } from '../../../node_modules/ccxt/js/src/base/Exchange.js';
import { VenuePayloadError } from './payload-error.ts';
import { withRetry } from './retry-policy.ts';
import { implicitEndpoint } from './venue-capability.ts';

/** One row of Bybit's linear tickers, its numbers as Bybit wrote them (strings). */
export interface BybitTickerRow {
  symbol: string;
  openInterestValue: unknown;
  markPrice: unknown;
  indexPrice: unknown;
  fundingRate: unknown;
}

// Rows are kept as written so that one unusable row costs its own coin, not the whole answer.
const bybitTickers = z.object({
  result: z.object({
    list: z.array(
      z.object({
        symbol: z.string(),
        openInterestValue: z.unknown(),
        markPrice: z.unknown(),
        indexPrice: z.unknown(),
        fundingRate: z.unknown(),
      }),
    ),
  }),
});

const asked = new WeakMap<Exchange, Promise<BybitTickerRow[]>>();

/**
 * Every linear perp's ticker from one bulk `GET /v5/market/tickers?category=linear`, asked once
 * per exchange instance: the liquidation feed's top-N ranking and the market's open interest and
 * funding read the same answer, so a tick pays for one request, not two.
 * @example (await bybitLinearTickers(bybit))[0] // { symbol: 'BTCUSDT', openInterestValue: '4800000000.00', … }
 */
export function bybitLinearTickers(exchange: Exchange): Promise<BybitTickerRow[]> {
  const known = asked.get(exchange);
  if (known !== undefined) return known;
  const call = implicitEndpoint(exchange, 'publicGetV5MarketTickers');
  const answer = withRetry(() => call({ category: 'linear' })).then((raw) => {
    const parsed = bybitTickers.safeParse(raw);
    if (!parsed.success)
      throw new VenuePayloadError('bybit tickers', parsed.error.issues[0]?.message ?? 'bad shape');
    return parsed.data.result.list;
  });
  asked.set(exchange, answer);
  return answer;
}
