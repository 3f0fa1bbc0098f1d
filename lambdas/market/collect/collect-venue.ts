import type { Exchange } from '../../../node_modules/ccxt/js/src/base/Exchange.js';
import {
  type InstrumentSnapshot,
  type LiquidationBucket,
  type MarketDerivatives,
  type MarketLiquidations,
  sumLiquidationBuckets,
  type VenueSnapshot,
} from '../../model/index.ts';
import { isSupportedVenue, type VenueId } from '../venues/ccxt-exchange-loader.ts';
import { createVenueExchange, type VenueConnection } from '../venues/create-venue-exchange.ts';
import { MARKETS_MAX_AGE_MS, type MarketsCache } from '../venues/markets-cache.ts';
import { withSymbolOverrides } from '../venues/symbol-overrides.ts';
import { VENUE_PROFILES, type VenueProfile } from '../venues/venue-profiles.ts';
import { checkInstrument } from './check-instrument.ts';
import { describeVenueError } from './describe-venue-error.ts';
import { readInstrument } from './read-instrument.ts';
import { readMarketDerivatives } from './read-market-derivatives.ts';
import {
  type MarketScope,
  readVenueLiquidations,
  type TimeWindow,
  type VenueLiquidations,
} from './read-venue-liquidations.ts';

/** What one venue's collection needs. */
export interface CollectVenueInput {
  connection: Omit<VenueConnection, 'id'> & { id: string };
  assets: string[];
  /** Bars are read for `[barsFromMs, nowMs)`. */
  barsFromMs: number;
  barMinutes: number;
  /** The tick's liquidation counting window (listening runs until its end). */
  window: TimeWindow;
  marketsCache: MarketsCache;
  /** Listen to the whole market's liquidations too; absent = the instruments' only. */
  market?: MarketScope | undefined;
  now(): number;
}

// Perps only: spot pairs are optional (a venue without one has no spot bars), so a missing
// spot pair must not force a markets reload at every tick.
function perpSymbols(profile: VenueProfile, assets: readonly string[]): string[] {
  return assets.map((asset) => profile.perpSymbol(asset));
}

function failed(venue: string, error: string): VenueSnapshot {
  return { venue, status: 'failed', error, liquidationFeed: 'none', instruments: [] };
}

async function readInstruments(
  id: VenueId,
  exchange: Exchange,
  profile: VenueProfile,
  input: CollectVenueInput,
  startMs: number,
): Promise<{ instruments: Omit<InstrumentSnapshot, 'liquidations'>[]; errors: string[] }> {
  const results = await Promise.allSettled(
    input.assets.map((asset) =>
      readInstrument({
        venue: id,
        exchange,
        profile,
        asset,
        range: { fromMs: input.barsFromMs, toMs: startMs, barMinutes: input.barMinutes },
      }),
    ),
  );
  const instruments = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const errors = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`${input.assets[i] ?? '?'}: ${describeVenueError(r.reason)}`] : [],
  );
  return { instruments, errors };
}

// The liquidations of every symbol that is not a stored instrument, grouped by coin (an
// instrument keeps its own, so nothing is counted twice). An instrument whose REST read failed
// is not stored, so its liquidations count here: the feed still saw them.
function marketPart(
  liquidations: VenueLiquidations,
  storedSymbols: ReadonlySet<string>,
): MarketLiquidations | undefined {
  if (liquidations.scope === null || liquidations.error !== null) return undefined;
  const byCoin = new Map<string, MarketLiquidations['coins'][number]>();
  for (const [symbol, buckets] of liquidations.bySymbol) {
    if (storedSymbols.has(symbol)) continue;
    const coin = liquidations.coinOf.get(symbol) ?? symbol;
    const entry = byCoin.get(coin) ?? { coin, symbols: [], liquidations: [] };
    entry.symbols.push(symbol);
    entry.liquidations = mergeBuckets(entry.liquidations, buckets);
    byCoin.set(coin, entry);
  }
  return {
    scope: liquidations.scope,
    coins: [...byCoin.values()].sort((a, b) => a.coin.localeCompare(b.coin)),
    largest: liquidations.largest,
    unmapped: liquidations.unmapped,
    capped: liquidations.capped,
  };
}

function mergeBuckets(
  a: readonly LiquidationBucket[],
  b: readonly LiquidationBucket[],
): LiquidationBucket[] {
  const byBar = new Map<number, LiquidationBucket>();
  for (const bucket of [...a, ...b]) {
    const seen = byBar.get(bucket.openTimeMs);
    byBar.set(bucket.openTimeMs, seen === undefined ? bucket : sumLiquidationBuckets(seen, bucket));
  }
  return [...byBar.values()].sort((x, y) => x.openTimeMs - y.openTimeMs);
}

/** The market's bulk open interest and funding, or why it could not be read. */
type DerivativesRead = { derivatives: MarketDerivatives | null; error: string | null };

// The bulk reads beyond the instruments: one that fails costs the tick the market's leverage
// figures, never the instruments' own readings.
async function readMarketPart(
  id: VenueId,
  exchange: Exchange,
  profile: VenueProfile,
  input: CollectVenueInput,
): Promise<DerivativesRead> {
  if (input.market === undefined) return { derivatives: null, error: null };
  try {
    const derivatives = await readMarketDerivatives({
      venue: id,
      exchange,
      profile,
      topN: input.market.topN,
      instrumentSymbols: perpSymbols(profile, input.assets),
    });
    return { derivatives, error: null };
  } catch (error) {
    return { derivatives: null, error: `open interest and funding: ${describeVenueError(error)}` };
  }
}

function assemble(
  venue: string,
  instruments: Omit<InstrumentSnapshot, 'liquidations'>[],
  liquidations: VenueLiquidations,
  errors: string[],
  market: DerivativesRead,
): VenueSnapshot {
  // Each instrument is checked on its own: one that cannot be stored fails itself, not the venue.
  const checked = instruments.map((i) => ({
    symbol: i.symbol,
    asset: i.asset,
    result: checkInstrument({ ...i, liquidations: liquidations.bySymbol.get(i.symbol) ?? [] }),
  }));
  const complete = checked.flatMap(({ result }) => (result.ok ? [result.instrument] : []));
  const refusedInstruments = checked.flatMap(({ symbol, asset, result }) =>
    result.ok ? [] : [{ symbol, asset, reason: result.readerReason }],
  );
  const refused = checked.flatMap(({ asset, result }) =>
    result.ok ? [] : [`${asset}: ${result.reason}`],
  );
  const allErrors = [
    ...errors,
    ...refused,
    ...(liquidations.error ? [`liquidations: ${liquidations.error}`] : []),
    ...(liquidations.marketError ? [`market: ${liquidations.marketError}`] : []),
    ...(market.error ? [`market: ${market.error}`] : []),
  ];
  const named = refusedInstruments.length > 0 ? { refusedInstruments } : {};
  if (complete.length === 0)
    return { ...failed(venue, allErrors.join('; ') || 'no instrument could be read'), ...named };
  const gaps = liquidations.error ? [] : liquidations.gaps;
  const beyond = marketPart(
    liquidations,
    new Set([...complete, ...refusedInstruments].map((i) => i.symbol)),
  );
  return {
    venue,
    status: allErrors.length === 0 ? 'ok' : 'partial',
    ...(allErrors.length > 0 ? { error: allErrors.join('; ') } : {}),
    liquidationFeed: liquidations.error ? 'none' : liquidations.feed,
    ...(gaps.length > 0
      ? {
          liquidationGaps: gaps.map((g) => ({
            from: new Date(g.fromMs).toISOString(),
            to: new Date(g.toMs).toISOString(),
          })),
        }
      : {}),
    ...named,
    instruments: complete,
    ...(beyond === undefined ? {} : { marketLiquidations: beyond }),
    ...(market.derivatives === null ? {} : { marketDerivatives: market.derivatives }),
  };
}

/**
 * Collects one venue for one tick: REST reads of every asset while the liquidation
 * feed is listened to for the window. Never throws: whatever goes wrong becomes the
 * venue's `failed`/`partial` status with a reason.
 */
export async function collectVenue(input: CollectVenueInput): Promise<VenueSnapshot> {
  const { id } = input.connection;
  if (!isSupportedVenue(id)) return failed(id, `venue "${id}" is not supported by the collector`);
  const profile = withSymbolOverrides(VENUE_PROFILES[id], input.connection.symbols);
  let exchange: Exchange;
  try {
    exchange = await createVenueExchange(
      { ...input.connection, id },
      {
        cache: input.marketsCache,
        nowMs: input.now(),
        maxAgeMs: MARKETS_MAX_AGE_MS,
        requiredSymbols: perpSymbols(profile, input.assets),
      },
    );
  } catch (error) {
    return failed(id, `loading markets: ${describeVenueError(error)}`);
  }
  try {
    const startMs = input.now();
    const listening = readVenueLiquidations({
      venue: id,
      profile,
      exchange,
      assets: input.assets,
      window: input.window,
      barMinutes: input.barMinutes,
      market: input.market,
      now: input.now,
    });
    const derivatives = readMarketPart(id, exchange, profile, input);
    const { instruments, errors } = await readInstruments(id, exchange, profile, input, startMs);
    return assemble(id, instruments, await listening, errors, await derivatives);
  } catch (error) {
    return failed(id, describeVenueError(error));
  } finally {
    await exchange.close().catch(() => undefined);
  }
}
