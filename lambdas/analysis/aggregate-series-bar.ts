import type { Bar, SeriesBar } from '../model/index.ts';
import type { VenueHistory, VenueTick } from './venue-ticks.ts';

/** One venue's inputs for one bar openTime. */
export interface VenueBarInput {
  history: VenueHistory;
  perp: Bar;
  tick: VenueTick | null;
  /** Whether the venue's liquidation feed was listened to during some of this bar. */
  listened: boolean;
}

function averageOf(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? 0 : sum / values.length;
}

/** OI-weighted mean of a per-venue field; plain mean where no venue has OI; null if none has the field. */
function oiWeighted(inputs: readonly VenueBarInput[], pick: (t: VenueTick) => number | null) {
  let weighted = 0;
  let weights = 0;
  const plain: number[] = [];
  for (const { tick } of inputs) {
    const value = tick ? pick(tick) : null;
    if (value === null || tick === null) continue;
    plain.push(value);
    if (tick.oiUsd != null && tick.oiUsd > 0) {
      weighted += value * tick.oiUsd;
      weights += tick.oiUsd;
    }
  }
  if (plain.length === 0) return null;
  return weights > 0 ? weighted / weights : averageOf(plain);
}

/** The sum of the values that are known; null when none is (never 0 as a stand-in). */
export function sumOrNull(values: ReadonlyArray<number | null>): number | null {
  let sum = 0;
  let any = false;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    any = true;
  }
  return any ? sum : null;
}

function takerDeltaUsd(bar: Bar): number | null {
  if (bar.takerBuyVolumeBase === null) return null;
  return (2 * bar.takerBuyVolumeBase - bar.volumeBase) * bar.close;
}

// A venue counts for a bar only if its feed was listened to during some of it: before the first
// tick or inside a long outage its liquidations are unknown, and 0 would read as "none".
function liquidationFields(inputs: readonly VenueBarInput[], openTimeMs: number) {
  const liqByVenue: SeriesBar['liqByVenue'] = {};
  let longUsd = 0;
  let shortUsd = 0;
  let withFeed = 0;
  for (const { history, listened } of inputs) {
    // A bucket a plausibility gate left out makes the venue's liquidations unknown there too.
    if (history.feed === 'none' || !listened || history.unknownLiquidations.has(openTimeMs))
      continue;
    const bucket = history.liquidations.get(openTimeMs);
    withFeed += 1;
    longUsd += bucket?.longUsd ?? 0;
    shortUsd += bucket?.shortUsd ?? 0;
    liqByVenue[history.venue] = { longUsd: bucket?.longUsd ?? 0, shortUsd: bucket?.shortUsd ?? 0 };
  }
  return {
    liqLongUsd: withFeed > 0 ? longUsd : null,
    liqShortUsd: withFeed > 0 ? shortUsd : null,
    liqByVenue,
  };
}

/**
 * The open interest of the venues with a liquidation feed: what a flush's counted liquidations
 * compare with like for like. Null when one of them has no reading, so a partial sum never
 * passes for theirs.
 */
function fedOiUsdOf(inputs: readonly VenueBarInput[]): number | null {
  let sum = 0;
  let fed = 0;
  for (const { history, tick } of inputs) {
    if (history.feed === 'none') continue;
    if (tick?.oiUsd == null) return null;
    sum += tick.oiUsd;
    fed += 1;
  }
  return fed > 0 ? sum : null;
}

/**
 * Aggregates the venues that reported a perp bar at `openTimeMs` into one
 * series bar. Price OHLC is the mean of the venues' perp OHLC: snapshots carry
 * the index only as one point per tick, so it cannot give a bar's high/low.
 * `coverage` is passed in because it needs every configured venue's OI.
 */
export function aggregateSeriesBar(
  openTimeMs: number,
  inputs: readonly VenueBarInput[],
  spotBars: readonly Bar[],
  coverage: number,
): SeriesBar {
  const oiBase = sumOrNull(inputs.map((i) => i.tick?.oiBase ?? null));
  const oiUsd = sumOrNull(inputs.map((i) => i.tick?.oiUsd ?? null));
  return {
    openTimeMs,
    open: averageOf(inputs.map((i) => i.perp.open)),
    high: averageOf(inputs.map((i) => i.perp.high)),
    low: averageOf(inputs.map((i) => i.perp.low)),
    close: averageOf(inputs.map((i) => i.perp.close)),
    oiBase,
    oiUsd,
    fedOiUsd: fedOiUsdOf(inputs),
    fundingRate8h: oiWeighted(inputs, (t) => t.fundingRate8h),
    premium: oiWeighted(inputs, (t) => t.premium),
    perpVolumeUsd: sumOrNull(inputs.map((i) => i.perp.volumeBase * i.perp.close)),
    spotVolumeUsd: sumOrNull(spotBars.map((b) => b.volumeBase * b.close)),
    perpTakerDeltaUsd: sumOrNull(inputs.map((i) => takerDeltaUsd(i.perp))),
    spotTakerDeltaUsd: sumOrNull(spotBars.map(takerDeltaUsd)),
    ...liquidationFields(inputs, openTimeMs),
    coverage,
  };
}
