import * as z from 'zod';
import type { Exchange } from '../../../node_modules/ccxt/js/src/base/Exchange.js';
import { type Bar, barSchema } from '../../model/index.ts';
import { VenuePayloadError } from './payload-error.ts';
import { withRetry } from './retry-policy.ts';
import { implicitEndpoint, requireUnifiedMethod } from './venue-capability.ts';

/** The time range and bar size bars are read for. */
export interface BarRange {
  fromMs: number;
  toMs: number;
  barMinutes: number;
}

// Binance kline row: [openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBase, ...].
const binanceKlines = z.array(z.array(z.union([z.string(), z.number()])).min(10));
const ccxtCandles = z.array(z.array(z.number().nullable()).min(6));

function toBar(fields: unknown[], what: string): Bar {
  const [openTimeMs, open, high, low, close, volumeBase, takerBuyVolumeBase] = fields.map((v) =>
    typeof v === 'string' ? Number(v) : v,
  );
  const parsed = barSchema.safeParse({
    openTimeMs,
    open,
    high,
    low,
    close,
    volumeBase,
    takerBuyVolumeBase: takerBuyVolumeBase ?? null,
  });
  if (!parsed.success)
    throw new VenuePayloadError(what, parsed.error.issues[0]?.message ?? 'bad bar');
  return parsed.data;
}

function closedIn(range: BarRange): (bar: Bar) => boolean {
  const barMs = range.barMinutes * 60_000;
  // Only closed bars: the bar still forming is read whole by the next, overlapping tick.
  return (bar) => bar.openTimeMs >= range.fromMs && bar.openTimeMs + barMs <= range.toMs;
}

function barLimit(range: BarRange): number {
  return Math.min(1000, Math.ceil((range.toMs - range.fromMs) / (range.barMinutes * 60_000)) + 2);
}

/**
 * Binance klines through ccxt's implicit API, keeping the taker-buy volume (column 9)
 * that unified candles drop. `endpoint` picks perp (`fapiPublicGetKlines`) or spot (`publicGetKlines`).
 */
export async function readBinanceKlines(
  exchange: Exchange,
  endpoint: 'fapiPublicGetKlines' | 'publicGetKlines',
  marketId: string,
  range: BarRange,
): Promise<Bar[]> {
  const call = implicitEndpoint(exchange, endpoint);
  const params = {
    symbol: marketId,
    interval: `${range.barMinutes}m`,
    startTime: range.fromMs,
    limit: barLimit(range),
  };
  const raw = await withRetry(() => call(params));
  const rows = binanceKlines.safeParse(raw);
  if (!rows.success) throw new VenuePayloadError(`${marketId} klines`, 'not a list of kline rows');
  return rows.data
    .map((r) => toBar([r[0], r[1], r[2], r[3], r[4], r[5], r[9]], `${marketId} kline`))
    .filter(closedIn(range));
}

/**
 * Unified candles (no taker-buy volume). `volumeScale` turns ccxt's volume into base
 * units: the contract size where ccxt reports contracts (Gate perps), else 1.
 */
export async function readUnifiedBars(
  exchange: Exchange,
  symbol: string,
  volumeScale: number,
  range: BarRange,
): Promise<Bar[]> {
  requireUnifiedMethod(exchange, 'fetchOHLCV');
  const raw = await withRetry(() =>
    exchange.fetchOHLCV(symbol, `${range.barMinutes}m`, range.fromMs, barLimit(range)),
  );
  const rows = ccxtCandles.safeParse(raw);
  if (!rows.success) throw new VenuePayloadError(`${symbol} candles`, 'not a list of OHLCV rows');
  return rows.data
    .map((r) =>
      toBar(
        [r[0], r[1], r[2], r[3], r[4], (r[5] ?? Number.NaN) * volumeScale, null],
        `${symbol} candle`,
      ),
    )
    .filter(closedIn(range));
}
