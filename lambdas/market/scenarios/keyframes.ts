import type { Keyframes } from './scenario-catalog.ts';

/**
 * Linear interpolation through keyframes, flat before the first and after the last.
 * @example interpolateKeyframes([[0, 1], [2, 3]], 1) // 2
 */
export function interpolateKeyframes(frames: Keyframes, at: number): number {
  const first = frames[0];
  if (first === undefined) return 0;
  if (at <= first[0]) return first[1];
  for (let i = 1; i < frames.length; i += 1) {
    const [h1, v1] = frames[i] ?? first;
    const [h0, v0] = frames[i - 1] ?? first;
    if (at <= h1) return h1 === h0 ? v1 : v0 + ((v1 - v0) * (at - h0)) / (h1 - h0);
  }
  return frames[frames.length - 1]?.[1] ?? first[1];
}
