import type { Exchange } from '../../../node_modules/ccxt/js/src/base/Exchange.js';
import type { Bar, InstrumentSnapshot } from '../../model/index.ts';
import type { VenueId } from '../venues/ccxt-exchange-loader.ts';
import { type BarRange, readBinanceKlines, readUnifiedBars } from '../venues/read-bars.ts';
import { readDerivatives } from '../venues/read-derivatives.ts';
import type { VenueProfile } from '../venues/venue-profiles.ts';

/** One asset on one venue, read over REST. */
export interface ReadInstrumentInput {
  venue: VenueId;
  exchange: Exchange;
  profile: VenueProfile;
  asset: string;
  range: BarRange;
}

async function readSpotBars(input: ReadInstrumentInput): Promise<Bar[] | null> {
  const { venue, exchange, profile, asset, range } = input;
  if (venue === 'binanceusdm')
    return readBinanceKlines(exchange, 'publicGetKlines', `${asset}USDT`, range);
  const spot = profile.spotSymbol(asset);
  // Spot is optional: a venue without the pair simply has no spot bars.
  if (spot === null || exchange.markets?.[spot] === undefined) return null;
  return readUnifiedBars(exchange, spot, 1, range);
}

/**
 * Open interest, funding, mark/index, perp bars and spot bars of one asset on one
 * venue (liquidations are added by the caller). Throws when the venue has no perp
 * for the asset or answers with something unusable.
 */
export async function readInstrument(
  input: ReadInstrumentInput,
): Promise<Omit<InstrumentSnapshot, 'liquidations'>> {
  const { venue, exchange, profile, asset, range } = input;
  const symbol = profile.perpSymbol(asset);
  const market = exchange.market(symbol);
  const perpBars =
    venue === 'binanceusdm'
      ? readBinanceKlines(exchange, 'fapiPublicGetKlines', String(market.id), range)
      : readUnifiedBars(
          exchange,
          symbol,
          profile.candleVolumeInContracts ? (market.contractSize ?? 1) : 1,
          range,
        );
  const [derivatives, perp, spot] = await Promise.all([
    readDerivatives(venue, exchange, symbol, profile.defaultFundingHours),
    perpBars,
    readSpotBars(input),
  ]);
  return { symbol, asset, ...derivatives, perpBars: perp, spotBars: spot };
}
