import { expect } from 'vitest';
import {
  type CollectTickInput,
  collectTick,
} from '../../../lambdas/market/collect/collect-tick.ts';
import { NO_MARKETS_CACHE } from '../../../lambdas/market/venues/markets-cache.ts';
import { snapshotSchema, type VenueSnapshot } from '../../../lambdas/model/index.ts';
import type { EmulatedLiquidation } from '../../support/exchange-emulator/emulator-types.ts';
import type { ExchangeEmulator } from '../../support/exchange-emulator/exchange-emulator.ts';
import { EMULATED_VENUES, WEBSOCKET_VENUES } from './emulated-venues.ts';

/** One long and one short BTC liquidation ($60k, $120k) and one long ETH one, stamped now. */
export function liquidationBurst(): EmulatedLiquidation[] {
  const timeMs = Date.now();
  return [
    { asset: 'BTC', positionSide: 'long', sizeBase: 1, price: 60_000, timeMs },
    { asset: 'BTC', positionSide: 'short', sizeBase: 2, price: 60_000, timeMs },
    { asset: 'ETH', positionSide: 'long', sizeBase: 3, price: 3_000, timeMs },
  ];
}

/**
 * Arms every emulated venue with {@link liquidationBurst}: websocket venues send it on each
 * subscription, Gate lists it in its REST history (stamped now, so call this just before a tick).
 */
export function armLiquidations(emulator: ExchangeEmulator): void {
  for (const venue of WEBSOCKET_VENUES) emulator.setSubscribeBurst(venue, liquidationBurst);
  emulator.setRecordedLiquidations('gate', liquidationBurst());
}

/** A tick over every emulated venue × BTC, ETH, SOL with a 1.5 s listening window. */
export function emulatedTickInput(
  emulator: ExchangeEmulator,
  overrides: Partial<CollectTickInput> = {},
): CollectTickInput {
  return {
    venues: EMULATED_VENUES.map((id) => ({
      id,
      // The emulator has no rate limits; real venues keep ccxt's defaults.
      ccxtOptions: { enableRateLimit: false, options: { ws: { backoff: { base: 0 } } } },
      apiBaseUrl: emulator.urlFor(id),
      // Room for a cold worker under CI's load (ccxt parses its markets on the emulator's own
      // event loop): at 600 ms a healthy venue was once marked failed. A test of a hanging
      // venue sets its own short timeout.
      timeoutMs: 2_000,
    })),
    assets: ['BTC', 'ETH', 'SOL'],
    barMinutes: 5,
    barLookbackMinutes: 15,
    // Listening ends this long after the tick starts; start-up (ccxt import, markets) eats into it.
    liquidationWindowMs: 1_500,
    marketsCache: NO_MARKETS_CACHE,
    ...overrides,
  };
}

/** The venues of `input` restricted to `ids`, in the given order. */
export function onlyVenues(input: CollectTickInput, ids: readonly string[]): CollectTickInput {
  return { ...input, venues: input.venues.filter((v) => ids.includes(v.id)) };
}

/** Drops `venue`'s socket 200 ms after its next subscription (a drop mid-window). */
export async function dropAfterNextSubscription(
  emulator: ExchangeEmulator,
  venue: string,
): Promise<number> {
  const ready = emulator.subscribedCount(venue);
  await emulator.subscribed(venue, ready + 1);
  await new Promise((resolve) => setTimeout(resolve, 200));
  return emulator.dropSockets(venue);
}

/**
 * One venue's part of a tick that listens to the whole market's top `topN`, after checking the
 * snapshot parses as stored.
 */
export async function collectMarketVenue(
  emulator: ExchangeEmulator,
  venue: string,
  topN: number,
  overrides: Partial<CollectTickInput> = {},
): Promise<VenueSnapshot> {
  const snapshot = await collectTick({
    ...onlyVenues(emulatedTickInput(emulator, overrides), [venue]),
    market: { topN },
  });
  expect(snapshotSchema.parse(snapshot)).toEqual(snapshot);
  const [part] = snapshot.venues;
  if (part === undefined) throw new Error('no venue in the snapshot');
  return part;
}
