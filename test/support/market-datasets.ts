import type { MarketCoinPlan } from '../../lambdas/market/scenarios/index.ts';

/**
 * A small simulated market with a long tail (labelled fixture, DESIGN.md §4): BTC and ETH
 * configured and flushed together on 12 Mar 2026 at 20:30 UTC; PEPE and WIF only on the
 * simulated venues' all-market feeds and bulk open-interest reads.
 */
export const SMALL_MARKET_WITH_TAIL: {
  coins: MarketCoinPlan[];
  longTail: MarketCoinPlan[];
} = {
  coins: [
    { coin: 'BTC', plan: 'long-flush-reclaim' },
    { coin: 'ETH', plan: 'long-flush-stabilizing' },
  ],
  longTail: [
    { coin: 'PEPE', plan: 'long-flush-grind-lower' },
    { coin: 'WIF', plan: 'long-flush-reclaim' },
  ],
};
