import * as z from 'zod';
import type { VenueId } from './ccxt-exchange-loader.ts';

/** The side of the *position* that was liquidated. */
export type PositionSide = 'long' | 'short';

/** The fields of a ccxt unified liquidation the collector reads. */
export interface LiquidationLike {
  side?: string | undefined;
  info?: unknown;
}

const okxInfo = z.object({
  details: z.array(z.object({ posSide: z.string().optional(), side: z.string().optional() })),
});
const gateInfo = z.object({ size: z.union([z.string(), z.number()]) });

// An order that sells closes a long: the order side says which position died.
function fromOrderSide(side: string | undefined): PositionSide | null {
  if (side === undefined) return null;
  const lower = side.toLowerCase();
  if (lower === 'sell') return 'long';
  if (lower === 'buy') return 'short';
  return null;
}

function fromOkx(liquidation: LiquidationLike): PositionSide | null {
  const parsed = okxInfo.safeParse(liquidation.info);
  const detail = parsed.success ? parsed.data.details[0] : undefined;
  // posSide is 'long'/'short' in hedge mode and 'net' in one-way mode, where only the order side tells.
  if (detail?.posSide === 'long' || detail?.posSide === 'short') return detail.posSide;
  return fromOrderSide(detail?.side ?? liquidation.side);
}

function fromGate(liquidation: LiquidationLike): PositionSide | null {
  const parsed = gateInfo.safeParse(liquidation.info);
  if (!parsed.success) return null;
  const size = Number(parsed.data.size);
  // Gate signs the liquidated position: positive = long, negative = short.
  if (!Number.isFinite(size) || size === 0) return null;
  return size > 0 ? 'long' : 'short';
}

/**
 * The liquidated position's side, read per venue (DESIGN.md §4): Binance and OKX
 * report the liquidation *order* side (sell = a long died; OKX's `posSide` wins
 * when it says long/short), Bybit reports the *position* side (buy = a long died),
 * Gate signs the position size. Null when the event does not say.
 * @example positionSideOf('binanceusdm', { side: 'sell' }) // 'long'
 */
export function positionSideOf(venue: VenueId, liquidation: LiquidationLike): PositionSide | null {
  switch (venue) {
    case 'binanceusdm':
      return fromOrderSide(liquidation.side);
    case 'bybit': {
      const side = liquidation.side?.toLowerCase();
      if (side === 'buy') return 'long';
      if (side === 'sell') return 'short';
      return null;
    }
    case 'okx':
      return fromOkx(liquidation);
    case 'gate':
      return fromGate(liquidation);
    case 'hyperliquid':
      return null;
  }
}
