import type { SeriesBar } from '../model/index.ts';

type NullableKey =
  | 'perpVolumeUsd'
  | 'spotVolumeUsd'
  | 'perpTakerDeltaUsd'
  | 'spotTakerDeltaUsd'
  | 'liqLongUsd'
  | 'liqShortUsd';

const SUMMED: readonly NullableKey[] = [
  'perpVolumeUsd',
  'spotVolumeUsd',
  'perpTakerDeltaUsd',
  'spotTakerDeltaUsd',
  'liqLongUsd',
  'liqShortUsd',
];

function sumField(group: readonly SeriesBar[], key: NullableKey): number | null {
  let sum = 0;
  let any = false;
  for (const bar of group) {
    const v = bar[key];
    if (v === null) continue;
    sum += v;
    any = true;
  }
  return any ? sum : null;
}

/** Last non-null value of a field in the group (state variables: OI, funding, premium). */
function lastField(
  group: readonly SeriesBar[],
  key: 'oiBase' | 'oiUsd' | 'fedOiUsd' | 'fundingRate8h' | 'premium',
) {
  for (let i = group.length - 1; i >= 0; i -= 1) {
    const v = group[i]?.[key];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

function mergeLiqByVenue(group: readonly SeriesBar[]): SeriesBar['liqByVenue'] {
  const merged: SeriesBar['liqByVenue'] = {};
  for (const bar of group) {
    for (const [venue, liq] of Object.entries(bar.liqByVenue)) {
      const into = merged[venue] ?? { longUsd: 0, shortUsd: 0 };
      into.longUsd += liq.longUsd;
      into.shortUsd += liq.shortUsd;
      merged[venue] = into;
    }
  }
  return merged;
}

function mergeGroup(openTimeMs: number, group: readonly SeriesBar[]): SeriesBar {
  const first = group[0];
  const last = group[group.length - 1];
  const summed = Object.fromEntries(SUMMED.map((k) => [k, sumField(group, k)])) as Record<
    NullableKey,
    number | null
  >;
  return {
    openTimeMs,
    open: first?.open ?? 0,
    high: Math.max(...group.map((b) => b.high)),
    low: Math.min(...group.map((b) => b.low)),
    close: last?.close ?? 0,
    oiBase: lastField(group, 'oiBase'),
    oiUsd: lastField(group, 'oiUsd'),
    fedOiUsd: lastField(group, 'fedOiUsd'),
    fundingRate8h: lastField(group, 'fundingRate8h'),
    premium: lastField(group, 'premium'),
    ...summed,
    liqByVenue: mergeLiqByVenue(group),
    coverage: group.reduce((a, b) => a + b.coverage, 0) / group.length,
  };
}

/**
 * Resamples bars to a larger bar size aligned to multiples of `targetMinutes`
 * since the epoch (1h for ATR, ranks and hourly volatility): OHLC, sums for
 * volumes, deltas and liquidations, last value for OI, funding and premium,
 * mean coverage. Buckets with no source bar are skipped (gaps stay gaps); a
 * bucket only partly covered is still emitted — callers that need closed
 * buckets filter by `openTimeMs + targetMinutes` against their clock.
 * @example resampleBars(fiveMinuteBars, 60) // hourly bars
 */
export function resampleBars(bars: readonly SeriesBar[], targetMinutes: number): SeriesBar[] {
  const bucketMs = targetMinutes * 60_000;
  const out: SeriesBar[] = [];
  let group: SeriesBar[] = [];
  let groupStart = Number.NaN;
  for (const bar of bars) {
    const start = Math.floor(bar.openTimeMs / bucketMs) * bucketMs;
    if (start !== groupStart && group.length > 0) {
      out.push(mergeGroup(groupStart, group));
      group = [];
    }
    groupStart = start;
    group.push(bar);
  }
  if (group.length > 0) out.push(mergeGroup(groupStart, group));
  return out;
}

/** The price part of a bar: what ATR and realised volatility read. */
export type PriceBar = Pick<SeriesBar, 'openTimeMs' | 'open' | 'high' | 'low' | 'close'>;

/**
 * Only the prices of {@link resampleBars}, with the same buckets and values (first open, highest
 * high, lowest low, last close). The aftermath reads hourly ATR and volatility at every
 * checkpoint; merging volumes, OI and venues there too was most of a reading's cost.
 * @example resamplePrices(fiveMinuteBars, 60)[0]?.high
 */
export function resamplePrices(bars: readonly SeriesBar[], targetMinutes: number): PriceBar[] {
  const bucketMs = targetMinutes * 60_000;
  const out: PriceBar[] = [];
  let current: PriceBar | null = null;
  for (const bar of bars) {
    const start = Math.floor(bar.openTimeMs / bucketMs) * bucketMs;
    if (current !== null && current.openTimeMs === start) {
      current.high = Math.max(current.high, bar.high);
      current.low = Math.min(current.low, bar.low);
      current.close = bar.close;
      continue;
    }
    current = { openTimeMs: start, open: bar.open, high: bar.high, low: bar.low, close: bar.close };
    out.push(current);
  }
  return out;
}
