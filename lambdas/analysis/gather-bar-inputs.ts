import type { Bar, ExcludedInput, SeriesBar } from '../model/index.ts';
import type { VenueBarInput } from './aggregate-series-bar.ts';
import {
  type PriceBar,
  priceProblem,
  priceReference,
  pricesAgree,
} from './gates/cross-venue-price.ts';
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
 * The voters on one bar's price, and its reference, computed only when a check needs it: one
 * price cannot be checked against itself, and voters that all agree leave no perp to check.
 */
class PriceVote {
  private reference: PriceBar | null | undefined;
  public readonly checksPerps: boolean;

  public constructor(private readonly voters: readonly PriceBar[]) {
    this.checksPerps = voters.length >= 2 && !pricesAgree(voters);
  }

  /** Why `bar` is not the market's price, or null. */
  public problem(bar: PriceBar): string | null {
    if (pricesAgree([...this.voters, bar])) return null;
    if (this.reference === undefined) this.reference = priceReference(this.voters);
    return this.reference === null ? null : priceProblem(bar, this.reference);
  }
}

/**
 * Leaves out the venues whose perp price is not the market's ({@link priceProblem}) against the
 * other venues and the series bar just before, and the spot bars that are not, and names them
 * in `excluded`.
 */
export function keepPlausiblePrices(
  read: BarReadings,
  previous: SeriesBar | null,
  span: { fromMs: number; toMs: number },
  excluded: ExcludedInput[],
): BarInputs {
  const barMs = span.toMs - span.fromMs;
  const perps = read.inputs.map((i) => i.perp);
  const vote = new PriceVote(
    previous?.openTimeMs === span.fromMs - barMs ? [...perps, previous] : perps,
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
    const problem = vote.checksPerps ? vote.problem(input.perp) : null;
    if (problem !== null) {
      exclude(input.history, 'price', problem);
      continue;
    }
    inputs.push(input);
    // Spot is always held against the perps: agreeing perps say nothing about a spot print.
    const spot = read.spotByVenue.get(input.history.venue);
    const spotProblem = spot === undefined ? null : vote.problem(spot);
    if (spotProblem !== null) exclude(input.history, 'spot-price', spotProblem);
    else if (spot !== undefined) spotBars.push(spot);
  }
  return { inputs, spotBars, weights: read.weights };
}
