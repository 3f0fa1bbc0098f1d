import { resampleBars } from '../analysis/index.ts';
import type { FlushEvent, MarketSeries, SeriesBar } from '../model/index.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/time.ts';

/** Hours of history a rank needs before it is worth saying. */
const MIN_BASELINE_HOURS = 72;

/** How one hour of the flush ranks against the hours of the 30 days before it. */
export interface HourRank {
  /** Open time of the hour. */
  hourMs: number;
  value: number;
  /** 1 = the largest of the baseline and the flush hour together. */
  rank: number;
  /** Hours compared, the flush hour included. */
  ofHours: number;
  /** Span of the baseline actually available, in days (≤ 30). */
  baselineDays: number;
}

/** The flush's sharpest hour (open to its extreme) and its busiest hour of liquidations, ranked. */
export interface FlushRanks {
  /** Fraction from the hour's open to its low (long flush) or high (squeeze), signed. */
  sharpestMove: HourRank | null;
  liquidationsUsd: HourRank | null;
}

function rankOf(value: number, baseline: readonly number[]): number {
  return 1 + baseline.filter((v) => v > value).length;
}

function best(hours: readonly SeriesBar[], measure: (b: SeriesBar) => number) {
  let top: SeriesBar | null = null;
  for (const hour of hours) if (top === null || measure(hour) > measure(top)) top = hour;
  return top;
}

function rankHour(
  flushHours: readonly SeriesBar[],
  baseline: readonly SeriesBar[],
  measure: (b: SeriesBar) => number,
  signed: (b: SeriesBar) => number,
): HourRank | null {
  const top = best(flushHours, measure);
  if (top === null || baseline.length < MIN_BASELINE_HOURS) return null;
  const first = baseline[0]?.openTimeMs ?? top.openTimeMs;
  return {
    hourMs: top.openTimeMs,
    value: signed(top),
    rank: rankOf(measure(top), baseline.map(measure)),
    ofHours: baseline.length + 1,
    baselineDays: Math.min(30, Math.round((top.openTimeMs - first) / DAY_MS)),
  };
}

/**
 * Ranks the flush's sharpest hour and its busiest liquidation hour against every hour of the
 * 30 days before it, so the article can say "the largest hourly drop in 30 days" instead of a
 * z-score. Null where there are fewer than three days of hours to compare with.
 * @example flushRanks(series, flush).sharpestMove // { rank: 1, value: -0.042, … }
 */
export function flushRanks(series: MarketSeries, flush: FlushEvent): FlushRanks {
  const down = flush.side === 'two-sided' ? flush.priceMovePct < 0 : flush.side === 'long';
  const endCloseMs = flush.endMs + series.barMinutes * MINUTE_MS;
  const span = series.bars.filter(
    (b) => b.openTimeMs >= flush.startMs - 30 * DAY_MS && b.openTimeMs < endCloseMs,
  );
  const hours = resampleBars(span, 60);
  const baseline = hours.filter((h) => h.openTimeMs + HOUR_MS <= flush.startMs);
  const during = hours.filter((h) => h.openTimeMs + HOUR_MS > flush.startMs);
  const move = (h: SeriesBar) => (down ? h.low : h.high) / h.open - 1;
  const liq = (h: SeriesBar) => (h.liqLongUsd ?? 0) + (h.liqShortUsd ?? 0);
  return {
    sharpestMove: rankHour(during, baseline, (h) => (down ? -1 : 1) * move(h), move),
    liquidationsUsd: rankHour(during, baseline, liq, liq),
  };
}
