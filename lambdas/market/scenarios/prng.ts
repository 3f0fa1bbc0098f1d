/** A deterministic pseudo-random source: uniform in [0, 1) and standard normal. */
export interface Prng {
  uniform: () => number;
  normal: () => number;
}

/**
 * mulberry32: a tiny, fast 32-bit PRNG. Same seed → same sequence on every
 * platform, which is what makes scenarios reproducible byte for byte.
 * @example createPrng(42).uniform() // always the same number
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
  const normal = (): number =>
    Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}
