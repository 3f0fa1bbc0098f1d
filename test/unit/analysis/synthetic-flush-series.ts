import type { MarketSeries, SeriesBar } from '../../../lambdas/model/index.ts';
import { makeBar, makeSeries } from './series-fixtures.ts';

/** A burst of long liquidations with a falling price. */
export interface Burst {
  atBar: number;
  bars: number;
  /** Liquidations per bar, USD. */
  liqPerBarUsd: number;
  /** Price change per bar, as a fraction (negative = down). */
  movePerBar: number;
  /** OI (base units) lost per burst bar, as a fraction of the starting OI. */
  oiDropPerBar?: number;
}

/**
 * Two days of 5-minute bars with deterministic wiggles (so σ is never 0),
 * small liquidations that vary bar to bar (none for 20 bars after a burst),
 * OI of $1B, plus the given bursts.
 * `calmDriftPerBar` tilts the calm bars (a rise keeps a burst's low from being revisited).
 */
export function syntheticFlushSeries(
  bursts: Burst[],
  totalBars = 700,
  calmDriftPerBar = 0,
): MarketSeries {
  const bars: SeriesBar[] = [];
  let price = 100;
  let oiBase = 10_000_000;
  for (let i = 0; i < totalBars; i += 1) {
    const burst = bursts.find((b) => i >= b.atBar && i < b.atBar + b.bars);
    oiBase -= 10_000_000 * (burst?.oiDropPerBar ?? 0);
    const open = price;
    price = burst
      ? price * (1 + burst.movePerBar)
      : price * (1 + calmDriftPerBar + 0.001 * Math.sin(i * 1.7));
    // Liquidations go quiet for a while after a burst, as after a real cascade.
    const afterBurst = bursts.some((b) => i >= b.atBar + b.bars && i < b.atBar + b.bars + 20);
    const noiseLiq = afterBurst ? 0 : 5_000 * (1.5 + Math.sin(i * 2.3));
    bars.push(
      makeBar(i * 300_000, {
        open,
        close: price,
        high: Math.max(open, price) * 1.0005,
        low: Math.min(open, price) * 0.9995,
        oiBase,
        oiUsd: oiBase * 100,
        liqLongUsd: burst ? burst.liqPerBarUsd : noiseLiq,
        liqShortUsd: burst ? burst.liqPerBarUsd * 0.02 : noiseLiq,
      }),
    );
  }
  return makeSeries(bars, 5);
}
