/** A fault the emulator injects into matching requests. */
export type EmulatorFault = 'http500' | 'http429' | 'http451' | 'timeout' | 'malformed';

/** One request the emulator received (tests count these, e.g. to prove 451 is not retried). */
export interface EmulatorRequest {
  venue: string;
  path: string;
  /** The query string, e.g. `symbol=BTCUSDT&limit=500` (a request's weight can depend on it). */
  query: string;
}

/** A REST request as a venue route sees it. */
export interface RouteRequest {
  path: string;
  query: URLSearchParams;
  body: string;
  nowMs: number;
  /** Liquidations recorded for this venue's history endpoint (Gate `liq_orders`). */
  liquidations: readonly EmulatedLiquidation[];
  /** Coins the venue lists (the assets, plus the long tail when emulating the whole market). */
  listed: readonly string[];
  /** Emulating the whole market: OKX also lists its inverse BTC-USD-SWAP. */
  wholeMarket: boolean;
}

/** A liquidation the emulator sends, venue-neutral; each venue writes it in its own wire format. */
export interface EmulatedLiquidation {
  asset: string;
  /** The liquidated position. */
  positionSide: 'long' | 'short';
  /** Size in base units. */
  sizeBase: number;
  price: number;
  timeMs: number;
  /** An OKX inverse swap (`BTC-USD-SWAP`, $100 contracts) rather than the USDT one. */
  inverse?: boolean;
}

/** One emulated venue: REST routes and websocket behaviour in its documented wire format. */
export interface VenueEmulation {
  /** JSON answer for a REST request, or undefined for 404. */
  route(request: RouteRequest): unknown;
  /** Answer to a websocket text message (subscribe, ping), plus the subscribed topics it adds. */
  onSocketMessage(text: string): { replies: string[]; topics: string[] };
  /** Wire messages for liquidations on the given subscribed topics. */
  liquidationMessages(events: EmulatedLiquidation[], topics: ReadonlySet<string>): string[];
}
