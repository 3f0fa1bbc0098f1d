import type { Checkpoint, FlushEvent } from '../../model/index.ts';

const HOURS: Record<Checkpoint, number> = { '1h': 1, '4h': 4, '24h': 24, '72h': 72 };

/** Checkpoints in time order. */
export const CHECKPOINTS: readonly Checkpoint[] = ['1h', '4h', '24h', '72h'];

/**
 * The checkpoint before `checkpoint`, or null for the first: the reading a follow-up compares.
 * @example checkpointBefore('24h') // '4h'
 * @example checkpointBefore('1h') // null
 */
export function checkpointBefore(checkpoint: Checkpoint): Checkpoint | null {
  return CHECKPOINTS[CHECKPOINTS.indexOf(checkpoint) - 1] ?? null;
}

/**
 * Hours after the flush end at which a checkpoint is assessed.
 * @example checkpointHours('24h') // 24
 */
export function checkpointHours(checkpoint: Checkpoint): number {
  return HOURS[checkpoint];
}

/**
 * Time (ms) of a checkpoint's assessment: `hours` after the close of the
 * flush's last bar. Only bars closed by then are used.
 */
export function checkpointAsOfMs(
  flush: FlushEvent,
  checkpoint: Checkpoint,
  barMinutes: number,
): number {
  return flush.endMs + barMinutes * 60_000 + checkpointHours(checkpoint) * 3_600_000;
}

/**
 * The latest checkpoint already reached at `asOfMs`, or null before the
 * first (1h). `barMinutes` is the series' bar size (the flush ends at the
 * close of its last bar); it defaults to the collector's 5-minute tick.
 * @example latestCheckpoint(flush, flush.endMs + 5 * 60_000 + 5 * 3_600_000) // '4h'
 */
export function latestCheckpoint(
  flush: FlushEvent,
  asOfMs: number,
  barMinutes = 5,
): Checkpoint | null {
  let latest: Checkpoint | null = null;
  for (const checkpoint of CHECKPOINTS) {
    if (checkpointAsOfMs(flush, checkpoint, barMinutes) <= asOfMs) latest = checkpoint;
  }
  return latest;
}
