import type { Bar, ExcludedInput, SeriesBar } from '../model/index.ts';
import type { VenueBarInput } from './aggregate-series-bar.ts';
import { priceProblem, priceReference } from './gates/cross-venue-price.ts';
import type { ListeningCursor } from './listening-cursor.ts';
import type { TickCursor } from './tick-cursor.ts';
import type { VenueHistory } from './venue-ticks.ts';

/** The venues' readings of one bar, as the histories hold them. */
export interface BarReadings {
  inputs: VenueBarInput[];
  spotByVenue: Map<string, Bar>;
  /** Every venue's OI weight for coverage, reporting this bar or not. */
  weights: Map<string, number | null>;
}

/** The readings of one bar that passed the cross-venue price check. */
export interface BarInputs {
  inputs: VenueBarInput[];
  spotBars: Bar[];
  weights: Map<string, number | null>;
}

/** Every venue's perp bar, spot bar, tick and listening at `openTimeMs`. */
export function readBar(
  histories: Map<string, VenueHistory>,
  cursors: Map<string, TickCursor>,
  listening: Map<string, ListeningCursor>,
  openTimeMs: number,
  barMs: number,
): BarReadings {
  const closeMs = openTimeMs + barMs;
  const inputs: VenueBarInput[] = [];
  const spotByVenue = new Map<string, Bar>();
  const weights = new Map<string, number | null>();
  for (const [venue, history] of histories) {
    const cursor = cursors.get(venue);
    const tick = cursor?.atOrFirstWithin(closeMs, barMs) ?? null;
    weights.set(venue, cursor?.lastKnownOiBase(closeMs) ?? null);
    const perp = history.perpBars.get(openTimeMs);
    if (perp === undefined) continue;
    const listened = listening.get(venue)?.listenedDuring(openTimeMs, closeMs) ?? false;
    inputs.push({ history, perp, tick, listened });
    const spot = history.spotBars.get(openTimeMs);
    if (spot !== undefined) spotByVenue.set(venue, spot);
  }
  return { inputs, spotByVenue, weights };
}

/**
 * Leaves out the venues whose price is not the market's ({@link priceProblem}) against the
 * other venues and the series bar just before, and names them in `excluded`.
 */
export function keepPlausiblePrices(
  read: BarReadings,
  previous: SeriesBar | null,
  span: { fromMs: number; toMs: number },
  excluded: ExcludedInput[],
): BarInputs {
  const reference = priceReference(
    read.inputs.map((i) => i.perp),
    previous?.openTimeMs === span.fromMs - (span.toMs - span.fromMs) ? previous : null,
  );
  const exclude = (history: VenueHistory, input: 'price' | 'spot-price', reason: string) =>
    excluded.push({
      venue: history.venue,
      symbol: history.symbol ?? undefined,
      input,
      ...span,
      reason,
    });
  const inputs: VenueBarInput[] = [];
  const spotBars: Bar[] = [];
  for (const input of read.inputs) {
    const problem = priceProblem(input.perp, reference);
    if (problem !== null) {
      exclude(input.history, 'price', problem);
      continue;
    }
    inputs.push(input);
    const spot = read.spotByVenue.get(input.history.venue);
    const spotProblem = spot === undefined ? null : priceProblem(spot, reference);
    if (spotProblem !== null) exclude(input.history, 'spot-price', spotProblem);
    else if (spot !== undefined) spotBars.push(spot);
  }
  return { inputs, spotBars, weights: read.weights };
}
