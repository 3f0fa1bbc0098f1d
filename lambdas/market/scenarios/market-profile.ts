/** Scale of a simulated asset's market. */
export interface MarketProfile {
  price: number;
  /** Total open interest across venues, in USD. */
  oiUsd: number;
}

const PROFILES: Record<string, MarketProfile> = {
  BTC: { price: 84_000, oiUsd: 90_000 * 84_000 },
  ETH: { price: 3_200, oiUsd: 4.0e9 },
  SOL: { price: 140, oiUsd: 1.5e9 },
  XRP: { price: 2.3, oiUsd: 1.2e9 },
  DOGE: { price: 0.18, oiUsd: 0.9e9 },
  HYPE: { price: 35, oiUsd: 1.0e9 },
  BNB: { price: 610, oiUsd: 0.7e9 },
  SUI: { price: 3.5, oiUsd: 0.6e9 },
  ADA: { price: 0.7, oiUsd: 0.45e9 },
  LINK: { price: 15, oiUsd: 0.35e9 },
  AVAX: { price: 22, oiUsd: 0.3e9 },
  LTC: { price: 90, oiUsd: 0.25e9 },
  // The long tail the all-market feeds carry beyond the covered coins.
  PEPE: { price: 0.000012, oiUsd: 0.25e9 },
  WIF: { price: 1.1, oiUsd: 0.2e9 },
  TRX: { price: 0.24, oiUsd: 0.15e9 },
  TON: { price: 3.1, oiUsd: 0.12e9 },
  NEAR: { price: 2.9, oiUsd: 0.1e9 },
  APT: { price: 5.5, oiUsd: 0.09e9 },
};

/** Market scale for an asset; unknown assets get a mid-cap profile. */
export function marketProfile(asset: string): MarketProfile {
  return PROFILES[asset] ?? { price: 25, oiUsd: 0.8e9 };
}

/** A simulated venue: its share of OI and volume, feed class, funding interval and spot market. */
export interface SimVenue {
  id: string;
  symbol: (asset: string) => string;
  oiShare: number;
  /** Share of true liquidations the public feed shows (throttling); 0 for no feed. */
  feedShare: number;
  feed: 'complete' | 'throttled' | 'none';
  fundingIntervalHours: number;
  /** Share of the asset's spot volume on this venue, or null without spot bars. */
  spotShare: number | null;
  /** Constant price basis of this venue against the index, as a fraction. */
  basis: number;
}

const usdt = (asset: string) => `${asset}/USDT:USDT`;

/** The four venues every scenario simulates (DESIGN.md §4 feed classes). */
export const SIM_VENUES: readonly SimVenue[] = [
  {
    id: 'binanceusdm',
    symbol: usdt,
    oiShare: 0.45,
    feedShare: 0.35,
    feed: 'throttled',
    fundingIntervalHours: 8,
    spotShare: 0.6,
    basis: 0.0001,
  },
  {
    id: 'bybit',
    symbol: usdt,
    oiShare: 0.24,
    feedShare: 1,
    feed: 'complete',
    fundingIntervalHours: 8,
    spotShare: null,
    basis: -0.00005,
  },
  {
    id: 'okx',
    symbol: usdt,
    oiShare: 0.17,
    feedShare: 0.7,
    feed: 'throttled',
    fundingIntervalHours: 8,
    spotShare: 0.4,
    basis: 0.00003,
  },
  {
    id: 'hyperliquid',
    symbol: (asset) => `${asset}/USDC:USDC`,
    oiShare: 0.14,
    feedShare: 0,
    feed: 'none',
    fundingIntervalHours: 1,
    spotShare: null,
    basis: -0.0001,
  },
];
