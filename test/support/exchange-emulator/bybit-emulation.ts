import type { EmulatedLiquidation, RouteRequest, VenueEmulation } from './emulator-types.ts';
import {
  assetOf,
  EMULATED_FUNDING_8H,
  EMULATED_OI_BASE,
  EMULATED_PRICES,
  emulatedBars,
  lotBaseOf,
  lotOf,
  priceText,
} from './market-fixtures.ts';

// Payloads follow the Bybit V5 docs (GET /v5/market/instruments-info, /v5/market/tickers,
// /v5/market/open-interest, /v5/market/kline) and the public `allLiquidation.<symbol>` topic.
// A coin listed in lots (PEPE) is `1000PEPEUSDT` on linear, quantities in lots, prices per lot.

const linearIdOf = (coin: string): string => `${lotBaseOf(coin)}USDT`;

const envelope = (result: unknown, nowMs: number) => ({
  retCode: 0,
  retMsg: 'OK',
  result,
  retExtInfo: {},
  time: nowMs,
});

function instrument(category: string, asset: string): Record<string, unknown> {
  if (category === 'spot') {
    return {
      symbol: `${asset}USDT`,
      baseCoin: asset,
      quoteCoin: 'USDT',
      innovation: '0',
      status: 'Trading',
      marginTrading: 'both',
      lotSizeFilter: {
        basePrecision: '0.000001',
        quotePrecision: '0.00000001',
        minOrderQty: '0.000048',
        maxOrderQty: '71.73956243',
        minOrderAmt: '1',
        maxOrderAmt: '2000000',
      },
      priceFilter: { tickSize: '0.01' },
    };
  }
  return {
    symbol: linearIdOf(asset),
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: lotBaseOf(asset),
    quoteCoin: 'USDT',
    launchTime: '1585526400000',
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: '2',
    leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
    priceFilter: { minPrice: '0.10', maxPrice: '1999999.80', tickSize: '0.10' },
    lotSizeFilter: {
      maxOrderQty: '1190.000',
      minOrderQty: '0.001',
      qtyStep: '0.001',
      postOnlyMaxOrderQty: '1190.000',
      maxMktOrderQty: '500.000',
      minNotionalValue: '5',
    },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: 'USDT',
    copyTrading: 'both',
    upperFundingRate: '0.00375',
    lowerFundingRate: '-0.00375',
    isPreListing: false,
  };
}

function ticker(asset: string, nowMs: number): Record<string, unknown> {
  const price = (EMULATED_PRICES[asset] ?? 100) * lotOf(asset);
  const oi = (EMULATED_OI_BASE[asset] ?? 0) / lotOf(asset);
  return {
    symbol: linearIdOf(asset),
    lastPrice: priceText(price),
    indexPrice: priceText(price),
    markPrice: priceText(price * 1.0002),
    prevPrice24h: priceText(price),
    price24hPcnt: '0',
    highPrice24h: priceText(price * 1.01),
    lowPrice24h: priceText(price * 0.99),
    prevPrice1h: priceText(price),
    openInterest: String(oi),
    openInterestValue: (oi * price).toFixed(2),
    turnover24h: '1000000000',
    volume24h: '10000',
    fundingRate: String(EMULATED_FUNDING_8H),
    nextFundingTime: String(Math.ceil(nowMs / 28_800_000) * 28_800_000),
    predictedDeliveryPrice: '',
    basisRate: '',
    deliveryFeeRate: '',
    deliveryTime: '0',
    ask1Size: '1',
    bid1Price: priceText(price),
    ask1Price: priceText(price * 1.0001),
    bid1Size: '1',
    basis: '',
  };
}

function route({ path, query, nowMs, listed }: RouteRequest): unknown {
  const category = query.get('category') ?? 'linear';
  const symbol = query.get('symbol');
  const assets = symbol ? [assetOf(symbol)] : listed;
  switch (path) {
    case '/v5/market/instruments-info':
      return envelope(
        { category, list: assets.map((a) => instrument(category, a)), nextPageCursor: '' },
        nowMs,
      );
    case '/v5/market/tickers':
      return envelope({ category, list: assets.map((a) => ticker(a, nowMs)) }, nowMs);
    case '/v5/market/open-interest':
      return envelope(
        {
          symbol,
          category,
          list: [
            {
              openInterest: String(EMULATED_OI_BASE[assets[0] ?? 'BTC']),
              timestamp: String(nowMs),
            },
          ],
          nextPageCursor: '',
        },
        nowMs,
      );
    case '/v5/market/kline': {
      const from = Number(query.get('start') ?? nowMs - 3_600_000);
      const bars = emulatedBars(assets[0] ?? 'BTC', from, nowMs, Number(query.get('limit') ?? 200));
      // Bybit lists candles newest first: [start, open, high, low, close, volume, turnover].
      const list = bars
        .reverse()
        .map((b) => [
          String(b.openTimeMs),
          b.open.toFixed(2),
          b.high.toFixed(2),
          b.low.toFixed(2),
          b.close.toFixed(2),
          b.volumeBase.toFixed(3),
          (b.volumeBase * b.close).toFixed(2),
        ]);
      return envelope({ symbol, category, list }, nowMs);
    }
    default:
      return undefined;
  }
}

function onSocketMessage(text: string): { replies: string[]; topics: string[] } {
  const message = JSON.parse(text) as { op?: string; args?: string[]; req_id?: string };
  if (message.op === 'ping')
    return {
      replies: [
        JSON.stringify({ success: true, ret_msg: 'pong', conn_id: 'emulator', op: 'ping' }),
      ],
      topics: [],
    };
  if (message.op !== 'subscribe') return { replies: [], topics: [] };
  const ack = {
    success: true,
    ret_msg: '',
    conn_id: 'emulator',
    req_id: message.req_id,
    op: 'subscribe',
  };
  return { replies: [JSON.stringify(ack)], topics: message.args ?? [] };
}

function liquidationMessages(events: EmulatedLiquidation[], topics: ReadonlySet<string>): string[] {
  return events
    .filter((e) => topics.has(`allLiquidation.${linearIdOf(e.asset)}`))
    .map((e) =>
      JSON.stringify({
        topic: `allLiquidation.${linearIdOf(e.asset)}`,
        type: 'snapshot',
        ts: e.timeMs,
        // Bybit's S is the side of the liquidated position.
        data: [
          {
            T: e.timeMs,
            s: linearIdOf(e.asset),
            S: e.positionSide === 'long' ? 'Buy' : 'Sell',
            v: String(e.sizeBase / lotOf(e.asset)),
            p: String(e.price * lotOf(e.asset)),
          },
        ],
      }),
    );
}

/** Bybit V5 linear + spot as documented. */
export const bybitEmulation: VenueEmulation = { route, onSocketMessage, liquidationMessages };
