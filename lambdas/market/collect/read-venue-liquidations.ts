import type { Exchange } from '../../../node_modules/ccxt/js/src/base/Exchange.js';
import type { LiquidationBucket, LiquidationFeedClass } from '../../model/index.ts';
import type { VenueId } from '../venues/ccxt-exchange-loader.ts';
import { bucketLiquidations, type RawLiquidation } from '../venues/liquidation-buckets.ts';
import { VenuePayloadError } from '../venues/payload-error.ts';
import { withRetry } from '../venues/retry-policy.ts';
import { implicitEndpoint } from '../venues/venue-capability.ts';
import type { VenueProfile } from '../venues/venue-profiles.ts';
import { watchLiquidationsFor } from '../venues/watch-liquidations.ts';
import { describeVenueError } from './describe-venue-error.ts';

/** A time range `[fromMs, toMs)` in epoch milliseconds. */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/** A venue's liquidations for one tick, bucketed per symbol. */
export interface VenueLiquidations {
  feed: LiquidationFeedClass;
  bySymbol: Map<string, LiquidationBucket[]>;
  error: string | null;
  reconnects: number;
  /** Parts of the counting window nobody listened to (before this tick's socket opened). */
  gaps: TimeWindow[];
}

/** What {@link readVenueLiquidations} needs. */
export interface ReadLiquidationsInput {
  venue: VenueId;
  /** The venue's profile, with any configured symbol overrides applied. */
  profile: VenueProfile;
  exchange: Exchange;
  assets: string[];
  /** The tick's counting window; listening may start after `fromMs` and runs until `toMs`. */
  window: TimeWindow;
  barMinutes: number;
  now(): number;
}

/** Less time than this left in the window is not worth opening a socket for. */
const MIN_LISTEN_MS = 250;

/** Gate's documented cap on rows per `liq_orders` call. */
const GATE_LIQ_ORDERS_LIMIT = 1000;

// Gate's liq_orders takes `from`/`to` in seconds; ccxt 4.5.84's fetchLiquidations passes its
// millisecond `since` through unchanged, so the implicit endpoint is called with seconds here and
// the rows are parsed by ccxt's own parser.
async function fetchGateRange(
  exchange: Exchange,
  symbols: string[],
  window: TimeWindow,
): Promise<RawLiquidation[]> {
  const call = implicitEndpoint(exchange, 'publicFuturesGetSettleLiqOrders');
  const lists = await Promise.all(
    symbols.map(async (symbol) => {
      const market = exchange.market(symbol);
      const rows = await withRetry(() =>
        call({
          settle: market.settleId,
          contract: market.id,
          from: Math.floor(window.fromMs / 1000),
          to: Math.ceil(window.toMs / 1000),
          limit: GATE_LIQ_ORDERS_LIMIT,
        }),
      );
      if (!Array.isArray(rows)) throw new VenuePayloadError('gate liquidations', 'not a list');
      return exchange.parseLiquidations(rows, market) as RawLiquidation[];
    }),
  );
  return lists.flat();
}

async function sleepUntil(atMs: number, now: () => number): Promise<void> {
  const waitMs = atMs - now();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
}

async function readEvents(
  input: ReadLiquidationsInput,
  symbols: string[],
): Promise<
  Pick<VenueLiquidations, 'error' | 'reconnects' | 'gaps'> & { events: RawLiquidation[] }
> {
  const { window } = input;
  const source = input.profile.liquidationSource;
  if (source === 'rest-range') {
    // A range read covers the whole window after the fact: no gap, and no need to wait
    // longer than the window's end.
    await sleepUntil(window.toMs, input.now);
    const events = await fetchGateRange(input.exchange, symbols, window);
    return { events, error: null, reconnects: 0, gaps: [] };
  }
  if (window.toMs - input.now() < MIN_LISTEN_MS) {
    // Start-up ate the window: nobody listened. Closing a socket ccxt is still subscribing on
    // also leaks an unhandled rejection from its rate-limited send, so do not open one.
    return { events: [], error: null, reconnects: 0, gaps: [window] };
  }
  await input.exchange.loadHttpProxyAgent();
  const listenFromMs = input.now();
  const watched = await watchLiquidationsFor(
    input.exchange,
    source === 'ws-per-symbol' ? 'ws-per-symbol' : 'ws-for-symbols',
    symbols,
    window.toMs,
  );
  const gapToMs = Math.min(listenFromMs, window.toMs);
  const gaps = gapToMs > window.fromMs ? [{ fromMs: window.fromMs, toMs: gapToMs }] : [];
  return { ...watched, gaps };
}

/**
 * Listens to (or, for Gate, fetches at the end of) the venue's liquidations over the tick's
 * window and buckets the events inside `[fromMs, toMs)` by position side, so consecutive
 * ticks never count an event twice. Never throws: a feed that fails leaves an error.
 */
export async function readVenueLiquidations(
  input: ReadLiquidationsInput,
): Promise<VenueLiquidations> {
  const { profile } = input;
  const symbols = input.assets
    .map((asset) => profile.perpSymbol(asset))
    .filter((symbol) => input.exchange.markets?.[symbol] !== undefined);
  const empty = { bySymbol: new Map(), error: null, reconnects: 0, gaps: [] };
  if (profile.liquidationSource === 'none' || symbols.length === 0)
    return { ...empty, feed: 'none' };
  try {
    const { events, error, reconnects, gaps } = await readEvents(input, symbols);
    const { bySymbol } = bucketLiquidations(events, {
      venue: input.venue,
      fromMs: input.window.fromMs,
      toMs: input.window.toMs,
      barMinutes: input.barMinutes,
      contractSizeOf: (symbol) => input.exchange.markets?.[symbol]?.contractSize,
    });
    return { feed: profile.feed, bySymbol, error, reconnects, gaps };
  } catch (caught) {
    return { ...empty, feed: 'none', error: describeVenueError(caught) };
  }
}
