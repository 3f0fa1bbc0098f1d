import type { LiquidationBucket } from '../../model/index.ts';
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

/** Options of {@link bucketLiquidations}. */
export interface BucketOptions {
  venue: VenueId;
  fromMs: number;
  toMs: number;
  barMinutes: number;
  /** Contract size per symbol from the loaded markets (ccxt leaves it out of some events). */
  contractSizeOf(symbol: string): number | undefined;
}

/** Buckets per symbol, plus how many events could not be used (no side, price or size). */
export interface BucketedLiquidations {
  bySymbol: Map<string, LiquidationBucket[]>;
  unreadable: number;
}

function notionalUsd(event: RawLiquidation, contractSize: number | undefined): number | null {
  const value =
    (event.contracts ?? Number.NaN) * (contractSize ?? Number.NaN) * (event.price ?? Number.NaN);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * Aggregates liquidation events into per-bar buckets by *position* side. Notional is
 * contracts × contract size × price, computed here because ccxt leaves `quoteValue`
 * undefined on the websocket feeds. Events outside `[fromMs, toMs)` are ignored
 * (overlapping ticks would otherwise count them twice).
 */
export function bucketLiquidations(
  events: Iterable<RawLiquidation>,
  options: BucketOptions,
): BucketedLiquidations {
  const barMs = options.barMinutes * 60_000;
  const bySymbol = new Map<string, Map<number, LiquidationBucket>>();
  let unreadable = 0;
  for (const event of events) {
    const at = event.timestamp;
    if (at === undefined || at < options.fromMs || at >= options.toMs) continue;
    const symbol = event.symbol ?? '';
    const side = positionSideOf(options.venue, event);
    const usd = notionalUsd(event, event.contractSize ?? options.contractSizeOf(symbol));
    if (side === null || usd === null || symbol === '') {
      unreadable += 1;
      continue;
    }
    const openTimeMs = Math.floor(at / barMs) * barMs;
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
  const sorted = new Map(
    [...bySymbol].map(([symbol, buckets]) => [
      symbol,
      [...buckets.values()].sort((a, b) => a.openTimeMs - b.openTimeMs),
    ]),
  );
  return { bySymbol: sorted, unreadable };
}
