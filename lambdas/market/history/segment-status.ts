import type { DetectorConfig } from '../../config.ts';
import type { MarketSeries } from '../../model/index.ts';
import { HOUR_MS } from '../../shared/time.ts';

function formatPct(fraction: number): string {
  return `${fraction >= 0 ? '+' : '−'}${Math.abs(fraction * 100).toFixed(1)} %`;
}

function largestMove(series: MarketSeries): string {
  let best = { move: 0, ms: series.bars[0]?.openTimeMs ?? 0 };
  for (const bar of series.bars) {
    const move = bar.open > 0 ? bar.close / bar.open - 1 : 0;
    if (Math.abs(move) > Math.abs(best.move)) best = { move, ms: bar.openTimeMs };
  }
  const when = new Date(best.ms).toISOString().slice(0, 16).replace('T', ' ');
  return `largest ${series.barMinutes}-minute move ${formatPct(best.move)} at ${when} UTC`;
}

/**
 * Why a segment cannot be searched for flushes, as a sentence for the reader,
 * or null when it can: no liquidations and no open interest at all (nothing
 * to measure a flush with), or too little history before the last window for
 * the detector's baseline (`minBaselineHours`).
 */
export function describeUnusableSegment(
  series: MarketSeries,
  config: DetectorConfig,
): string | null {
  const bars = series.bars;
  const noLiq = bars.every((b) => b.liqLongUsd === null && b.liqShortUsd === null);
  if (noLiq && bars.every((b) => b.oiBase === null)) {
    return `no liquidations and no open interest for these bars, so no flush can be measured (${largestMove(series)})`;
  }
  const windowBars = Math.max(1, Math.round(config.windowMinutes / series.barMinutes));
  const lastWindowStart = bars[bars.length - windowBars]?.openTimeMs;
  const first = bars[0]?.openTimeMs ?? 0;
  const historyHours = lastWindowStart === undefined ? 0 : (lastWindowStart - first) / HOUR_MS;
  if (historyHours < config.minBaselineHours) {
    return `not enough history for a baseline (${Math.max(0, Math.floor(historyHours))} h < ${config.minBaselineHours} h)`;
  }
  return null;
}
