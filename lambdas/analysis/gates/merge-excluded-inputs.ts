import type { ExcludedInput } from '../../model/index.ts';

function keyOf(input: ExcludedInput): string {
  return `${input.venue}\u0000${input.symbol ?? ''}\u0000${input.input}`;
}

/**
 * Exclusions of the same input of the same venue and instrument that overlap or touch, joined
 * into one stretch that keeps the first reason (a run of bad ticks reads as one sentence, with
 * the figure of its first reading); in time order, then by venue.
 * @example mergeExcludedInputs([oi(0, 5), oi(5, 10)]) // [oi(0, 10)]
 */
export function mergeExcludedInputs(inputs: readonly ExcludedInput[]): ExcludedInput[] {
  const sorted = [...inputs].sort(
    (a, b) => keyOf(a).localeCompare(keyOf(b)) || a.fromMs - b.fromMs,
  );
  const merged: ExcludedInput[] = [];
  for (const input of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && keyOf(last) === keyOf(input) && input.fromMs <= last.toMs)
      last.toMs = Math.max(last.toMs, input.toMs);
    else merged.push({ ...input });
  }
  return merged.sort((a, b) => a.fromMs - b.fromMs || a.venue.localeCompare(b.venue));
}
