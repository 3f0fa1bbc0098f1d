import type { FlushEvent, MarketSeries, SeriesBar } from '../model/index.ts';
import { HOUR_MS } from '../shared/time.ts';

/** History shown before the flush starts. */
export const LOOKBACK_BEFORE_FLUSH_MS = 24 * HOUR_MS;
/** Longest span a chart covers; older bars are cut. */
export const MAX_CHART_SPAN_MS = 96 * HOUR_MS;
/** Span shown when there is no flush (a calm-market report). */
export const CALM_SPAN_MS = 48 * HOUR_MS;

/** The time range the charts and the published data excerpt cover. */
export interface ChartWindow {
  fromMs: number;
  toMs: number;
  bars: SeriesBar[];
}

/**
 * Picks the bars to chart: from 24 h before the flush start to the end of the series,
 * never more than four days; without a flush, the last two days.
 */
export function selectChartWindow(series: MarketSeries, flush: FlushEvent | null): ChartWindow {
  const last = series.bars.at(-1);
  if (!last) return { fromMs: 0, toMs: 0, bars: [] };
  const toMs = last.openTimeMs;
  const wantedFromMs = flush ? flush.startMs - LOOKBACK_BEFORE_FLUSH_MS : toMs - CALM_SPAN_MS;
  const fromMs = Math.max(wantedFromMs, toMs - MAX_CHART_SPAN_MS);
  const bars = series.bars.filter((bar) => bar.openTimeMs >= fromMs && bar.openTimeMs <= toMs);
  return { fromMs: bars[0]?.openTimeMs ?? fromMs, toMs, bars };
}

function sumNullable(values: Array<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : present.reduce((total, value) => total + value, 0);
}

function lastNonNull(values: Array<number | null>): number | null {
  for (let index = values.length - 1; index >= 0; index -= 1) {
    const value = values[index];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

function mergeVenues(group: SeriesBar[]): SeriesBar['liqByVenue'] {
  const merged: SeriesBar['liqByVenue'] = {};
  for (const bar of group) {
    for (const [venue, liq] of Object.entries(bar.liqByVenue)) {
      const current = merged[venue] ?? { longUsd: 0, shortUsd: 0 };
      merged[venue] = {
        longUsd: current.longUsd + liq.longUsd,
        shortUsd: current.shortUsd + liq.shortUsd,
      };
    }
  }
  return merged;
}

/** Folds consecutive bars into one: OHLC of the group, flows summed, levels taken at the end. */
function mergeBars(group: SeriesBar[]): SeriesBar | null {
  const first = group[0];
  const last = group.at(-1);
  if (!first || !last) return null;
  const pick = <K extends keyof SeriesBar>(key: K) => group.map((bar) => bar[key]);
  return {
    openTimeMs: first.openTimeMs,
    open: first.open,
    high: Math.max(...group.map((bar) => bar.high)),
    low: Math.min(...group.map((bar) => bar.low)),
    close: last.close,
    oiBase: lastNonNull(pick('oiBase')),
    oiUsd: lastNonNull(pick('oiUsd')),
    fedOiUsd: lastNonNull(pick('fedOiUsd')),
    fundingRate8h: lastNonNull(pick('fundingRate8h')),
    premium: lastNonNull(pick('premium')),
    perpVolumeUsd: sumNullable(pick('perpVolumeUsd')),
    spotVolumeUsd: sumNullable(pick('spotVolumeUsd')),
    perpTakerDeltaUsd: sumNullable(pick('perpTakerDeltaUsd')),
    spotTakerDeltaUsd: sumNullable(pick('spotTakerDeltaUsd')),
    liqLongUsd: sumNullable(pick('liqLongUsd')),
    liqShortUsd: sumNullable(pick('liqShortUsd')),
    liqByVenue: mergeVenues(group),
    coverage: Math.min(...group.map((bar) => bar.coverage)),
  };
}

/**
 * Reduces bars to at most `maxPoints` by merging runs of consecutive bars, so charts
 * stay fast and liquidation totals are kept (sums, not samples).
 * @example downsampleBars(bars1152, 400).length // 384 (3 bars per point)
 */
export function downsampleBars(bars: SeriesBar[], maxPoints: number): SeriesBar[] {
  if (bars.length <= maxPoints) return bars;
  const groupSize = Math.ceil(bars.length / Math.max(1, maxPoints));
  const merged: SeriesBar[] = [];
  for (let start = 0; start < bars.length; start += groupSize) {
    const bar = mergeBars(bars.slice(start, start + groupSize));
    if (bar) merged.push(bar);
  }
  return merged;
}
