import { InsufficientDataError } from '../errors.ts';
import type {
  ExcludedInput,
  MarketSeries,
  SeriesBar,
  SeriesGap,
  Snapshot,
} from '../model/index.ts';
import { aggregateSeriesBar } from './aggregate-series-bar.ts';
import { findUnwatchedLiquidations } from './find-unwatched-liquidations.ts';
import { mergeExcludedInputs } from './gates/merge-excluded-inputs.ts';
import { keepPlausiblePrices, readBar } from './gather-bar-inputs.ts';
import { ListeningCursor } from './listening-cursor.ts';
import { TickCursor } from './tick-cursor.ts';
import { collectVenueHistories, type VenueHistory } from './venue-ticks.ts';

/** Options of {@link buildMarketSeries}. */
export interface BuildSeriesOptions {
  /** Venues the collector is configured for; coverage and `missingVenues` are measured against them. */
  configuredVenues: string[];
}

/**
 * Share of the configured venues' OI whose venue reported this bar. A venue's
 * weight is its last known OI in base units (forward-filled; its first known
 * OI before it was ever seen); base units keep a price move from shifting the
 * weights of venues that stopped reporting. A configured venue never seen at all counts with the
 * average OI of the venues that were seen, so one silent venue out of four
 * costs a quarter of coverage.
 */
function coverageOf(reporting: ReadonlySet<string>, weights: Map<string, number | null>): number {
  const known = [...weights.values()].filter((w): w is number => w !== null && w > 0);
  if (known.length === 0)
    return reporting.size > 0 ? reporting.size / Math.max(1, weights.size) : 0;
  const average = known.reduce((a, b) => a + b, 0) / known.length;
  let total = 0;
  let covered = 0;
  for (const [venue, weight] of weights) {
    const w = weight !== null && weight > 0 ? weight : average;
    total += w;
    if (reporting.has(venue)) covered += w;
  }
  return total > 0 ? Math.min(1, covered / total) : 0;
}

/** Bars no snapshot covered between the first and the last bar; `toMs` is the end (exclusive) of the gap. */
export function findSeriesGaps(openTimesMs: readonly number[], barMs: number): SeriesGap[] {
  const gaps: SeriesGap[] = [];
  for (let i = 1; i < openTimesMs.length; i += 1) {
    const previous = openTimesMs[i - 1] ?? 0;
    const current = openTimesMs[i] ?? 0;
    if (current - previous > barMs) gaps.push({ fromMs: previous + barMs, toMs: current });
  }
  return gaps;
}

function barSizeMinutes(snapshots: readonly Snapshot[]): number {
  const sizes = new Set(snapshots.map((s) => s.barMinutes));
  if (sizes.size !== 1) {
    throw new InsufficientDataError(
      `Snapshots mix bar sizes (${[...sizes].join(', ')} minutes); build one series per bar size.`,
    );
  }
  return snapshots[0]?.barMinutes ?? 0;
}

function sortedOpenTimes(histories: Iterable<VenueHistory>): number[] {
  const times = new Set<number>();
  for (const h of histories) for (const t of h.perpBars.keys()) times.add(t);
  return [...times].sort((a, b) => a - b);
}

/**
 * Aggregates an asset's snapshots across venues into one bar series
 * (DESIGN.md §3): price = mean of the reporting venues' perp OHLC, OI summed
 * (forward-filled from the latest tick at or before each bar's close),
 * funding (normalised to 8h) and premium OI-weighted, volumes in USD, taker
 * delta = (2·takerBuy − volume) × close, liquidations summed over venues with
 * a feed. Every input passes the plausibility gates first (DESIGN.md §7): on its own and
 * against the venue's recent open interest ({@link collectVenueHistories}), and each bar's
 * price against the other venues; what fails is left out and listed in `excludedInputs`.
 * Missing bars are recorded as gaps and unwatched liquidation feeds as
 * `unwatchedLiquidations`, never invented.
 * @throws InsufficientDataError when no snapshot holds a bar of the asset.
 */
export function buildMarketSeries(
  snapshots: readonly Snapshot[],
  asset: string,
  options: BuildSeriesOptions,
): MarketSeries {
  if (snapshots.length === 0) throw new InsufficientDataError(`No snapshots for ${asset}.`);
  const barMinutes = barSizeMinutes(snapshots);
  const barMs = barMinutes * 60_000;
  const histories = collectVenueHistories(snapshots, asset, options.configuredVenues);
  const openTimes = sortedOpenTimes(histories.values());
  if (openTimes.length === 0) throw new InsufficientDataError(`No ${asset} bars in the snapshots.`);
  const cursors = new Map([...histories].map(([venue, h]) => [venue, new TickCursor(h.ticks)]));
  const listening = new Map(
    [...histories].map(([venue, h]) => [venue, new ListeningCursor(h.watched)]),
  );
  const excluded: ExcludedInput[] = [...histories.values()].flatMap((h) => h.excluded);
  const barsByVenue = new Map<string, number>();
  const bars: SeriesBar[] = [];
  for (const openTimeMs of openTimes) {
    const span = { fromMs: openTimeMs, toMs: openTimeMs + barMs };
    const read = readBar(histories, cursors, listening, openTimeMs, barMs);
    const { inputs, spotBars, weights } = keepPlausiblePrices(
      read,
      bars.at(-1) ?? null,
      span,
      excluded,
    );
    // Every venue's price of this bar was left out: the bar is a gap, not a bar of zeros.
    if (inputs.length === 0) continue;
    const reporting = new Set(inputs.map((i) => i.history.venue));
    for (const venue of reporting) barsByVenue.set(venue, (barsByVenue.get(venue) ?? 0) + 1);
    bars.push(aggregateSeriesBar(openTimeMs, inputs, spotBars, coverageOf(reporting, weights)));
  }
  if (bars.length === 0)
    throw new InsufficientDataError(`No ${asset} bar passed the plausibility checks.`);
  const all = [...histories.values()];
  const contributing = all.filter((h) => (barsByVenue.get(h.venue) ?? 0) > 0);
  return {
    asset,
    barMinutes,
    simulated: snapshots.some((s) => s.simulated),
    venues: contributing.map((h) => h.venue),
    missingVenues: all
      .filter((h) => options.configuredVenues.includes(h.venue))
      .filter((h) => h.absentTicks > 0 || (barsByVenue.get(h.venue) ?? 0) < bars.length)
      .map((h) => h.venue),
    liquidationFeeds: Object.fromEntries(contributing.map((h) => [h.venue, h.feed])),
    liquidationsEstimated: false,
    bars,
    gaps: findSeriesGaps(
      bars.map((b) => b.openTimeMs),
      barMs,
    ),
    unwatchedLiquidations: findUnwatchedLiquidations(snapshots, asset).filter((u) =>
      contributing.some((h) => h.venue === u.venue),
    ),
    excludedInputs: mergeExcludedInputs(excluded),
  };
}
