import type { MarketSeries } from '../model/index.ts';

/** True when no bar of the series carries observed liquidations (no venue has a feed). */
export function hasNoLiquidationFeed(series: MarketSeries): boolean {
  return series.bars.every((b) => b.liqLongUsd === null && b.liqShortUsd === null);
}

/**
 * Estimates liquidations from falls in open interest when no venue has a
 * liquidation feed: each fall in OI (base units) × close is attributed to
 * longs when price fell over the same span and to shorts when it rose.
 * Voluntary closing counts too, so this is an estimate, flagged by
 * `liquidationsEstimated`. Series that already carry observed liquidations
 * are returned unchanged.
 *
 * The span is the one between two OI readings, not the bar: hourly OI on
 * 30-minute bars changes on every second bar, and that bar's own move is only
 * half the hour's (2024-08-05 06:30 rose while the 06:00 hour fell 2 %).
 * @example withEstimatedLiquidations(klinesWithMetrics).bars[5].liqLongUsd
 */
export function withEstimatedLiquidations(series: MarketSeries): MarketSeries {
  if (!hasNoLiquidationFeed(series)) return series;
  let previousOi: number | null = null;
  /** Close of the bar where `previousOi` was first seen: where the span of the next drop starts. */
  let spanStartClose: number | null = null;
  const bars = series.bars.map((bar) => {
    const oi = bar.oiBase;
    const fresh = oi !== null && oi !== previousOi;
    const drop = fresh && previousOi !== null ? previousOi - oi : 0;
    const down = bar.close < (fresh && spanStartClose !== null ? spanStartClose : bar.open);
    if (fresh) {
      previousOi = oi;
      spanStartClose = bar.close;
    }
    const usd = Math.max(0, drop) * bar.close;
    return { ...bar, liqLongUsd: down ? usd : 0, liqShortUsd: down ? 0 : usd };
  });
  return { ...series, bars, liquidationsEstimated: true };
}
