import type { MarketSeries } from '../model/index.ts';

/** True when no bar of the series carries observed liquidations (no venue has a feed). */
export function hasNoLiquidationFeed(series: MarketSeries): boolean {
  return series.bars.every((b) => b.liqLongUsd === null && b.liqShortUsd === null);
}

/**
 * Estimates liquidations from falls in open interest when no venue has a
 * liquidation feed: each bar's OI drop (base units) × close is attributed to
 * longs on a down bar and to shorts on an up bar. Voluntary closing counts
 * too, so this is an estimate, flagged by `liquidationsEstimated`.
 * Series that already carry observed liquidations are returned unchanged.
 */
export function withEstimatedLiquidations(series: MarketSeries): MarketSeries {
  if (!hasNoLiquidationFeed(series)) return series;
  let previousOi: number | null = null;
  const bars = series.bars.map((bar) => {
    const drop = previousOi !== null && bar.oiBase !== null ? previousOi - bar.oiBase : 0;
    if (bar.oiBase !== null) previousOi = bar.oiBase;
    const usd = Math.max(0, drop) * bar.close;
    const down = bar.close < bar.open;
    return { ...bar, liqLongUsd: down ? usd : 0, liqShortUsd: down ? 0 : usd };
  });
  return { ...series, bars, liquidationsEstimated: true };
}
