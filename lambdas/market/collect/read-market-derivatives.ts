import * as z from 'zod';
import type { Exchange } from '../../../node_modules/ccxt/js/src/base/Exchange.js';
import type { CoinDerivatives, MarketDerivatives } from '../../model/index.ts';
import { coinOfBase, coinsPerLot } from '../../shared/coin-lots.ts';
import { bybitLinearTickers } from '../venues/bybit-linear-tickers.ts';
import type { VenueId } from '../venues/ccxt-exchange-loader.ts';
import { requireNumber, VenuePayloadError } from '../venues/payload-error.ts';
import { withRetry } from '../venues/retry-policy.ts';
import { implicitEndpoint } from '../venues/venue-capability.ts';
import type { VenueProfile } from '../venues/venue-profiles.ts';
import { describeVenueError } from './describe-venue-error.ts';

/** One perp's figures from a venue's bulk answers, as written, before they are checked. */
interface BulkRow {
  /** ccxt unified symbol. */
  symbol: string;
  /** What the venue's top N are ranked by: open interest or 24-hour volume, USD. */
  rankUsd: number;
  /** Open interest in USD, or `per-symbol` where the bulk answers carry none (Binance). */
  openInterestUsd: unknown;
  fundingRate: unknown;
  fundingIntervalHours: number;
  /** Per unit of the symbol's base (a lot for `1000PEPE`). */
  markPrice: unknown;
  indexPrice: unknown;
  /**
   * The venue's own name of the base where ccxt's unified code loses its lot prefix (Hyperliquid's
   * `kPEPE` becomes `KPEPE`); absent = the loaded market's base.
   */
  listedBase?: string;
}

interface BulkAnswer {
  ranking: MarketDerivatives['ranking'];
  rows: BulkRow[];
}

/** What {@link readMarketDerivatives} needs. */
export interface ReadMarketDerivativesInput {
  venue: VenueId;
  exchange: Exchange;
  /** The venue's profile: which perp of a coin counts (USDT-settled, USDC on Hyperliquid). */
  profile: VenueProfile;
  topN: number;
  /** Symbols with an instrument of their own this tick: they keep their full readings. */
  instrumentSymbols: readonly string[];
}

/** Funding beyond this per interval (10 %) is no venue's cap: the answer is wrong. */
const MAX_FUNDING_PER_INTERVAL = 0.1;
/** One coin's open interest on one venue beyond $1T is no market's. */
const MAX_OPEN_INTEREST_USD = 1e12;
/** A mark this far from its index (50 %) is a broken answer, not a dislocation. */
const MAX_MARK_FROM_INDEX = 0.5;

const looseRows = <T extends z.ZodRawShape>(shape: T) => z.array(z.object(shape));
const okxEnvelope = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ data: z.array(z.object(shape)) });

function parseOrThrow<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new VenuePayloadError(what, parsed.error.issues[0]?.message ?? 'bad shape');
  return parsed.data;
}

const asNumber = (value: unknown): number =>
  typeof value === 'number'
    ? value
    : typeof value === 'string' && value.trim() !== ''
      ? Number(value)
      : Number.NaN;

// A venue's value as a reader can quote it: `"abc"`, `NaN` (a product of missing fields), `none`.
const shown = (value: unknown): string =>
  typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? 'none');

async function ask(exchange: Exchange, endpoint: string, params: object): Promise<unknown> {
  const call = implicitEndpoint(exchange, endpoint);
  return withRetry(() => call(params));
}

// The symbol of a venue market id, when it is the coin's perp the profile reads (USDT-settled
// linear: not an inverse, quarterly or USDC-margined twin of it).
function perpOf(exchange: Exchange, profile: VenueProfile, id: string): string | undefined {
  const market = exchange.safeMarket(id, undefined, undefined, 'swap');
  const listed = exchange.markets?.[market.symbol];
  if (listed === undefined || typeof listed.base !== 'string') return undefined;
  return profile.perpSymbol(listed.base) === listed.symbol ? listed.symbol : undefined;
}

// Binance publishes mark, index and funding of every perp in one premiumIndex answer (weight 1)
// but open interest only per symbol, so its top N are ranked by 24-hour quote volume (weight 40)
// and their open interest read one by one (weight 1 each). fundingInfo lists the perps whose
// interval is not the default 8 hours.
async function binanceRows(exchange: Exchange, profile: VenueProfile): Promise<BulkAnswer> {
  const [premium, tickers, intervals] = await Promise.all([
    ask(exchange, 'fapiPublicGetPremiumIndex', {}),
    ask(exchange, 'fapiPublicGetTicker24hr', {}),
    ask(exchange, 'fapiPublicGetFundingInfo', {}),
  ]);
  const marks = parseOrThrow(
    looseRows({
      symbol: z.string(),
      markPrice: z.unknown(),
      indexPrice: z.unknown(),
      lastFundingRate: z.unknown(),
    }),
    premium,
    'binance premium index',
  );
  const volumes = new Map(
    parseOrThrow(
      looseRows({ symbol: z.string(), quoteVolume: z.unknown() }),
      tickers,
      'binance 24h tickers',
    ).map((t) => [t.symbol, asNumber(t.quoteVolume)]),
  );
  const hours = new Map(
    parseOrThrow(
      looseRows({ symbol: z.string(), fundingIntervalHours: z.unknown() }),
      intervals,
      'binance funding info',
    ).map((f) => [f.symbol, asNumber(f.fundingIntervalHours)]),
  );
  const rows = marks.flatMap((m): BulkRow[] => {
    const symbol = perpOf(exchange, profile, m.symbol);
    if (symbol === undefined) return [];
    const interval = hours.get(m.symbol);
    return [
      {
        symbol,
        rankUsd: volumes.get(m.symbol) ?? Number.NaN,
        openInterestUsd: 'per-symbol',
        fundingRate: m.lastFundingRate,
        fundingIntervalHours: interval !== undefined && interval > 0 ? interval : 8,
        markPrice: m.markPrice,
        indexPrice: m.indexPrice,
      },
    ];
  });
  return { ranking: 'volume-24h', rows };
}

// Bybit's linear tickers carry open interest in USD, mark, index and funding of every perp; the
// interval is the instrument's `fundingInterval` (minutes) from the loaded markets.
async function bybitRows(exchange: Exchange, profile: VenueProfile): Promise<BulkAnswer> {
  const rows = (await bybitLinearTickers(exchange)).flatMap((t): BulkRow[] => {
    const symbol = perpOf(exchange, profile, t.symbol);
    if (symbol === undefined) return [];
    const minutes = asNumber(
      (exchange.markets?.[symbol]?.info as Record<string, unknown> | undefined)?.fundingInterval,
    );
    return [
      {
        symbol,
        rankUsd: asNumber(t.openInterestValue),
        openInterestUsd: t.openInterestValue,
        fundingRate: t.fundingRate,
        fundingIntervalHours: minutes > 0 ? minutes / 60 : 8,
        markPrice: t.markPrice,
        indexPrice: t.indexPrice,
      },
    ];
  });
  return { ranking: 'open-interest', rows };
}

// OKX answers open interest (with `oiUsd`) and mark price for every SWAP by instType, funding for
// every swap with `instId=ANY`, and index prices by quote currency: four requests.
async function okxRows(exchange: Exchange, profile: VenueProfile): Promise<BulkAnswer> {
  const [oi, marks, funding, indices] = await Promise.all([
    ask(exchange, 'publicGetPublicOpenInterest', { instType: 'SWAP' }),
    ask(exchange, 'publicGetPublicMarkPrice', { instType: 'SWAP' }),
    ask(exchange, 'publicGetPublicFundingRate', { instId: 'ANY' }),
    ask(exchange, 'publicGetMarketIndexTickers', { quoteCcy: 'USDT' }),
  ]);
  const markOf = new Map(
    parseOrThrow(
      okxEnvelope({ instId: z.string(), markPx: z.unknown() }),
      marks,
      'okx mark prices',
    ).data.map((m) => [m.instId, m.markPx]),
  );
  const fundingOf = new Map(
    parseOrThrow(
      okxEnvelope({
        instId: z.string(),
        fundingRate: z.unknown(),
        fundingTime: z.unknown(),
        nextFundingTime: z.unknown(),
      }),
      funding,
      'okx funding rates',
    ).data.map((f) => [f.instId, f]),
  );
  const indexOf = new Map(
    parseOrThrow(
      okxEnvelope({ instId: z.string(), idxPx: z.unknown() }),
      indices,
      'okx index',
    ).data.map((i) => [i.instId, i.idxPx]),
  );
  const rows = parseOrThrow(
    okxEnvelope({ instId: z.string(), oiUsd: z.unknown() }),
    oi,
    'okx open interest',
  ).data.flatMap((o): BulkRow[] => {
    const symbol = perpOf(exchange, profile, o.instId);
    const market = symbol === undefined ? undefined : exchange.markets?.[symbol];
    if (symbol === undefined || market === undefined) return [];
    const f = fundingOf.get(o.instId);
    const intervalMs = asNumber(f?.nextFundingTime) - asNumber(f?.fundingTime);
    return [
      {
        symbol,
        rankUsd: asNumber(o.oiUsd),
        openInterestUsd: o.oiUsd,
        fundingRate: f?.fundingRate,
        fundingIntervalHours: intervalMs > 0 ? intervalMs / 3_600_000 : 8,
        markPrice: markOf.get(o.instId),
        indexPrice: indexOf.get(`${market.baseId}-${market.quoteId}`),
      },
    ];
  });
  return { ranking: 'open-interest', rows };
}

// Gate's contracts list carries every USDT perp's position size (contracts), multiplier, mark,
// index, funding and its interval (seconds): one request.
async function gateRows(exchange: Exchange, profile: VenueProfile): Promise<BulkAnswer> {
  const contracts = parseOrThrow(
    looseRows({
      name: z.string(),
      position_size: z.unknown(),
      quanto_multiplier: z.unknown(),
      mark_price: z.unknown(),
      index_price: z.unknown(),
      funding_rate: z.unknown(),
      funding_interval: z.unknown(),
    }),
    await ask(exchange, 'publicFuturesGetSettleContracts', { settle: 'usdt' }),
    'gate contracts',
  );
  const rows = contracts.flatMap((c): BulkRow[] => {
    const symbol = perpOf(exchange, profile, c.name);
    if (symbol === undefined) return [];
    const oiUsd =
      asNumber(c.position_size) * asNumber(c.quanto_multiplier) * asNumber(c.mark_price);
    const intervalS = asNumber(c.funding_interval);
    return [
      {
        symbol,
        rankUsd: oiUsd,
        openInterestUsd: oiUsd,
        fundingRate: c.funding_rate,
        fundingIntervalHours: intervalS > 0 ? intervalS / 3600 : 8,
        markPrice: c.mark_price,
        indexPrice: c.index_price,
      },
    ];
  });
  return { ranking: 'open-interest', rows };
}

// Hyperliquid's metaAndAssetCtxs lists every perp with open interest in coins, hourly funding,
// mark and oracle price, in the universe's order: one request.
async function hyperliquidRows(exchange: Exchange, profile: VenueProfile): Promise<BulkAnswer> {
  const [meta, contexts] = parseOrThrow(
    z.tuple([
      z.object({ universe: z.array(z.object({ name: z.string() })) }),
      z.array(
        z.object({
          openInterest: z.unknown(),
          funding: z.unknown(),
          markPx: z.unknown(),
          oraclePx: z.unknown(),
        }),
      ),
    ]),
    await ask(exchange, 'publicPostInfo', { type: 'metaAndAssetCtxs' }),
    'hyperliquid asset contexts',
  );
  const rows = meta.universe.flatMap(({ name }, i): BulkRow[] => {
    const ctx = contexts[i];
    const symbol = profile.perpSymbol(exchange.safeCurrencyCode(name) ?? name);
    if (ctx === undefined || exchange.markets?.[symbol] === undefined) return [];
    const oiUsd = asNumber(ctx.openInterest) * asNumber(ctx.markPx);
    return [
      {
        symbol,
        rankUsd: oiUsd,
        openInterestUsd: oiUsd,
        fundingRate: ctx.funding,
        fundingIntervalHours: 1,
        markPrice: ctx.markPx,
        indexPrice: ctx.oraclePx,
        listedBase: name,
      },
    ];
  });
  return { ranking: 'open-interest', rows };
}

const BULK_READERS: Record<VenueId, (e: Exchange, p: VenueProfile) => Promise<BulkAnswer>> = {
  binanceusdm: binanceRows,
  bybit: bybitRows,
  okx: okxRows,
  gate: gateRows,
  hyperliquid: hyperliquidRows,
};

// Binance's open interest, one perp at a time, in contracts of one base unit (or lot).
async function binanceOpenInterestUsd(
  exchange: Exchange,
  symbol: string,
  markPrice: unknown,
): Promise<number> {
  const raw = await ask(exchange, 'fapiPublicGetOpenInterest', {
    symbol: exchange.market(symbol).id,
  });
  const { openInterest } = parseOrThrow(
    z.object({ openInterest: z.unknown() }),
    raw,
    `${symbol} open interest`,
  );
  return requireNumber(openInterest, `${symbol} open interest`) * asNumber(markPrice);
}

/**
 * One row's figures checked: a coin whose answer is unusable or absurd is left out with a reason a
 * reader can follow, never stored as if it were true.
 */
export function checkCoinDerivatives(
  row: Omit<BulkRow, 'rankUsd' | 'openInterestUsd'> & { openInterestUsd: unknown; base: string },
): { ok: true; coin: CoinDerivatives } | { ok: false; reason: string } {
  const mark = asNumber(row.markPrice);
  const index = asNumber(row.indexPrice);
  const rate = asNumber(row.fundingRate);
  const oiUsd = asNumber(row.openInterestUsd);
  if (!(mark > 0 && Number.isFinite(mark)))
    return {
      ok: false,
      reason: `no usable mark price (${shown(row.markPrice)})`,
    };
  if (!Number.isFinite(rate))
    return {
      ok: false,
      reason: `no usable funding rate (${shown(row.fundingRate)})`,
    };
  if (Math.abs(rate) > MAX_FUNDING_PER_INTERVAL)
    return {
      ok: false,
      reason: `funding of ${(rate * 100).toFixed(2)} % per ${row.fundingIntervalHours} h is implausible`,
    };
  if (!(oiUsd >= 0 && Number.isFinite(oiUsd)))
    return {
      ok: false,
      reason: `no usable open interest (${shown(row.openInterestUsd)})`,
    };
  if (oiUsd > MAX_OPEN_INTEREST_USD)
    return { ok: false, reason: `open interest of $${oiUsd.toExponential(2)} is implausible` };
  const hasIndex = index > 0 && Number.isFinite(index);
  if (hasIndex && Math.abs(mark / index - 1) > MAX_MARK_FROM_INDEX)
    return {
      ok: false,
      reason: `mark price ${mark} is ${Math.round(Math.abs(mark / index - 1) * 100)} % from the index ${index}`,
    };
  const perLot = coinsPerLot(row.base);
  return {
    ok: true,
    coin: {
      coin: coinOfBase(row.base),
      symbol: row.symbol,
      openInterestUsd: oiUsd,
      fundingRate: rate,
      fundingIntervalHours: row.fundingIntervalHours,
      markPrice: mark / perLot,
      indexPrice: hasIndex ? index / perLot : null,
    },
  };
}

/**
 * Open interest, funding and mark of the venue's top N coins, from its bulk answers (DESIGN.md §4
 * "The whole market"): ranked by open interest in USD, or where the venue publishes none in bulk
 * (Binance) by 24-hour volume. The instruments' coins among them are left to their own readings;
 * a coin whose answer is unusable or absurd is left out and named. Throws when a bulk answer
 * cannot be read at all (the caller marks the venue partial and keeps its instruments).
 * @example (await readMarketDerivatives({ venue: 'gate', exchange, profile, topN: 30, instrumentSymbols: ['BTC/USDT:USDT'] })).coins[0] // { coin: 'DOGE', openInterestUsd: 1e9, … }
 */
export async function readMarketDerivatives(
  input: ReadMarketDerivativesInput,
): Promise<MarketDerivatives> {
  const { exchange } = input;
  const { ranking, rows } = await BULK_READERS[input.venue](exchange, input.profile);
  const skip = new Set(input.instrumentSymbols);
  const seen = new Set<string>();
  const top = rows
    .filter((r) => Number.isFinite(r.rankUsd) && r.rankUsd > 0)
    .sort((a, b) => b.rankUsd - a.rankUsd)
    .filter((r) => !seen.has(r.symbol) && seen.add(r.symbol))
    .slice(0, input.topN)
    .filter((r) => !skip.has(r.symbol));
  const checked = await Promise.all(
    top.map(async (row) => {
      const base = row.listedBase ?? String(exchange.markets?.[row.symbol]?.base ?? '');
      if (row.openInterestUsd !== 'per-symbol')
        return { row, result: checkCoinDerivatives({ ...row, base }) };
      try {
        const openInterestUsd = await binanceOpenInterestUsd(exchange, row.symbol, row.markPrice);
        return { row, result: checkCoinDerivatives({ ...row, base, openInterestUsd }) };
      } catch (error) {
        return {
          row,
          result: { ok: false as const, reason: `open interest: ${describeVenueError(error)}` },
        };
      }
    }),
  );
  return {
    ranking,
    topN: input.topN,
    coins: checked
      .flatMap(({ result }) => (result.ok ? [result.coin] : []))
      .sort((a, b) => b.openInterestUsd - a.openInterestUsd),
    excluded: checked
      .flatMap(({ row, result }) =>
        result.ok ? [] : [{ symbol: row.symbol, reason: result.reason }],
      )
      .sort((a, b) => a.symbol.localeCompare(b.symbol)),
  };
}
