import type { ScenarioPlan } from './scenario-catalog.ts';

/** One cascade bar in long-flush terms: price fraction of the pre-flush price and liquidation weights. */
export interface CascadeBar {
  priceFraction: number;
  /** Share of the cascade's long / short liquidations that fall in this bar. */
  longWeight: number;
  shortWeight: number;
}

/** Down-leg bars, depth and total liquidations (fractions of OI in USD) per cascade kind. */
const SHAPES = {
  long: { downBars: 10, reboundBars: 4, depth: 0.075, longLiqOfOi: 0.16, shortLiqOfOi: 0.007 },
  'two-sided': {
    downBars: 6,
    reboundBars: 6,
    depth: 0.045,
    longLiqOfOi: 0.09,
    shortLiqOfOi: 0.075,
  },
} as const;

function normalise(values: number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  return values.map((v) => (total > 0 ? v / total : 0));
}

/**
 * Price path and liquidation weights of the cascade, in long-flush terms: a
 * down leg that accelerates and then exhausts (a half cosine), then a rebound
 * to the first post-flush keyframe. Long liquidations follow the down moves,
 * short liquidations the up moves. Short squeezes mirror this.
 */
export function cascadeShape(plan: ScenarioPlan): {
  bars: CascadeBar[];
  longLiqOfOi: number;
  shortLiqOfOi: number;
} {
  const shape = plan.cascade === 'two-sided' ? SHAPES['two-sided'] : SHAPES.long;
  // The plan's keyframes are in its own terms: a squeeze's first one (above the pre-flush
  // price) is mirrored back into long-flush terms, or its rebound would dip below the start.
  const firstKeyframe = plan.price[0]?.[1] ?? 1;
  const reboundTo = plan.cascade === 'short' ? 2 - firstKeyframe : firstKeyframe;
  const fractions: number[] = [];
  for (let k = 1; k <= shape.downBars; k += 1) {
    fractions.push(1 - (shape.depth * (1 - Math.cos((Math.PI * k) / shape.downBars))) / 2);
  }
  const bottom = 1 - shape.depth;
  for (let k = 1; k <= shape.reboundBars; k += 1) {
    fractions.push(bottom + ((reboundTo - bottom) * k) / shape.reboundBars);
  }
  const moves = fractions.map((f, k) => f - (k === 0 ? 1 : (fractions[k - 1] ?? 1)));
  const longWeights = normalise(moves.map((m) => Math.max(0, -m) + 0.002));
  const shortWeights = normalise(moves.map((m) => Math.max(0, m) + 0.002));
  return {
    bars: fractions.map((priceFraction, k) => ({
      priceFraction,
      longWeight: longWeights[k] ?? 0,
      shortWeight: shortWeights[k] ?? 0,
    })),
    longLiqOfOi: shape.longLiqOfOi,
    shortLiqOfOi: shape.shortLiqOfOi,
  };
}
