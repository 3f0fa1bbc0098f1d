import type { EmulatedLiquidation, RouteRequest, VenueEmulation } from './emulator-types.ts';
import {
  assetOf,
  EMULATED_FUNDING_8H,
  EMULATED_OI_BASE,
  EMULATED_PRICES,
  emulatedBars,
  lotBaseOf,
  lotOf,
} from './market-fixtures.ts';

// Payloads follow the Binance USDⓈ-M Futures and Spot REST docs
// (GET /fapi/v1/exchangeInfo, /fapi/v1/openInterest, /fapi/v1/premiumIndex, /fapi/v1/ticker/24hr,
// /fapi/v1/fundingInfo, /fapi/v1/klines, /api/v3/klines)
// and the `<symbol>@forceOrder` and all-market `!forceOrder@arr` liquidation streams. A coin
// listed in lots (PEPE) is `1000PEPEUSDT`, quantities in lots and prices per lot.

const marketIdOf = (coin: string): string => `${lotBaseOf(coin)}USDT`;

function symbolInfo(asset: string): Record<string, unknown> {
  return {
    symbol: marketIdOf(asset),
    pair: marketIdOf(asset),
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: 1569398400000,
    status: 'TRADING',
    maintMarginPercent: '2.5000',
    requiredMarginPercent: '5.0000',
    baseAsset: lotBaseOf(asset),
    quoteAsset: 'USDT',
    marginAsset: 'USDT',
    pricePrecision: 2,
    quantityPrecision: 3,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    underlyingSubType: [],
    settlePlan: 0,
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.10', maxPrice: '4529764', tickSize: '0.10' },
      { filterType: 'LOT_SIZE', stepSize: '0.001', maxQty: '1000', minQty: '0.001' },
      { filterType: 'MARKET_LOT_SIZE', stepSize: '0.001', maxQty: '120', minQty: '0.001' },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MIN_NOTIONAL', notional: '100' },
    ],
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
  };
}

function klines(q: URLSearchParams, nowMs: number): unknown[] {
  const asset = assetOf(q.get('symbol') ?? '');
  const from = Number(q.get('startTime') ?? nowMs - 3_600_000);
  return emulatedBars(asset, from, nowMs, Number(q.get('limit') ?? 500)).map((b) => [
    b.openTimeMs,
    b.open.toFixed(2),
    b.high.toFixed(2),
    b.low.toFixed(2),
    b.close.toFixed(2),
    b.volumeBase.toFixed(3),
    b.openTimeMs + 299_999,
    (b.volumeBase * b.close).toFixed(2),
    1000,
    b.takerBuyBase.toFixed(3),
    (b.takerBuyBase * b.close).toFixed(2),
    '0',
  ]);
}

// Per lot where the coin trades in lots, as Binance quotes it.
function premiumIndex(asset: string, nowMs: number): Record<string, unknown> {
  const price = (EMULATED_PRICES[asset] ?? 100) * lotOf(asset);
  return {
    symbol: marketIdOf(asset),
    markPrice: (price * 1.0002).toPrecision(8),
    indexPrice: price.toPrecision(8),
    estimatedSettlePrice: price.toPrecision(8),
    lastFundingRate: String(fundingOf(asset)),
    interestRate: '0.00010000',
    nextFundingTime: Math.ceil(nowMs / 28_800_000) * 28_800_000,
    time: nowMs,
  };
}

// 24-hour volume falls with open interest, so Binance's volume ranking matches the others'.
function ticker24hr(asset: string, nowMs: number): Record<string, unknown> {
  const price = (EMULATED_PRICES[asset] ?? 100) * lotOf(asset);
  const quoteVolume = ((EMULATED_OI_BASE[asset] ?? 0) / lotOf(asset)) * price * 2;
  return {
    symbol: marketIdOf(asset),
    priceChange: '0',
    priceChangePercent: '0',
    weightedAvgPrice: price.toPrecision(8),
    lastPrice: price.toPrecision(8),
    lastQty: '1',
    openPrice: price.toPrecision(8),
    highPrice: (price * 1.01).toPrecision(8),
    lowPrice: (price * 0.99).toPrecision(8),
    volume: String(quoteVolume / price),
    quoteVolume: quoteVolume.toFixed(2),
    openTime: nowMs - 86_400_000,
    closeTime: nowMs,
    firstId: 1,
    lastId: 1000,
    count: 1000,
  };
}

/** Coins whose perp funds every 4 hours on the emulated Binance (the rest every 8). */
const FOUR_HOUR_FUNDING: readonly string[] = ['PEPE'];
const fundingOf = (asset: string): number =>
  FOUR_HOUR_FUNDING.includes(asset) ? EMULATED_FUNDING_8H / 2 : EMULATED_FUNDING_8H;

function route({ path, query, nowMs, listed }: RouteRequest): unknown {
  const symbol = query.get('symbol');
  const asset = assetOf(symbol ?? '');
  switch (path) {
    case '/fapi/v1/exchangeInfo':
      return {
        timezone: 'UTC',
        serverTime: nowMs,
        rateLimits: [],
        exchangeFilters: [],
        assets: [],
        symbols: listed.map(symbolInfo),
      };
    case '/fapi/v1/openInterest':
      return {
        openInterest: String((EMULATED_OI_BASE[asset] ?? 0) / lotOf(asset)),
        symbol: marketIdOf(asset),
        time: nowMs,
      };
    case '/fapi/v1/premiumIndex':
      // Without a symbol, every perp (weight 1 either way).
      return symbol ? premiumIndex(asset, nowMs) : listed.map((a) => premiumIndex(a, nowMs));
    case '/fapi/v1/ticker/24hr':
      return symbol ? ticker24hr(asset, nowMs) : listed.map((a) => ticker24hr(a, nowMs));
    case '/fapi/v1/fundingInfo':
      // Only the perps whose funding differs from the default 8 hours.
      return listed
        .filter((a) => FOUR_HOUR_FUNDING.includes(a))
        .map((a) => ({
          symbol: marketIdOf(a),
          adjustedFundingRateCap: '0.02000000',
          adjustedFundingRateFloor: '-0.02000000',
          fundingIntervalHours: 4,
          disclaimer: false,
        }));
    case '/fapi/v1/klines':
    case '/api/v3/klines':
      return klines(query, nowMs);
    default:
      return undefined;
  }
}

function onSocketMessage(text: string): { replies: string[]; topics: string[] } {
  const message = JSON.parse(text) as { method?: string; params?: string[]; id?: number };
  if (message.method !== 'SUBSCRIBE') return { replies: [], topics: [] };
  return {
    replies: [JSON.stringify({ result: null, id: message.id })],
    topics: message.params ?? [],
  };
}

function liquidationMessages(events: EmulatedLiquidation[], topics: ReadonlySet<string>): string[] {
  return events
    .filter(
      (e) =>
        topics.has(`${marketIdOf(e.asset).toLowerCase()}@forceOrder`) ||
        topics.has('!forceOrder@arr'),
    )
    .map((e) => {
      const quantity = String(e.sizeBase / lotOf(e.asset));
      const price = String(e.price * lotOf(e.asset));
      return JSON.stringify({
        e: 'forceOrder',
        E: e.timeMs,
        o: {
          s: marketIdOf(e.asset),
          S: e.positionSide === 'long' ? 'SELL' : 'BUY',
          o: 'LIMIT',
          f: 'IOC',
          q: quantity,
          p: price,
          ap: price,
          X: 'FILLED',
          l: quantity,
          z: quantity,
          T: e.timeMs,
        },
      });
    });
}

/** Binance USDⓈ-M futures (+ spot klines) as documented. */
export const binanceEmulation: VenueEmulation = { route, onSocketMessage, liquidationMessages };
