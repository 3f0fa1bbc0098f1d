import type { Exchange } from '../../../node_modules/ccxt/js/src/base/Exchange.js';
import { NetworkError } from './ccxt-errors.ts';
import type { RawLiquidation } from './liquidation-buckets.ts';
import { requireUnifiedMethod } from './venue-capability.ts';
import type { LiquidationSource } from './venue-profiles.ts';

/** What listening to a venue's liquidation feed for a window produced. */
export interface WatchedLiquidations {
  events: RawLiquidation[];
  /** Times the socket dropped and ccxt reconnected within the window. */
  reconnects: number;
  /**
   * From each drop to the first message after it (or the window's end): liquidations then are
   * unknown. The socket came back somewhere inside; the first message is the earliest proof.
   */
  gaps: Stretch[];
  /** Why listening stopped early (unsupported method, bad symbol), if it did. */
  error: string | null;
}

/** A stretch of time, `[fromMs, toMs)` in epoch milliseconds. */
interface Stretch {
  fromMs: number;
  toMs: number;
}

const RECONNECT_PAUSE_MS = 100;

/** What the listening loops share: one socket per venue, so one drop ends every loop's watch. */
interface ListenState {
  stopped: boolean;
  reconnects: number;
  error: string | null;
  /** When the socket dropped, until some loop hears a message again; null while listening. */
  droppedAtMs: number | null;
  gaps: Stretch[];
}

// Every event ccxt parsed sits in `ex.liquidations` (a 1,000-entry cache); a watch
// returns only the one that woke it, so the cache is swept after every wake-up. Object
// identity dedupes across sweeps without merging two equal-looking real events.
function sweep(exchange: Exchange, seen: Set<RawLiquidation>): void {
  const cache = (exchange as unknown as { liquidations?: Iterable<RawLiquidation> }).liquidations;
  if (cache === undefined) return;
  for (const event of cache) seen.add(event);
}

async function listenLoop(
  watch: () => Promise<unknown>,
  exchange: Exchange,
  state: ListenState,
  seen: Set<RawLiquidation>,
): Promise<void> {
  while (!state.stopped) {
    try {
      await watch();
      if (state.droppedAtMs !== null) {
        state.gaps.push({ fromMs: state.droppedAtMs, toMs: Date.now() });
        state.droppedAtMs = null;
      }
    } catch (error) {
      if (state.stopped) break;
      if (!(error instanceof NetworkError)) {
        state.error = error instanceof Error ? error.message : String(error);
        break;
      }
      // A dropped socket: the next watch reconnects and resubscribes by itself. Every loop on
      // the socket sees the same drop; it is one drop and one gap.
      if (state.droppedAtMs === null) {
        state.reconnects += 1;
        state.droppedAtMs = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_PAUSE_MS));
    } finally {
      sweep(exchange, seen);
    }
  }
}

function watchesFor(
  exchange: Exchange,
  source: Extract<LiquidationSource, 'ws-for-symbols' | 'ws-per-symbol'>,
  symbols: string[] | 'all',
): (() => Promise<unknown>)[] {
  if (source === 'ws-per-symbol') {
    if (symbols === 'all') throw new Error(`${exchange.id} has no all-market liquidation feed`);
    return symbols.map((symbol) => () => exchange.watchLiquidations(symbol));
  }
  // No symbols is ccxt's all-market subscription: Binance `!forceOrder@arr`, OKX every SWAP of
  // `liquidation-orders` (an empty list would give OKX no message hash to wait on).
  const list = symbols === 'all' ? (undefined as unknown as string[]) : symbols;
  return [() => exchange.watchLiquidationsForSymbols(list)];
}

/**
 * Listens to a venue's public liquidation websocket until `untilMs` (epoch), reconnecting
 * after drops, and returns every event received (the caller filters by time and buckets).
 * `all` listens to every symbol the venue's all-market feed carries.
 */
export async function watchLiquidationsFor(
  exchange: Exchange,
  source: Extract<LiquidationSource, 'ws-for-symbols' | 'ws-per-symbol'>,
  symbols: string[] | 'all',
  untilMs: number,
): Promise<WatchedLiquidations> {
  requireUnifiedMethod(
    exchange,
    source === 'ws-for-symbols' ? 'watchLiquidationsForSymbols' : 'watchLiquidations',
  );
  const seen = new Set<RawLiquidation>();
  const state: ListenState = {
    stopped: false,
    reconnects: 0,
    error: null,
    droppedAtMs: null,
    gaps: [],
  };
  const watches = watchesFor(exchange, source, symbols);
  const loops = watches.map((watch) => listenLoop(watch, exchange, state, seen));
  const timer = new Promise<void>((resolve) =>
    setTimeout(resolve, Math.max(0, untilMs - Date.now())),
  );
  await Promise.race([timer, Promise.all(loops)]);
  state.stopped = true;
  // close() ends a waiting watch with ExchangeClosedByUser, which the loops take as "stop".
  await exchange.close();
  await Promise.all(loops);
  sweep(exchange, seen);
  // Dropped and never heard from again: unknown to the window's end.
  if (state.droppedAtMs !== null && state.droppedAtMs < untilMs)
    state.gaps.push({ fromMs: state.droppedAtMs, toMs: untilMs });
  return {
    events: [...seen],
    reconnects: state.reconnects,
    error: state.error,
    gaps: state.gaps,
  };
}
