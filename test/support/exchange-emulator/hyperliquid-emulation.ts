import type { RouteRequest, VenueEmulation } from './emulator-types.ts';
import {
  EMULATED_ASSETS,
  EMULATED_FUNDING_8H,
  EMULATED_OI_BASE,
  EMULATED_PRICES,
  emulatedBars,
  priceText,
} from './market-fixtures.ts';

// Payloads follow the Hyperliquid info endpoint docs: every read is `POST /info` with a JSON
// body whose `type` picks the answer (`meta`, `metaAndAssetCtxs`, `spotMeta`, `candleSnapshot`).
// Perps settle in USDC, sizes are in base units (a contract is one coin), funding is hourly.
// Hyperliquid publishes no liquidation feed ccxt reads, so no socket messages either.
const SZ_DECIMALS: Record<string, number> = { BTC: 5, ETH: 4, SOL: 2 };
const MAX_LEVERAGE: Record<string, number> = { BTC: 40, ETH: 25, SOL: 20 };
const HOURLY_FUNDING = EMULATED_FUNDING_8H / 8;

// Hyperliquid lists PEPE in lots of 1,000 as `kPEPE`: open interest in lots, prices per lot.
const lotOf = (coin: string): number => (coin === 'PEPE' ? 1000 : 1);
const nameOf = (coin: string): string => (lotOf(coin) === 1 ? coin : `k${coin}`);

function meta(listed: readonly string[]): { universe: Record<string, unknown>[] } {
  return {
    universe: listed.map((coin) => ({
      name: nameOf(coin),
      szDecimals: SZ_DECIMALS[coin] ?? 2,
      maxLeverage: MAX_LEVERAGE[coin] ?? 10,
      marginTableId: MAX_LEVERAGE[coin] ?? 10,
    })),
  };
}

function assetContext(asset: string): Record<string, unknown> {
  const price = (EMULATED_PRICES[asset] ?? 100) * lotOf(asset);
  const mark = priceText(price * 1.0002);
  return {
    funding: String(HOURLY_FUNDING),
    openInterest: String((EMULATED_OI_BASE[asset] ?? 0) / lotOf(asset)),
    prevDayPx: priceText(price),
    dayNtlVlm: '1000000000.0',
    premium: '0.0002',
    oraclePx: priceText(price),
    markPx: mark,
    midPx: mark,
    impactPxs: [mark, priceText(price * 1.0003)],
    dayBaseVlm: '10000.0',
  };
}

// spotMeta: ccxt reads its `tokens` as the currency list when loading markets.
function spotMeta(): Record<string, unknown> {
  return {
    universe: [{ tokens: [1, 0], name: 'PURR/USDC', index: 0, isCanonical: true }],
    tokens: [
      {
        name: 'USDC',
        szDecimals: 8,
        weiDecimals: 8,
        index: 0,
        tokenId: '0x6d1e7cde53ba9467b783cb7c530ce054',
        isCanonical: true,
        evmContract: null,
        fullName: null,
      },
      {
        name: 'PURR',
        szDecimals: 0,
        weiDecimals: 5,
        index: 1,
        tokenId: '0xc1fb593aeffbeb02f85e0308e9956a90',
        isCanonical: true,
        evmContract: null,
        fullName: null,
      },
    ],
  };
}

const candleRequest = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

function candleSnapshot(req: unknown, nowMs: number): unknown[] | undefined {
  if (!candleRequest(req)) return undefined;
  const coin = String(req.coin);
  if (!EMULATED_ASSETS.includes(coin)) return [];
  const endMs = Math.min(nowMs, Number(req.endTime ?? nowMs));
  // Hyperliquid serves at most 5,000 recent candles per request, oldest first.
  return emulatedBars(coin, Number(req.startTime ?? 0), endMs, 5000).map((b) => ({
    t: b.openTimeMs,
    T: b.openTimeMs + 299_999,
    s: coin,
    i: String(req.interval ?? '5m'),
    o: b.open.toFixed(2),
    c: b.close.toFixed(2),
    h: b.high.toFixed(2),
    l: b.low.toFixed(2),
    v: b.volumeBase.toFixed(SZ_DECIMALS[coin] ?? 2),
    n: 1000,
  }));
}

function parseBody(body: string): { type?: unknown; req?: unknown } | null {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? parsed : null;
  } catch {
    return null;
  }
}

function route({ path, body, nowMs, listed }: RouteRequest): unknown {
  const request = path === '/info' ? parseBody(body) : null;
  switch (request?.type) {
    case 'meta':
      return meta(listed);
    case 'metaAndAssetCtxs':
      return [meta(listed), listed.map(assetContext)];
    case 'spotMeta':
      return spotMeta();
    case 'candleSnapshot':
      return candleSnapshot(request.req, nowMs);
    default:
      return undefined;
  }
}

/** Hyperliquid perps (info endpoint) as documented (REST only). */
export const hyperliquidEmulation: VenueEmulation = {
  route,
  onSocketMessage: () => ({ replies: [], topics: [] }),
  liquidationMessages: () => [],
};
