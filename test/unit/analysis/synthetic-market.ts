import type { MarketSeries, SeriesBar } from '../../../lambdas/model/index.ts';
import { makeBar, makeSeries } from './series-fixtures.ts';

const MINUTE_MS = 60_000;

/** A burst of one-sided liquidations with a price move, defined in time (not in bars). */
export interface MarketShock {
  /** ISO time the shock begins. */
  at: string;
  minutes: number;
  /** Liquidations of the whole shock, USD; 95 % on `side`. */
  liqUsd: number;
  /** Price change over the shock as a fraction (negative = down), spread evenly over it. */
  moveFrac: number;
  side: 'long' | 'short';
  /** Extra wick beyond the closes, as a fraction (a spike that recovers within its bar). */
  wickFrac?: number;
}

/** Options of {@link syntheticMarket}. */
export interface SyntheticMarketOptions {
  days: number;
  shocks: MarketShock[];
  seed?: number;
  /** First bar's open time, ISO; default 2026-01-01. */
  start?: string;
  /** Open interest in USD, constant (default $7B, BTC's aggregate OI). */
  oiUsd?: number;
}

/** mulberry32: a small deterministic PRNG, so the fixture is the same on every run. */
function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box–Muller), clipped at ±4 so one draw cannot make a crash by itself. */
function gaussian(random: () => number): number {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.max(-4, Math.min(4, z));
}

/**
 * A 5-minute market of a BTC-like scale: a random walk of 0.15 % per bar (≈ 0.5 % an hour)
 * with a 0.05 % close-to-close jitter, constant OI, calm liquidations split at random between
 * sides, and the given shocks. Calm hours spread like CoinGlass BTC's (median $0.66M, quartiles
 * $0.2M and $2.3M, 99th percentile ≈ $10M without flushes), so a $40M hour scores a robust z
 * of only 2–3 as real flushes do. Resample it (`resampleBars`) to see the same market at
 * other bar sizes.
 */
export function syntheticMarket(options: SyntheticMarketOptions): MarketSeries {
  const random = prng(options.seed ?? 7);
  const startMs = Date.parse(options.start ?? '2026-01-01T00:00:00Z');
  const oiUsd = options.oiUsd ?? 7e9;
  const bars: SeriesBar[] = [];
  let level = 80_000;
  let close = level;
  let activity = 0;
  for (let k = 0; k < (options.days * 24 * 60) / 5; k += 1) {
    const openTimeMs = startMs + k * 5 * MINUTE_MS;
    // Calm liquidations come in busy and quiet hours (log-activity drifts hour to hour, capped
    // so calm alone never makes a flush): hourly totals spread as widely as real ones.
    if (k % 12 === 0) activity = 0.8 * activity + 1.1 * gaussian(random);
    const shock = options.shocks.find((s) => {
      const fromMs = Date.parse(s.at);
      return openTimeMs >= fromMs && openTimeMs < fromMs + s.minutes * MINUTE_MS;
    });
    const shockBars = shock ? shock.minutes / 5 : 1;
    level *= Math.exp(
      0.0015 * gaussian(random) + (shock ? Math.log1p(shock.moveFrac) / shockBars : 0),
    );
    const open = close;
    close = level * Math.exp(0.0005 * gaussian(random));
    const wick = 1 + (shock?.wickFrac ?? 0) * (shock?.side === 'long' ? -1 : 1);
    const calmLiq = 40_000 * Math.exp(Math.min(activity, 2.4) + 0.8 * gaussian(random));
    const longShare = random();
    const shockLiq = shock ? shock.liqUsd / shockBars : 0;
    const oneSided = shock?.side === 'long' ? 0.95 : 0.05;
    bars.push(
      makeBar(openTimeMs, {
        open,
        close,
        high: Math.max(open, close, close * wick) * (1 + 0.0004 * random()),
        low: Math.min(open, close, close * wick) * (1 - 0.0004 * random()),
        oiBase: oiUsd / close,
        oiUsd,
        liqLongUsd: calmLiq * longShare + shockLiq * oneSided,
        liqShortUsd: calmLiq * (1 - longShare) + shockLiq * (1 - oneSided),
      }),
    );
  }
  return makeSeries(bars, 5);
}
