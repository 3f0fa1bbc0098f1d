import { createPrng, type Prng } from '../lambdas/market/scenarios/prng.ts';
import type { MarketSeries, SeriesBar } from '../lambdas/model/index.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Options of {@link syntheticHistory}. */
export interface SyntheticHistoryOptions {
  bars: number;
  barMinutes: number;
  seed: number;
  /** Mean days between two liquidation shocks (default 4). */
  shockEveryDays?: number;
  /** First bar's open time (default 2024-01-01 UTC). */
  startMs?: number;
}

/** A shock the generator planted: a one-sided liquidation burst with a price move and an OI drop. */
interface Shock {
  fromMs: number;
  toMs: number;
  side: 'long' | 'short';
  /** Liquidations per minute of the shock, USD. */
  liqPerMinuteUsd: number;
  /** Log price change per minute of the shock (negative for a long flush). */
  logMovePerMinute: number;
  /** Fraction of OI closed per minute of the shock. */
  oiDropPerMinute: number;
}

/** A standard normal draw clipped at ±4, so noise alone never makes a crash. */
function clipped(rng: Prng): number {
  return Math.max(-4, Math.min(4, rng.normal()));
}

/** Shocks at seeded random times, one every `everyDays` on average, none in the first 3 days. */
function plantShocks(rng: Prng, startMs: number, endMs: number, everyDays: number): Shock[] {
  const shocks: Shock[] = [];
  let at = startMs + 3 * DAY_MS;
  for (;;) {
    at += (0.5 + rng.uniform()) * everyDays * DAY_MS;
    const minutes = 30 + Math.floor(rng.uniform() * 60);
    if (at + minutes * MINUTE_MS >= endMs) return shocks;
    const side = rng.uniform() < 0.7 ? 'long' : 'short';
    const moveFrac = 0.03 + 0.06 * rng.uniform();
    shocks.push({
      fromMs: at,
      toMs: at + minutes * MINUTE_MS,
      side,
      liqPerMinuteUsd: ((40 + 260 * rng.uniform()) * 1e6) / minutes,
      logMovePerMinute: ((side === 'long' ? -1 : 1) * Math.log1p(moveFrac)) / minutes,
      oiDropPerMinute: (0.02 + 0.06 * rng.uniform()) / minutes,
    });
    // Aftershocks are the detector's business; keep planted shocks a day apart at least.
    at += DAY_MS;
  }
}

/**
 * A labelled synthetic market history for the replay benchmark (`simulated: true`, asset
 * `SYN`): a BTC-scale random walk (≈ 0.5 % an hour) with every input the live series has
 * (OI, funding, premium, spot and perp volume, taker flow, liquidations by side), calm
 * liquidations that come in busy and quiet hours like CoinGlass BTC's, and one-sided shocks
 * (3–9 % moves, $40–300M liquidated, 2–8 % of OI closed) every few days, so detection and
 * classification have real flushes to find and read. Same options → same bars.
 * @example syntheticHistory({ bars: 10_000, barMinutes: 5, seed: 1 }).bars.length // 10000
 */
export function syntheticHistory(options: SyntheticHistoryOptions): MarketSeries {
  const rng = createPrng(options.seed);
  const { barMinutes } = options;
  const startMs = options.startMs ?? Date.UTC(2024, 0, 1);
  const endMs = startMs + options.bars * barMinutes * MINUTE_MS;
  const shocks = plantShocks(rng, startMs, endMs, options.shockEveryDays ?? 4);
  const barsPerHour = 60 / barMinutes;
  const sigmaPerBar = 0.005 * Math.sqrt(barMinutes / 60);
  const bars: SeriesBar[] = new Array(options.bars);
  let close = 60_000;
  // OI in USD wanders around $7B (log deviation pulled back over ~3 days), drops in shocks.
  let oiLogDev = 0;
  const oiPull = Math.exp(-barMinutes / (3 * 24 * 60));
  let activity = 0;
  let next = 0;
  for (let k = 0; k < options.bars; k += 1) {
    const openTimeMs = startMs + k * barMinutes * MINUTE_MS;
    if (k % Math.max(1, Math.round(barsPerHour)) === 0)
      activity = 0.8 * activity + 1.1 * clipped(rng);
    while (next < shocks.length && (shocks[next]?.toMs ?? 0) <= openTimeMs) next += 1;
    const shock = shocks[next];
    const inShock = shock !== undefined && openTimeMs >= shock.fromMs;
    const open = close;
    const shockLog = inShock ? shock.logMovePerMinute * barMinutes : 0;
    close = open * Math.exp(sigmaPerBar * clipped(rng) + shockLog);
    const wick = 1 + 0.6 * sigmaPerBar * rng.uniform();
    oiLogDev = inShock
      ? oiLogDev + Math.log1p(-shock.oiDropPerMinute * barMinutes)
      : oiPull * oiLogDev + 0.0004 * Math.sqrt(barMinutes) * clipped(rng);
    const oiUsd = 7e9 * Math.exp(oiLogDev);
    const calm = ((660_000 / barsPerHour) * Math.exp(Math.min(activity, 2.4))) / 2;
    const burst = inShock ? shock.liqPerMinuteUsd * barMinutes : 0;
    const longShare = inShock ? (shock.side === 'long' ? 0.95 : 0.05) : rng.uniform();
    const liqTotal = calm * Math.exp(0.8 * clipped(rng)) + burst;
    const perpVolumeUsd = 2e7 * barMinutes * (1 + rng.uniform() + (inShock ? 4 : 0));
    bars[k] = {
      openTimeMs,
      open,
      high: Math.max(open, close) * wick,
      low: Math.min(open, close) / wick,
      close,
      oiBase: oiUsd / close,
      oiUsd,
      fedOiUsd: oiUsd,
      fundingRate8h: 0.0001 + 0.00005 * clipped(rng),
      premium: 0.0002 * clipped(rng),
      perpVolumeUsd,
      spotVolumeUsd: perpVolumeUsd * (0.2 + 0.1 * rng.uniform()),
      perpTakerDeltaUsd: perpVolumeUsd * 0.05 * clipped(rng),
      spotTakerDeltaUsd: perpVolumeUsd * 0.01 * clipped(rng),
      liqLongUsd: liqTotal * longShare,
      liqShortUsd: liqTotal * (1 - longShare),
      liqByVenue: {},
      coverage: 1,
    };
  }
  return {
    asset: 'SYN',
    barMinutes,
    simulated: true,
    venues: ['synthetic'],
    missingVenues: [],
    liquidationFeeds: { synthetic: 'complete' },
    liquidationsEstimated: false,
    bars,
    gaps: [],
    unwatchedLiquidations: [],
    excludedInputs: [],
  };
}
