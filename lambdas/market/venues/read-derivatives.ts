import * as z from 'zod';
import type { Exchange } from '../../../node_modules/ccxt/js/src/base/Exchange.js';
import type { InstrumentSnapshot } from '../../model/index.ts';
import type { VenueId } from './ccxt-exchange-loader.ts';
import { optionalNumber, requireNumber, VenuePayloadError } from './payload-error.ts';
import { withRetry } from './retry-policy.ts';
import { implicitEndpoint, requireUnifiedMethod } from './venue-capability.ts';

/** Open interest, funding, mark and index of one perp. */
export type Derivatives = Pick<
  InstrumentSnapshot,
  'openInterest' | 'funding' | 'markPrice' | 'indexPrice'
>;

const okxIndexTickers = z.object({ data: z.array(z.object({ idxPx: z.string() })).min(1) });
const gateContract = z.object({ position_size: z.union([z.string(), z.number()]) });

/** Hours from a ccxt interval such as `8h`, or null. */
export function intervalHoursOf(interval: unknown): number | null {
  const match = typeof interval === 'string' ? /^(\d+)h$/.exec(interval) : null;
  const hours = match ? Number(match[1]) : Number.NaN;
  return hours > 0 ? hours : null;
}

async function readOkxIndex(exchange: Exchange, baseId: string, quoteId: string): Promise<number> {
  const call = implicitEndpoint(exchange, 'publicGetMarketIndexTickers');
  const raw = await withRetry(() => call({ instId: `${baseId}-${quoteId}` }));
  const parsed = okxIndexTickers.safeParse(raw);
  if (!parsed.success) throw new VenuePayloadError('okx index', 'no idxPx in the answer');
  return requireNumber(parsed.data.data[0]?.idxPx, 'okx index price');
}

async function readOpenInterestBase(
  venue: VenueId,
  exchange: Exchange,
  symbol: string,
  fundingInfo: unknown,
  contractSize: number,
): Promise<number> {
  if (venue === 'gate') {
    // Gate has no unified fetchOpenInterest; its contract record (the funding answer) carries position_size.
    const parsed = gateContract.safeParse(fundingInfo);
    if (!parsed.success) throw new VenuePayloadError(`${symbol} open interest`, 'no position_size');
    return requireNumber(parsed.data.position_size, `${symbol} open interest`) * contractSize;
  }
  requireUnifiedMethod(exchange, 'fetchOpenInterest');
  const oi = await withRetry(() => exchange.fetchOpenInterest(symbol));
  // ccxt's openInterestAmount is in contracts (Binance, OKX) or base where a contract is 1 unit.
  return requireNumber(oi.openInterestAmount, `${symbol} open interest`) * contractSize;
}

/**
 * Reads open interest (base and USD = base × mark), funding rate with its interval,
 * mark and index price of one perp. Throws {@link VenuePayloadError} on unusable fields.
 */
export async function readDerivatives(
  venue: VenueId,
  exchange: Exchange,
  symbol: string,
  defaultFundingHours: number,
): Promise<Derivatives> {
  const market = exchange.market(symbol);
  const contractSize = market.contractSize ?? 1;
  requireUnifiedMethod(exchange, 'fetchFundingRate');
  const funding = await withRetry(() => exchange.fetchFundingRate(symbol));
  const rate = requireNumber(funding.fundingRate, `${symbol} funding rate`);
  const intervalHours = intervalHoursOf(funding.interval) ?? defaultFundingHours;
  let markPrice = optionalNumber(funding.markPrice, `${symbol} mark price`);
  let indexPrice = optionalNumber(funding.indexPrice, `${symbol} index price`);
  if (venue === 'okx') {
    requireUnifiedMethod(exchange, 'fetchMarkPrice');
    const mark = await withRetry(() => exchange.fetchMarkPrice(symbol));
    markPrice = requireNumber(mark.markPrice ?? mark.last, `${symbol} mark price`);
    indexPrice = await readOkxIndex(exchange, String(market.baseId), String(market.quoteId));
  }
  const oiBase = await readOpenInterestBase(venue, exchange, symbol, funding.info, contractSize);
  const openInterest = markPrice === null ? null : { base: oiBase, usd: oiBase * markPrice };
  return { openInterest, funding: { rate, intervalHours }, markPrice, indexPrice };
}
