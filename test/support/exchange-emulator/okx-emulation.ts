import type { EmulatedLiquidation, RouteRequest, VenueEmulation } from './emulator-types.ts';
import {
  assetOf,
  EMULATED_FUNDING_8H,
  EMULATED_OI_BASE,
  EMULATED_PRICES,
  emulatedBars,
  priceText,
} from './market-fixtures.ts';

// Payloads follow the OKX V5 docs (GET /api/v5/public/instruments, /public/open-interest,
// /public/funding-rate, /public/mark-price, /market/index-tickers, /market/candles; per instrument
// and in bulk) and the
// public `liquidation-orders` channel, which carries every SWAP. Swap contracts are 0.01 BTC /
// 0.1 ETH / 1 SOL (1,000 DOGE, 100 XRP, 10M PEPE); the inverse BTC-USD-SWAP's are $100 each.
const CONTRACT_VALUE: Record<string, number> = {
  BTC: 0.01,
  ETH: 0.1,
  SOL: 1,
  DOGE: 1000,
  XRP: 100,
  PEPE: 10_000_000,
};
const INVERSE_CONTRACT_USD = 100;
const envelope = (data: unknown[]) => ({ code: '0', msg: '', data });

function instrument(instType: string, asset: string): Record<string, unknown> {
  const swap = instType === 'SWAP';
  return {
    instType,
    instId: swap ? `${asset}-USDT-SWAP` : `${asset}-USDT`,
    uly: swap ? `${asset}-USDT` : '',
    instFamily: swap ? `${asset}-USDT` : '',
    baseCcy: swap ? '' : asset,
    quoteCcy: swap ? '' : 'USDT',
    settleCcy: swap ? 'USDT' : '',
    ctValCcy: swap ? asset : '',
    ctVal: swap ? String(CONTRACT_VALUE[asset]) : '',
    ctMult: swap ? '1' : '',
    ctType: swap ? 'linear' : '',
    listTime: '1606468572000',
    expTime: '',
    lever: swap ? '100' : '10',
    tickSz: '0.1',
    lotSz: swap ? '0.01' : '0.00000001',
    minSz: swap ? '0.01' : '0.00001',
    maxLmtSz: '100000000',
    maxMktSz: '10000',
    state: 'live',
    alias: '',
    optType: '',
    stk: '',
    category: '1',
    ruleType: 'normal',
  };
}

// OKX's coin-margined BTC perp: contracts worth $100, settled in BTC.
function inverseInstrument(): Record<string, unknown> {
  return {
    ...instrument('SWAP', 'BTC'),
    instId: 'BTC-USD-SWAP',
    uly: 'BTC-USD',
    instFamily: 'BTC-USD',
    settleCcy: 'BTC',
    ctValCcy: 'USD',
    ctVal: String(INVERSE_CONTRACT_USD),
    ctType: 'inverse',
  };
}

function routeInstrument(path: string, asset: string, nowMs: number): unknown {
  const price = EMULATED_PRICES[asset] ?? 100;
  const instId = `${asset}-USDT-SWAP`;
  const ts = String(nowMs);
  const oiBase = EMULATED_OI_BASE[asset] ?? 0;
  switch (path) {
    case '/api/v5/public/open-interest':
      return envelope([
        {
          instType: 'SWAP',
          instId,
          oi: String(oiBase / (CONTRACT_VALUE[asset] ?? 1)),
          oiCcy: String(oiBase),
          oiUsd: String(oiBase * price),
          ts,
        },
      ]);
    case '/api/v5/public/funding-rate': {
      const fundingTime = Math.ceil(nowMs / 28_800_000) * 28_800_000;
      return envelope([
        {
          instType: 'SWAP',
          instId,
          fundingRate: String(EMULATED_FUNDING_8H),
          nextFundingRate: '',
          fundingTime: String(fundingTime),
          nextFundingTime: String(fundingTime + 28_800_000),
          minFundingRate: '-0.0075',
          maxFundingRate: '0.0075',
          method: 'current_period',
          premium: '0.0001',
          settFundingRate: '0.0001',
          settState: 'settled',
          impactValue: '20000',
          interestRate: '0.0001',
          formulaType: 'noRate',
          ts,
        },
      ]);
    }
    case '/api/v5/public/mark-price':
      return envelope([{ instType: 'SWAP', instId, markPx: priceText(price * 1.0002), ts }]);
    case '/api/v5/market/index-tickers':
      return envelope([
        {
          instId: `${asset}-USDT`,
          idxPx: priceText(price),
          high24h: priceText(price),
          low24h: priceText(price),
          open24h: priceText(price),
          sodUtc0: priceText(price),
          sodUtc8: priceText(price),
          ts,
        },
      ]);
    default:
      return undefined;
  }
}

function candles(query: URLSearchParams, nowMs: number): unknown {
  const instId = query.get('instId') ?? '';
  const ctVal = instId.endsWith('-SWAP') ? (CONTRACT_VALUE[assetOf(instId)] ?? 1) : 1;
  const after = Number(query.get('after') ?? nowMs + 1);
  const before = Number(query.get('before') ?? 0);
  const bars = emulatedBars(
    assetOf(instId),
    before,
    Math.min(nowMs, after - 1),
    Number(query.get('limit') ?? 100),
  );
  // [ts, o, h, l, c, vol (contracts on derivatives), volCcy (base), volCcyQuote, confirm], newest first.
  return envelope(
    bars
      .reverse()
      .map((b) => [
        String(b.openTimeMs),
        b.open.toFixed(2),
        b.high.toFixed(2),
        b.low.toFixed(2),
        b.close.toFixed(2),
        (b.volumeBase / ctVal).toFixed(2),
        b.volumeBase.toFixed(4),
        (b.volumeBase * b.close).toFixed(2),
        b.openTimeMs + 300_000 <= nowMs ? '1' : '0',
      ]),
  );
}

function route({ path, query, nowMs, listed, wholeMarket }: RouteRequest): unknown {
  if (path === '/api/v5/public/instruments') {
    const instType = query.get('instType') ?? 'SWAP';
    const inverse = wholeMarket && instType === 'SWAP' ? [inverseInstrument()] : [];
    return envelope([...listed.map((a) => instrument(instType, a)), ...inverse]);
  }
  if (path === '/api/v5/market/candles' || path === '/api/v5/market/history-candles')
    return candles(query, nowMs);
  const bulk = bulkAnswer(path, query, listed, nowMs);
  if (bulk !== undefined) return bulk;
  return routeInstrument(
    path,
    assetOf(query.get('instId') ?? query.get('instFamily') ?? ''),
    nowMs,
  );
}

// Every USDT swap's row in one answer: open interest and mark price by `instType=SWAP` without an
// instId, funding with `instId=ANY`, index prices by `quoteCcy=USDT`.
function bulkAnswer(
  path: string,
  query: URLSearchParams,
  listed: readonly string[],
  nowMs: number,
): unknown {
  const rowsOf = (p: string) =>
    listed.flatMap((a) => (routeInstrument(p, a, nowMs) as { data: unknown[] }).data);
  const everySwap = query.get('instType') === 'SWAP' && !query.has('instId');
  if (path === '/api/v5/public/open-interest' && everySwap) return envelope(rowsOf(path));
  if (path === '/api/v5/public/mark-price' && everySwap) return envelope(rowsOf(path));
  if (path === '/api/v5/public/funding-rate' && query.get('instId') === 'ANY')
    return envelope(rowsOf(path));
  if (path === '/api/v5/market/index-tickers' && !query.has('instId'))
    return envelope(rowsOf(path));
  return undefined;
}

function onSocketMessage(text: string): { replies: string[]; topics: string[] } {
  if (text === 'ping') return { replies: ['pong'], topics: [] };
  const message = JSON.parse(text) as {
    op?: string;
    args?: { channel: string; instType?: string }[];
  };
  if (message.op !== 'subscribe') return { replies: [], topics: [] };
  const args = message.args ?? [];
  return {
    replies: args.map((arg) => JSON.stringify({ event: 'subscribe', arg, connId: 'emulator' })),
    topics: args.map((a) => a.channel),
  };
}

function liquidationMessages(events: EmulatedLiquidation[], topics: ReadonlySet<string>): string[] {
  if (!topics.has('liquidation-orders')) return [];
  return events.map((e) => {
    const family = `${e.asset}-${e.inverse ? 'USD' : 'USDT'}`;
    const contracts = e.inverse
      ? (e.sizeBase * e.price) / INVERSE_CONTRACT_USD
      : e.sizeBase / (CONTRACT_VALUE[e.asset] ?? 1);
    return JSON.stringify({
      arg: { channel: 'liquidation-orders', instType: 'SWAP' },
      data: [
        {
          details: [
            {
              bkLoss: '0',
              bkPx: String(e.price),
              ccy: '',
              posSide: e.positionSide,
              side: e.positionSide === 'long' ? 'sell' : 'buy',
              sz: String(contracts),
              ts: String(e.timeMs),
            },
          ],
          instFamily: family,
          instId: `${family}-SWAP`,
          instType: 'SWAP',
          uly: family,
        },
      ],
    });
  });
}

/** OKX V5 swap + spot as documented. */
export const okxEmulation: VenueEmulation = { route, onSocketMessage, liquidationMessages };
