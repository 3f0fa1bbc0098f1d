import { cascadeShape } from './cascade-shape.ts';
import type { MarketProfile } from './market-profile.ts';
import {
  calmValues,
  cascadeValues,
  clampShare,
  type PathState,
  type PhaseValues,
  postValues,
} from './phase-values.ts';
import type { Prng } from './prng.ts';
import type { ScenarioPlan } from './scenario-catalog.ts';

/** Bar size of every scenario, minutes. */
export const SCENARIO_BAR_MINUTES = 5;
const BAR_MS = SCENARIO_BAR_MINUTES * 60_000;
const CALM_DAYS = 10;
/** Hours simulated after the cascade by default: the 24h checkpoint after the detected end, with margin. */
const POST_HOURS = 27;

/** The "true" market of one bar, before venues split, throttle or drop it. */
export interface TruthBar {
  openTimeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  oiBase: number;
  liqLongUsd: number;
  liqShortUsd: number;
  perpVolumeBase: number;
  spotVolumeBase: number;
  perpBuyShare: number;
  spotBuyShare: number;
  funding8h: number;
  premium: number;
  phase: 'calm' | 'cascade' | 'post';
}

/** A simulated market path and where its phases begin. */
export interface MarketPath {
  bars: TruthBar[];
  cascadeStartIndex: number;
  postStartIndex: number;
}

/** Builds the whole truth path: ten calm days, the cascade, then the post-flush plan. */
export function simulateMarketPath(
  plan: ScenarioPlan,
  profile: MarketProfile,
  flushAtMs: number,
  rng: Prng,
): MarketPath {
  const cascade = cascadeShape(plan);
  const mirror = plan.cascade === 'short';
  const calmBars = (CALM_DAYS * 24 * 60) / SCENARIO_BAR_MINUTES;
  const postStart = calmBars + cascade.bars.length;
  const total = postStart + ((plan.postHours ?? POST_HOURS) * 60) / SCENARIO_BAR_MINUTES;
  const oi0 = profile.oiUsd / profile.price;
  const startMs = flushAtMs - calmBars * BAR_MS;
  const state: PathState = { priceDev: 0, oiDev: 0, preFlushPrice: profile.price, preFlushOi: oi0 };
  const bars: TruthBar[] = [];
  let previousClose = profile.price;
  for (let k = 0; k < total; k += 1) {
    const calm = plan.cascade === 'none' || k < calmBars;
    const values = calm
      ? calmValues(state, profile, oi0, rng)
      : k < postStart
        ? cascadeValues(plan, cascade, k - calmBars, state, profile, rng, mirror)
        : postValues(plan, (k - postStart + 1) / 12, state, profile, rng);
    if (k === calmBars - 1) {
      state.preFlushPrice = values.price;
      state.preFlushOi = values.oiBase;
    }
    bars.push(toTruthBar(startMs + k * BAR_MS, previousClose, values, oi0, rng));
    previousClose = values.price;
  }
  return { bars, cascadeStartIndex: calmBars, postStartIndex: postStart };
}

function toTruthBar(
  openTimeMs: number,
  open: number,
  v: PhaseValues,
  oi0: number,
  rng: Prng,
): TruthBar {
  const close = v.price;
  const perpVolumeBase = 0.013 * oi0 * Math.exp(0.3 * rng.normal()) * v.volumeMultiplier;
  return {
    openTimeMs,
    open,
    high: Math.max(open, close) * (1 + Math.abs(rng.normal()) * v.wick),
    low: Math.min(open, close) * (1 - Math.abs(rng.normal()) * v.wick),
    close,
    oiBase: v.oiBase,
    liqLongUsd: v.liqLongUsd,
    liqShortUsd: v.liqShortUsd,
    perpVolumeBase,
    spotVolumeBase: perpVolumeBase * 0.25 * v.spotRatio * Math.exp(0.2 * rng.normal()),
    perpBuyShare: clampShare(0.5 + v.perpBias + 0.03 * rng.normal()),
    spotBuyShare: clampShare(0.5 + v.spotBias + 0.03 * rng.normal()),
    funding8h: v.funding8h,
    premium: v.premium,
    phase: v.phase,
  };
}
