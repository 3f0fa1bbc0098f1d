import {
  type LargestLiquidation,
  type LiquidationBucket,
  MAX_LARGEST_LIQUIDATIONS,
} from '../../model/index.ts';
import type { VenueId } from './ccxt-exchange-loader.ts';
import { type LiquidationLike, positionSideOf } from './liquidation-side.ts';

/** The fields of a ccxt unified liquidation the aggregation reads. */
export interface RawLiquidation extends LiquidationLike {
  symbol?: string | undefined;
  contracts?: number | undefined;
  contractSize?: number | undefined;
  price?: number | undefined;
  timestamp?: number | undefined;
}

/** What the aggregation needs of a listed market (from ccxt's loaded markets). */
export interface LiquidationMarket {
  /** The coin the market trades, e.g. `PEPE` for `1000PEPE/USDT:USDT` (see {@link coinOfBase}). */
  coin: string;
  /** Base units (linear) or USD (inverse) per contract; ccxt leaves it out of some events. */
  contractSize: number | undefined;
  /** Inverse contracts are worth a fixed USD amount each, whatever the price. */
  inverse: boolean;
}

/** Options of {@link bucketLiquidations}. */
export interface BucketOptions {
  venue: VenueId;
  fromMs: number;
  toMs: number;
  barMinutes: number;
  /** The listed market of a symbol, or undefined where the venue's feed named an unlisted one. */
  marketOf(symbol: string): LiquidationMarket | undefined;
  /**
   * The venue's feed sizes orders in base units (Binance, Bybit), so an unlisted symbol's
   * notional is still size × price. Where it sizes them in contracts (OKX, Gate), an unlisted
   * symbol's notional is unknown.
   */
  sizeInBase: boolean;
}

/** A symbol the feed named that no listed market matches: counted, never given a coin. */
export interface UnmappedSymbol {
  symbol: string;
  count: number;
  /** Null where the size is in contracts of unknown size. */
  usd: number | null;
}

/** Buckets per listed symbol, the largest orders, what was unlisted and what unreadable. */
export interface BucketedLiquidations {
  bySymbol: Map<string, LiquidationBucket[]>;
  /** The window's largest single liquidations of listed symbols, largest first (at most 10). */
  largest: LargestLiquidation[];
  unmapped: UnmappedSymbol[];
  /** Events without a side, price, size or symbol. */
  unreadable: number;
}

function notionalUsd(
  event: RawLiquidation,
  market: LiquidationMarket | undefined,
  sizeInBase: boolean,
): number | null {
  const contracts = event.contracts ?? Number.NaN;
  const price = event.price ?? Number.NaN;
  const contractSize = event.contractSize ?? market?.contractSize;
  let value: number;
  if (market?.inverse) value = contracts * (contractSize ?? Number.NaN);
  else if (contractSize !== undefined) value = contracts * contractSize * price;
  else value = market === undefined && sizeInBase ? contracts * price : Number.NaN;
  return Number.isFinite(value) && value >= 0 && Number.isFinite(price) && price > 0 ? value : null;
}

function addTo(
  bySymbol: Map<string, Map<number, LiquidationBucket>>,
  symbol: string,
  openTimeMs: number,
  side: 'long' | 'short',
  usd: number,
): void {
  const buckets = bySymbol.get(symbol) ?? new Map<number, LiquidationBucket>();
  bySymbol.set(symbol, buckets);
  const bucket = buckets.get(openTimeMs) ?? {
    openTimeMs,
    longUsd: 0,
    longCount: 0,
    shortUsd: 0,
    shortCount: 0,
  };
  if (side === 'long') {
    bucket.longUsd += usd;
    bucket.longCount += 1;
  } else {
    bucket.shortUsd += usd;
    bucket.shortCount += 1;
  }
  buckets.set(openTimeMs, bucket);
}

// Keeps the largest `MAX_LARGEST_LIQUIDATIONS` in place, largest first: a tick can carry
// tens of thousands of events, so the list is never sorted whole.
function keepLargest(largest: LargestLiquidation[], entry: LargestLiquidation): void {
  const last = largest[largest.length - 1];
  if (largest.length === MAX_LARGEST_LIQUIDATIONS && last !== undefined && last.usd >= entry.usd)
    return;
  const at = largest.findIndex((l) => l.usd < entry.usd);
  largest.splice(at === -1 ? largest.length : at, 0, entry);
  if (largest.length > MAX_LARGEST_LIQUIDATIONS) largest.pop();
}

/**
 * Aggregates liquidation events into per-bar buckets by *position* side, per listed symbol, and
 * keeps the largest single orders. Notional is contracts × contract size × price (inverse
 * contracts: contracts × their USD size), computed here because ccxt leaves `quoteValue`
 * undefined on the websocket feeds. Events outside `[fromMs, toMs)` are ignored (overlapping
 * ticks would otherwise count them twice). A symbol no listed market matches is counted under
 * `unmapped` rather than guessed into a coin.
 */
export function bucketLiquidations(
  events: Iterable<RawLiquidation>,
  options: BucketOptions,
): BucketedLiquidations {
  const barMs = options.barMinutes * 60_000;
  const bySymbol = new Map<string, Map<number, LiquidationBucket>>();
  const unmapped = new Map<string, UnmappedSymbol>();
  const largest: LargestLiquidation[] = [];
  let unreadable = 0;
  for (const event of events) {
    const at = event.timestamp;
    if (at === undefined || at < options.fromMs || at >= options.toMs) continue;
    const symbol = event.symbol ?? '';
    const market = symbol === '' ? undefined : options.marketOf(symbol);
    const side = positionSideOf(options.venue, event);
    const usd = notionalUsd(event, market, options.sizeInBase);
    if (side === null || symbol === '' || (usd === null && market !== undefined)) {
      unreadable += 1;
      continue;
    }
    if (market === undefined) {
      const entry = unmapped.get(symbol) ?? { symbol, count: 0, usd: 0 };
      entry.count += 1;
      entry.usd = entry.usd === null || usd === null ? null : entry.usd + usd;
      unmapped.set(symbol, entry);
      continue;
    }
    addTo(bySymbol, symbol, Math.floor(at / barMs) * barMs, side, usd ?? 0);
    keepLargest(largest, {
      coin: market.coin,
      symbol,
      side,
      usd: usd ?? 0,
      price: event.price ?? 0,
      timeMs: at,
    });
  }
  const sorted = new Map(
    [...bySymbol].map(([symbol, buckets]) => [
      symbol,
      [...buckets.values()].sort((a, b) => a.openTimeMs - b.openTimeMs),
    ]),
  );
  return {
    bySymbol: sorted,
    largest: largest.filter((l) => l.usd > 0),
    unmapped: [...unmapped.values()].sort((a, b) => (b.usd ?? -1) - (a.usd ?? -1)),
    unreadable,
  };
}
