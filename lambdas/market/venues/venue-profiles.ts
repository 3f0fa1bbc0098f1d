import type { LiquidationFeedClass } from '../../model/index.ts';
import type { VenueId } from './ccxt-exchange-loader.ts';

/** How a venue's liquidations are read in a tick. */
export type LiquidationSource =
  | 'ws-for-symbols' // one watchLiquidationsForSymbols subscription for every symbol
  | 'ws-per-symbol' // one watchLiquidations loop per symbol
  | 'rest-range' // fetchLiquidations(symbol, since) over the window
  | 'none';

/** What differs between venues, in one place. */
export interface VenueProfile {
  perpSymbol(asset: string): string;
  /** Unified spot symbol, or null where spot bars are read another way or not at all. */
  spotSymbol(asset: string): string | null;
  /** Market types passed to ccxt's `options.fetchMarkets.types` (fewer markets, faster load). */
  marketTypes: string[];
  liquidationSource: LiquidationSource;
  /**
   * Binance `!forceOrder` sends at most one liquidation per symbol per second and OKX's
   * `liquidation-orders` is documented as sampled, so their totals are lower bounds
   * ("throttled"). Bybit `allLiquidation` sends every event ("complete"). Gate's public
   * REST `liq_orders` lists every liquidation order in a range ("complete", read after the
   * fact, capped at 1000 rows per call). Hyperliquid publishes none in ccxt.
   */
  feed: LiquidationFeedClass;
  /**
   * The feed sizes orders in base units (Binance, Bybit) rather than contracts (OKX, Gate), so a
   * symbol missing from the loaded markets still has a notional: size × price.
   */
  liquidationSizeInBase: boolean;
  /** Funding interval used when the venue's answer does not carry one. */
  defaultFundingHours: number;
  /** ccxt's perp candle volume is in contracts (Gate) rather than base units (the others). */
  candleVolumeInContracts: boolean;
}

const usdtPerp = (asset: string): string => `${asset}/USDT:USDT`;
const usdtSpot = (asset: string): string => `${asset}/USDT`;

/** The profile of every supported venue. */
export const VENUE_PROFILES: Readonly<Record<VenueId, VenueProfile>> = {
  binanceusdm: {
    perpSymbol: usdtPerp,
    // binanceusdm has no spot markets; its spot bars come from the raw spot klines endpoint.
    spotSymbol: () => null,
    marketTypes: ['linear'],
    liquidationSource: 'ws-for-symbols',
    feed: 'throttled',
    liquidationSizeInBase: true,
    defaultFundingHours: 8,
    candleVolumeInContracts: false,
  },
  bybit: {
    perpSymbol: usdtPerp,
    spotSymbol: usdtSpot,
    marketTypes: ['linear', 'spot'],
    liquidationSource: 'ws-per-symbol',
    feed: 'complete',
    liquidationSizeInBase: true,
    defaultFundingHours: 8,
    candleVolumeInContracts: false,
  },
  okx: {
    perpSymbol: usdtPerp,
    spotSymbol: usdtSpot,
    marketTypes: ['swap', 'spot'],
    liquidationSource: 'ws-for-symbols',
    feed: 'throttled',
    liquidationSizeInBase: false,
    defaultFundingHours: 8,
    candleVolumeInContracts: false,
  },
  gate: {
    perpSymbol: usdtPerp,
    spotSymbol: usdtSpot,
    marketTypes: ['swap', 'spot'],
    liquidationSource: 'rest-range',
    feed: 'complete',
    liquidationSizeInBase: false,
    defaultFundingHours: 8,
    candleVolumeInContracts: true,
  },
  hyperliquid: {
    perpSymbol: (asset) => `${asset}/USDC:USDC`,
    spotSymbol: () => null,
    marketTypes: ['swap'],
    liquidationSource: 'none',
    feed: 'none',
    liquidationSizeInBase: false,
    defaultFundingHours: 1,
    candleVolumeInContracts: false,
  },
};
