import type { Exchange } from '../../../node_modules/ccxt/js/src/base/Exchange.js';
import type {
  LargestLiquidation,
  LiquidationBucket,
  LiquidationFeedClass,
} from '../../model/index.ts';
import { coinOfBase } from '../../shared/coin-lots.ts';
import { bybitLinearTickers } from '../venues/bybit-linear-tickers.ts';
import type { VenueId } from '../venues/ccxt-exchange-loader.ts';
import {
  bucketLiquidations,
  type LiquidationMarket,
  type RawLiquidation,
  type UnmappedSymbol,
} from '../venues/liquidation-buckets.ts';
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
  /** Buckets per listed symbol: the instruments' and, listening to the market, every other one. */
  bySymbol: Map<string, LiquidationBucket[]>;
  /** The coin of each symbol in `bySymbol`. */
  coinOf: Map<string, string>;
  /** The window's largest single liquidations, largest first. */
  largest: LargestLiquidation[];
  /** Symbols the feed named that no listed market matches. */
  unmapped: UnmappedSymbol[];
  /** Listened to the instruments only (null), every symbol (`all`) or the top N by open interest. */
  scope: 'all' | number | null;
  /** The answer hit the venue's row cap, so its totals are lower bounds. */
  capped: boolean;
  /** Why the market beyond the instruments was not listened to (Bybit's ranking failed). */
  marketError: string | null;
  error: string | null;
  reconnects: number;
  /** Parts of the counting window nobody listened to (before this tick's socket opened). */
  gaps: TimeWindow[];
}

/** Listening beyond the instruments (DESIGN.md §4 "The whole market"). */
export interface MarketScope {
  /** Where a venue has no all-market feed (Bybit), this many symbols by open interest. */
  topN: number;
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
  /** Listen to the whole market, not only the instruments; absent = the instruments only. */
  market?: MarketScope | undefined;
  now(): number;
}

/** Less time than this left in the window is not worth opening a socket for. */
const MIN_LISTEN_MS = 250;

/** Gate's documented cap on rows per `liq_orders` call. */
const GATE_LIQ_ORDERS_LIMIT = 1000;

/**
 * Events ccxt keeps between two sweeps of its cache (its default, 1,000, is a few seconds of an
 * all-market feed in a flush).
 */
const MARKET_LIQUIDATIONS_CACHE = 50_000;

interface FetchedEvents {
  events: RawLiquidation[];
  capped: boolean;
}

// Gate's liq_orders takes `from`/`to` in seconds; ccxt 4.5.84's fetchLiquidations passes its
// millisecond `since` through unchanged, so the implicit endpoint is called with seconds here and
// the rows are parsed by ccxt's own parser. Without a contract it lists every USDT perp's.
async function fetchGateRange(
  exchange: Exchange,
  symbols: string[] | 'all',
  window: TimeWindow,
): Promise<FetchedEvents> {
  const call = implicitEndpoint(exchange, 'publicFuturesGetSettleLiqOrders');
  const range = {
    from: Math.floor(window.fromMs / 1000),
    to: Math.ceil(window.toMs / 1000),
    limit: GATE_LIQ_ORDERS_LIMIT,
  };
  const fetchRows = async (params: object) => {
    const rows = await withRetry(() => call({ ...range, ...params }));
    if (!Array.isArray(rows)) throw new VenuePayloadError('gate liquidations', 'not a list');
    return rows as Record<string, unknown>[];
  };
  if (symbols === 'all') {
    const rows = await fetchRows({ settle: 'usdt' });
    // Gate's spot and swap markets share ids (BTC_USDT), so each row names its swap market.
    const events = rows.map((row) => {
      const market = exchange.safeMarket(String(row.contract ?? ''), undefined, undefined, 'swap');
      return exchange.parseLiquidation(row, market) as RawLiquidation;
    });
    return { events, capped: rows.length >= GATE_LIQ_ORDERS_LIMIT };
  }
  const lists = await Promise.all(
    symbols.map(async (symbol) => {
      const market = exchange.market(symbol);
      const rows = await fetchRows({ settle: market.settleId, contract: market.id });
      return {
        events: exchange.parseLiquidations(rows, market) as RawLiquidation[],
        capped: rows.length >= GATE_LIQ_ORDERS_LIMIT,
      };
    }),
  );
  return { events: lists.flatMap((l) => l.events), capped: lists.some((l) => l.capped) };
}

/**
 * Bybit's linear USDT perps by open interest in USD, largest first, from one bulk tickers call
 * (Bybit has no all-market liquidation topic: `allLiquidation` is per symbol).
 */
export async function bybitTopSymbols(exchange: Exchange, topN: number): Promise<string[]> {
  const rows = await bybitLinearTickers(exchange);
  return rows
    .map((t) => ({
      usd: Number(t.openInterestValue),
      market: exchange.safeMarket(t.symbol, undefined, undefined, 'swap'),
    }))
    .filter(
      ({ usd, market }) =>
        Number.isFinite(usd) &&
        usd > 0 &&
        exchange.markets?.[market.symbol]?.linear === true &&
        market.settle === 'USDT',
    )
    .sort((a, b) => b.usd - a.usd)
    .slice(0, topN)
    .map(({ market }) => market.symbol);
}

async function sleepUntil(atMs: number, now: () => number): Promise<void> {
  const waitMs = atMs - now();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
}

type ReadEvents = Pick<VenueLiquidations, 'error' | 'reconnects' | 'gaps' | 'capped'> & {
  events: RawLiquidation[];
};

async function readEvents(
  input: ReadLiquidationsInput,
  symbols: string[] | 'all',
): Promise<ReadEvents> {
  const { window } = input;
  const source = input.profile.liquidationSource;
  if (source === 'rest-range') {
    // A range read covers the whole window after the fact: no gap, and no need to wait
    // longer than the window's end.
    await sleepUntil(window.toMs, input.now);
    const { events, capped } = await fetchGateRange(input.exchange, symbols, window);
    return { events, capped, error: null, reconnects: 0, gaps: [] };
  }
  if (window.toMs - input.now() < MIN_LISTEN_MS) {
    // Start-up ate the window: nobody listened. Closing a socket ccxt is still subscribing on
    // also leaks an unhandled rejection from its rate-limited send, so do not open one.
    return { events: [], capped: false, error: null, reconnects: 0, gaps: [window] };
  }
  await input.exchange.loadHttpProxyAgent();
  if (symbols === 'all') input.exchange.options.liquidationsLimit = MARKET_LIQUIDATIONS_CACHE;
  const listenFromMs = input.now();
  const watched = await watchLiquidationsFor(
    input.exchange,
    source === 'ws-per-symbol' ? 'ws-per-symbol' : 'ws-for-symbols',
    symbols,
    window.toMs,
  );
  const gapToMs = Math.min(listenFromMs, window.toMs);
  const startGap = gapToMs > window.fromMs ? [{ fromMs: window.fromMs, toMs: gapToMs }] : [];
  // A drop's gap is inside the window by construction; clamped all the same, for the schema.
  const dropGaps = watched.gaps
    .map((g) => ({
      fromMs: Math.max(g.fromMs, window.fromMs),
      toMs: Math.min(g.toMs, window.toMs),
    }))
    .filter((g) => g.toMs > g.fromMs);
  return { ...watched, capped: false, gaps: [...startGap, ...dropGaps] };
}

function liquidationMarketOf(exchange: Exchange) {
  return (symbol: string): LiquidationMarket | undefined => {
    const market = exchange.markets?.[symbol];
    if (market === undefined || typeof market.base !== 'string') return undefined;
    return {
      coin: coinOfBase(market.base),
      contractSize: market.contractSize,
      inverse: market.inverse === true,
    };
  };
}

// Binance and OKX carry every perp on one all-market feed; Bybit's topic is per symbol, so the
// top N by open interest (with the instruments) are listened to; Gate's range read takes none.
async function symbolsToRead(
  input: ReadLiquidationsInput,
  instrumentSymbols: string[],
): Promise<{ symbols: string[] | 'all'; scope: VenueLiquidations['scope']; error: string | null }> {
  if (input.market === undefined) return { symbols: instrumentSymbols, scope: null, error: null };
  if (input.profile.liquidationSource !== 'ws-per-symbol')
    return { symbols: 'all', scope: 'all', error: null };
  try {
    const top = await bybitTopSymbols(input.exchange, input.market.topN);
    const symbols = [...new Set([...instrumentSymbols, ...top])];
    return { symbols, scope: symbols.length, error: null };
  } catch (caught) {
    // Without the ranking the instruments' own feeds are still listened to: the tick loses the
    // market beyond them, not its liquidations.
    return {
      symbols: instrumentSymbols,
      scope: null,
      error: `ranking symbols by open interest: ${describeVenueError(caught)}`,
    };
  }
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
  const empty = {
    bySymbol: new Map(),
    coinOf: new Map(),
    largest: [],
    unmapped: [],
    scope: null,
    capped: false,
    marketError: null,
    error: null,
    reconnects: 0,
    gaps: [],
  };
  if (profile.liquidationSource === 'none' || (symbols.length === 0 && input.market === undefined))
    return { ...empty, feed: 'none' };
  try {
    const { symbols: reading, scope, error: marketError } = await symbolsToRead(input, symbols);
    if (reading !== 'all' && reading.length === 0) return { ...empty, feed: 'none', marketError };
    const { events, error, reconnects, gaps, capped } = await readEvents(input, reading);
    const marketOf = liquidationMarketOf(input.exchange);
    const { bySymbol, largest, unmapped } = bucketLiquidations(events, {
      venue: input.venue,
      fromMs: input.window.fromMs,
      toMs: input.window.toMs,
      barMinutes: input.barMinutes,
      marketOf,
      sizeInBase: profile.liquidationSizeInBase,
    });
    const coinOf = new Map([...bySymbol.keys()].map((s) => [s, marketOf(s)?.coin ?? s]));
    return {
      feed: profile.feed,
      bySymbol,
      coinOf,
      largest,
      unmapped,
      scope,
      capped,
      marketError,
      error,
      reconnects,
      gaps,
    };
  } catch (caught) {
    return { ...empty, feed: 'none', error: describeVenueError(caught) };
  }
}
