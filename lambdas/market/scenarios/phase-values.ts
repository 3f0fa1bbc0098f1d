import type { cascadeShape } from './cascade-shape.ts';
import { interpolateKeyframes } from './keyframes.ts';
import type { MarketProfile } from './market-profile.ts';
import type { Prng } from './prng.ts';
import type { ScenarioPlan } from './scenario-catalog.ts';

const NEUTRAL_FUNDING_8H = 0.0001;

/** Mutable noise state carried from bar to bar, and the pre-flush anchors. */
export interface PathState {
  priceDev: number;
  oiDev: number;
  preFlushPrice: number;
  preFlushOi: number;
}

/** The market of one bar in one phase, before it becomes a truth bar. */
export interface PhaseValues {
  price: number;
  oiBase: number;
  liqLongUsd: number;
  liqShortUsd: number;
  volumeMultiplier: number;
  spotRatio: number;
  spotBias: number;
  perpBias: number;
  funding8h: number;
  premium: number;
  phase: 'calm' | 'cascade' | 'post';
  wick: number;
}

/** Keeps a taker-buy share inside 5–95 %. */
export const clampShare = (x: number) => Math.min(0.95, Math.max(0.05, x));

/** Mean-reverting noise (an Ornstein–Uhlenbeck step). */
function ouStep(value: number, kappa: number, sigma: number, rng: Prng): number {
  return value * (1 - kappa) + sigma * rng.normal();
}

function calmLiquidations(oiUsd: number, multiplier: number, rng: Prng) {
  // About 0.4 % of OI a day in calm markets, lumpy from bar to bar.
  const total = 0.00001 * oiUsd * Math.exp(0.9 * rng.normal()) * multiplier;
  const longShare = rng.uniform();
  return { liqLongUsd: total * longShare, liqShortUsd: total * (1 - longShare) };
}

/** One calm bar: mean-reverting price and OI around the profile, ordinary liquidations and flows. */
export function calmValues(
  state: PathState,
  profile: MarketProfile,
  oi0: number,
  rng: Prng,
): PhaseValues {
  state.priceDev = ouStep(state.priceDev, 0.02, 0.0009, rng);
  state.oiDev = ouStep(state.oiDev, 0.01, 0.0002, rng);
  return {
    price: profile.price * Math.exp(state.priceDev),
    oiBase: oi0 * (1 + state.oiDev),
    ...calmLiquidations(profile.oiUsd, 1, rng),
    volumeMultiplier: 1,
    spotRatio: 1,
    spotBias: 0,
    perpBias: 0,
    funding8h: NEUTRAL_FUNDING_8H + 0.00001 * rng.normal(),
    premium: 0.0001 * rng.normal(),
    phase: 'calm',
    wick: 0.0006,
  };
}

/**
 * One cascade bar: the cascade shape scaled to the pre-flush price (mirrored
 * for a squeeze), liquidations by the shape's weights, OI falling with them.
 */
export function cascadeValues(
  plan: ScenarioPlan,
  cascade: ReturnType<typeof cascadeShape>,
  index: number,
  state: PathState,
  profile: MarketProfile,
  rng: Prng,
  mirror: boolean,
): PhaseValues {
  const bar = cascade.bars[index] ?? { priceFraction: 1, longWeight: 0, shortWeight: 0 };
  const fraction = mirror ? 2 - bar.priceFraction : bar.priceFraction;
  const longUsd = cascade.longLiqOfOi * profile.oiUsd * bar.longWeight;
  const shortUsd = cascade.shortLiqOfOi * profile.oiUsd * bar.shortWeight;
  const done =
    cascade.bars.slice(0, index + 1).reduce((a, b) => a + b.longWeight + b.shortWeight, 0) / 2;
  const oiDrop = 1 - (plan.oi[0]?.[1] ?? 1);
  const progress = (index + 1) / cascade.bars.length;
  return {
    price: state.preFlushPrice * fraction * (1 + 0.001 * rng.normal()),
    oiBase: state.preFlushOi * (1 - oiDrop * done),
    liqLongUsd: mirror ? shortUsd : longUsd,
    liqShortUsd: mirror ? longUsd : shortUsd,
    volumeMultiplier: 8,
    spotRatio: 1,
    spotBias: mirror ? 0.1 : -0.1,
    perpBias: mirror ? 0.1 : -0.1,
    funding8h: NEUTRAL_FUNDING_8H + (plan.funding8h - NEUTRAL_FUNDING_8H) * progress,
    premium: (mirror ? 1 : -1) * 0.001,
    phase: 'cascade',
    wick: 0.003,
  };
}

/**
 * One post-flush bar, `hours` after the cascade: the plan's keyframes plus
 * mean-reverting noise; liquidations decay back to calm within about an hour.
 */
export function postValues(
  plan: ScenarioPlan,
  hours: number,
  state: PathState,
  profile: MarketProfile,
  rng: Prng,
): PhaseValues {
  state.priceDev = ouStep(hours <= 1 / 12 ? 0 : state.priceDev, 0.05, 0.0008, rng);
  state.oiDev = ouStep(state.oiDev, 0.05, 0.0003, rng);
  const decay = Math.exp((-hours * 60) / 15);
  return {
    price: state.preFlushPrice * interpolateKeyframes(plan.price, hours) * Math.exp(state.priceDev),
    oiBase: state.preFlushOi * interpolateKeyframes(plan.oi, hours) * (1 + state.oiDev),
    ...calmLiquidations(profile.oiUsd, 1 + 10 * decay, rng),
    volumeMultiplier: 1 + 3 * Math.exp(-hours / 2),
    spotRatio: plan.spotRatio,
    spotBias: plan.spotBias,
    perpBias: plan.perpBias,
    funding8h: plan.funding8h + 0.000008 * rng.normal(),
    premium: plan.premium + 0.00005 * rng.normal(),
    phase: 'post',
    wick: 0.0006,
  };
}
