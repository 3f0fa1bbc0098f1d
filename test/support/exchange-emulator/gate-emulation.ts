import type { EmulatedLiquidation, RouteRequest, VenueEmulation } from './emulator-types.ts';
import {
  assetOf,
  EMULATED_FUNDING_8H,
  EMULATED_OI_BASE,
  EMULATED_PRICES,
  emulatedBars,
  priceText,
} from './market-fixtures.ts';

// Payloads follow the Gate API v4 docs (GET /spot/currencies, /spot/currency_pairs,
// /margin/currency_pairs, /spot/candlesticks, /futures/{settle}/contracts[/{contract}],
// /futures/{settle}/candlesticks, /futures/{settle}/liq_orders). USDT perps are quoted in
// contracts: 0.0001 BTC, 0.01 ETH, 1 SOL (`quanto_multiplier`). Gate has no public
// liquidation websocket the collector uses, so the emulator serves no socket messages.
const QUANTO_MULTIPLIER: Record<string, number> = {
  BTC: 0.0001,
  ETH: 0.01,
  SOL: 1,
  DOGE: 10,
  XRP: 10,
  PEPE: 10_000_000,
};
const FUNDING_INTERVAL_S = 28_800;
const API = '/api/v4';

const seconds = (ms: number): number => Math.floor(ms / 1000);
const multiplierOf = (asset: string): number => QUANTO_MULTIPLIER[asset] ?? 1;

function currency(code: string): Record<string, unknown> {
  return {
    currency: code,
    name: code,
    delisted: false,
    withdraw_disabled: false,
    withdraw_delayed: false,
    deposit_disabled: false,
    trade_disabled: false,
    fixed_rate: '',
    chain: 'ETH',
    chains: [{ name: 'ETH', addr: '', withdraw_disabled: false, deposit_disabled: false }],
  };
}

function currencyPair(asset: string): Record<string, unknown> {
  return {
    id: `${asset}_USDT`,
    base: asset,
    base_name: asset,
    quote: 'USDT',
    quote_name: 'Tether',
    fee: '0.2',
    min_base_amount: '0.0001',
    min_quote_amount: '3',
    max_quote_amount: '5000000',
    amount_precision: 6,
    precision: 2,
    trade_status: 'tradable',
    sell_start: 1_516_320_000,
    buy_start: 1_516_320_000,
    type: 'normal',
  };
}

function marginPair(asset: string): Record<string, unknown> {
  return {
    id: `${asset}_USDT`,
    base: asset,
    quote: 'USDT',
    leverage: 10,
    min_base_amount: '0.0001',
    min_quote_amount: '1',
    max_quote_amount: '5000000',
    status: 1,
  };
}

function contract(asset: string, nowMs: number): Record<string, unknown> {
  const price = EMULATED_PRICES[asset] ?? 100;
  const mark = priceText(price * 1.0002);
  return {
    name: `${asset}_USDT`,
    type: 'direct',
    quanto_multiplier: String(multiplierOf(asset)),
    ref_discount_rate: '0',
    order_price_deviate: '0.5',
    maintenance_rate: '0.005',
    mark_type: 'index',
    last_price: mark,
    mark_price: mark,
    index_price: priceText(price),
    funding_rate_indicative: String(EMULATED_FUNDING_8H),
    mark_price_round: '0.01',
    funding_offset: 0,
    in_delisting: false,
    risk_limit_base: '1000000',
    interest_rate: '0.0003',
    order_price_round: '0.1',
    order_size_min: 1,
    ref_rebate_rate: '0.2',
    funding_interval: FUNDING_INTERVAL_S,
    risk_limit_step: '1000000',
    leverage_min: '1',
    leverage_max: '100',
    risk_limit_max: '8000000',
    maker_fee_rate: '-0.00025',
    taker_fee_rate: '0.00075',
    funding_rate: String(EMULATED_FUNDING_8H),
    order_size_max: 1_000_000,
    funding_next_apply: Math.ceil(seconds(nowMs) / FUNDING_INTERVAL_S) * FUNDING_INTERVAL_S,
    short_users: 977,
    config_change_time: 1_609_899_548,
    // Open interest in contracts: the base amount over the contract's multiplier.
    position_size: Math.round((EMULATED_OI_BASE[asset] ?? 0) / multiplierOf(asset)),
    long_users: 455,
    funding_impact_value: '60000',
    orders_limit: 50,
    trade_id: 10_851_092,
    orderbook_id: 2_129_638_396,
    status: 'trading',
    create_time: 1_569_398_400,
  };
}

function barsOf(asset: string, query: URLSearchParams, nowMs: number) {
  const fromMs = Number(query.get('from') ?? seconds(nowMs - 3_600_000)) * 1000;
  const toMs = Math.min(nowMs, Number(query.get('to') ?? seconds(nowMs)) * 1000);
  return emulatedBars(asset, fromMs, toMs, Number(query.get('limit') ?? 1000));
}

// Futures candles: objects, `v` in contracts, `sum` in quote currency, oldest first.
function futuresCandles(query: URLSearchParams, nowMs: number): unknown[] {
  const asset = assetOf(query.get('contract') ?? '');
  return barsOf(asset, query, nowMs).map((b) => ({
    t: seconds(b.openTimeMs),
    v: Math.round(b.volumeBase / multiplierOf(asset)),
    c: b.close.toFixed(2),
    h: b.high.toFixed(2),
    l: b.low.toFixed(2),
    o: b.open.toFixed(2),
    sum: (b.volumeBase * b.close).toFixed(2),
  }));
}

// Spot candles: [t (s), quote volume, close, high, low, open, base volume, closed], oldest first.
function spotCandles(query: URLSearchParams, nowMs: number): unknown[] {
  const asset = assetOf(query.get('currency_pair') ?? '');
  return barsOf(asset, query, nowMs).map((b) => [
    String(seconds(b.openTimeMs)),
    (b.volumeBase * b.close).toFixed(2),
    b.close.toFixed(2),
    b.high.toFixed(2),
    b.low.toFixed(2),
    b.open.toFixed(2),
    b.volumeBase.toFixed(6),
    String(b.openTimeMs + 300_000 <= nowMs),
  ]);
}

// Public liquidation history: `size` is the liquidated position in contracts, signed
// (positive = long), `order_size` the closing order (opposite sign); times in seconds. Without
// `contract` it lists every contract's, newest first, up to `limit`.
function liqOrders(query: URLSearchParams, events: readonly EmulatedLiquidation[]): unknown[] {
  const contract = query.get('contract');
  const asset = contract === null ? null : assetOf(contract);
  const fromS = Number(query.get('from') ?? 0);
  const toS = Number(query.get('to') ?? Number.MAX_SAFE_INTEGER);
  return events
    .filter(
      (e) =>
        (asset === null || e.asset === asset) &&
        seconds(e.timeMs) >= fromS &&
        seconds(e.timeMs) <= toS,
    )
    .sort((a, b) => b.timeMs - a.timeMs)
    .slice(0, Number(query.get('limit') ?? 100))
    .map((e) => {
      const contracts = Math.round(e.sizeBase / multiplierOf(e.asset));
      const size = e.positionSide === 'long' ? contracts : -contracts;
      return {
        time: seconds(e.timeMs),
        contract: `${e.asset}_USDT`,
        size,
        order_size: -size,
        order_price: String(e.price),
        fill_price: String(e.price),
        left: 0,
      };
    });
}

function route({ path, query, nowMs, liquidations, listed }: RouteRequest): unknown {
  const contractPath = /^\/api\/v4\/futures\/usdt\/contracts\/([A-Z0-9]+_USDT)$/.exec(path);
  if (contractPath !== null) {
    const asset = assetOf(contractPath[1] ?? '');
    // assetOf falls back to BTC; an unlisted contract is a 404 as on Gate.
    return contractPath[1] === `${asset}_USDT` ? contract(asset, nowMs) : undefined;
  }
  switch (path) {
    case `${API}/spot/currencies`:
      return ['USDT', ...listed].map(currency);
    case `${API}/spot/currency_pairs`:
      return listed.map(currencyPair);
    case `${API}/margin/currency_pairs`:
      return listed.map(marginPair);
    case `${API}/futures/usdt/contracts`:
      return listed.map((a) => contract(a, nowMs));
    case `${API}/futures/btc/contracts`:
      // ccxt also loads the BTC-settled (inverse) perps; Gate lists one, priced in USD.
      return [{ ...contract('BTC', nowMs), name: 'BTC_USD', quanto_multiplier: '0' }];
    case `${API}/futures/usdt/candlesticks`:
      return futuresCandles(query, nowMs);
    case `${API}/spot/candlesticks`:
      return spotCandles(query, nowMs);
    case `${API}/futures/usdt/liq_orders`:
      return liqOrders(query, liquidations);
    default:
      return undefined;
  }
}

/** Gate USDT perpetual futures + spot as documented (REST only). */
export const gateEmulation: VenueEmulation = {
  route,
  onSocketMessage: () => ({ replies: [], topics: [] }),
  liquidationMessages: () => [],
};
