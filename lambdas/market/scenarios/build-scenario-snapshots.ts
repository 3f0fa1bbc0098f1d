import {
  type Bar,
  type InstrumentSnapshot,
  type LiquidationBucket,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
  type VenueSnapshot,
} from '../../model/index.ts';
import type { SimVenue } from './market-profile.ts';
import type { Prng } from './prng.ts';
import { SCENARIO_BAR_MINUTES, type TruthBar } from './simulate-market-path.ts';

const BAR_MS = SCENARIO_BAR_MINUTES * 60_000;
/** Each tick carries its own bar and the one before: ticks overlap as the collector's do. */
const BARS_PER_TICK = 2;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** What the snapshot builder needs besides the truth path. */
export interface SnapshotContext {
  asset: string;
  venues: readonly SimVenue[];
  /** Venue that fails from this bar index on (inclusive), if any. */
  failure?: { venue: string; fromIndex: number };
  rng: Prng;
  /** Decimal places for prices, so a $25 asset keeps its cents and BTC stays compact. */
  priceDigits: number;
}

function venueBar(
  t: TruthBar,
  scale: number,
  volumeBase: number,
  buyShare: number | null,
  digits: number,
): Bar {
  return {
    openTimeMs: t.openTimeMs,
    open: round(t.open * scale, digits),
    high: round(t.high * scale, digits),
    low: round(t.low * scale, digits),
    close: round(t.close * scale, digits),
    volumeBase: round(volumeBase, 4),
    takerBuyVolumeBase: buyShare === null ? null : round(volumeBase * buyShare, 4),
  };
}

function liquidationBucket(t: TruthBar, v: SimVenue, averageUsd: number): LiquidationBucket {
  const longUsd = Math.round(t.liqLongUsd * v.oiShare * v.feedShare);
  const shortUsd = Math.round(t.liqShortUsd * v.oiShare * v.feedShare);
  const count = (usd: number) => (usd > 0 ? Math.max(1, Math.round(usd / averageUsd)) : 0);
  return {
    openTimeMs: t.openTimeMs,
    longUsd,
    longCount: count(longUsd),
    shortUsd,
    shortCount: count(shortUsd),
  };
}

/** Only Binance publishes taker-buy volume in its klines (DESIGN.md §4). */
const hasTakerBuy = (v: SimVenue) => v.id === 'binanceusdm';

/** One venue's bars and liquidation buckets for the whole path, built once and sliced per tick. */
interface VenueTape {
  perp: Bar[];
  spot: Bar[] | null;
  liquidations: LiquidationBucket[] | null;
}

function frozen<T extends object>(path: readonly TruthBar[], make: (t: TruthBar) => T): T[] {
  return path.map((t) => Object.freeze(make(t)));
}

function venueTape(path: readonly TruthBar[], v: SimVenue, digits: number): VenueTape {
  const taker = hasTakerBuy(v);
  const spotShare = v.spotShare;
  return {
    perp: frozen(path, (t) =>
      venueBar(t, 1 + v.basis, t.perpVolumeBase * v.oiShare, taker ? t.perpBuyShare : null, digits),
    ),
    spot:
      spotShare === null
        ? null
        : path.map((t) =>
            venueBar(t, 1, t.spotVolumeBase * spotShare, taker ? t.spotBuyShare : null, digits),
          ),
    liquidations:
      v.feed === 'none'
        ? null
        : path.map((t) => liquidationBucket(t, v, 25_000 * (t.close / 84_000))),
  };
}

/**
 * Tape entries in [from, to). Overlapping snapshots share these objects, which
 * are frozen at creation, so a consumer that tries to mutate one fails loudly
 * instead of silently changing a neighbouring snapshot.
 */
function sliceTape<T extends object>(entries: readonly T[], from: number, to: number): T[] {
  return entries.slice(from, to);
}

function instrument(
  tape: VenueTape,
  index: number,
  last: TruthBar,
  v: SimVenue,
  ctx: SnapshotContext,
): InstrumentSnapshot {
  const mark = last.close * (1 + v.basis + last.premium);
  const oiBase = last.oiBase * v.oiShare * (1 + 0.0003 * ctx.rng.normal());
  const from = Math.max(0, index - BARS_PER_TICK + 1);
  return {
    symbol: v.symbol(ctx.asset),
    asset: ctx.asset,
    openInterest: { base: round(oiBase, 3), usd: Math.round(oiBase * mark) },
    funding: {
      rate: (last.funding8h + 0.000003 * ctx.rng.normal()) * (v.fundingIntervalHours / 8),
      intervalHours: v.fundingIntervalHours,
    },
    markPrice: round(mark, ctx.priceDigits),
    indexPrice: round(last.close, ctx.priceDigits),
    perpBars: sliceTape(tape.perp, from, index + 1),
    spotBars: tape.spot === null ? null : sliceTape(tape.spot, from, index + 1),
    // Liquidations are counted once, by the tick whose window holds them (the series sums ticks).
    liquidations: tape.liquidations === null ? [] : sliceTape(tape.liquidations, index, index + 1),
  };
}

function venueSnapshot(
  tape: VenueTape,
  last: TruthBar,
  index: number,
  v: SimVenue,
  ctx: SnapshotContext,
): VenueSnapshot {
  if (ctx.failure?.venue === v.id && index >= ctx.failure.fromIndex) {
    return {
      venue: v.id,
      status: 'failed',
      error: 'NetworkError: simulated outage (connection timed out)',
      liquidationFeed: v.feed,
      instruments: [],
    };
  }
  return {
    venue: v.id,
    status: 'ok',
    liquidationFeed: v.feed,
    instruments: [instrument(tape, index, last, v, ctx)],
  };
}

/**
 * Turns a truth path into the snapshots the collector would have written:
 * one per 5-minute tick, taken at the close of its bar, each holding that bar
 * and the previous one for every venue (so consecutive ticks overlap), and the
 * liquidations of its own bar only (windows never overlap in counting).
 */
export function buildScenarioSnapshots(
  path: readonly TruthBar[],
  ctx: SnapshotContext,
): Snapshot[] {
  const tapes = ctx.venues.map((v) => venueTape(path, v, ctx.priceDigits));
  const closeIso = path.map((bar) => new Date(bar.openTimeMs + BAR_MS).toISOString());
  return path.map((bar, index) => {
    const takenAt = closeIso[index] ?? '';
    return {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      takenAt,
      // The counting window: this tick's own bar, contiguous with the previous tick's.
      window: { from: new Date(bar.openTimeMs).toISOString(), to: takenAt },
      barMinutes: SCENARIO_BAR_MINUTES,
      simulated: true,
      venues: ctx.venues.map((v, k) => {
        const tape = tapes[k] ?? venueTape([], v, ctx.priceDigits);
        return venueSnapshot(tape, bar, index, v, ctx);
      }),
    };
  });
}
